// The PostgreSQL server the integration suites create their databases on: TEST_DATABASE_URL, else
// the local server on the default port, else (a fresh machine) an embedded PostgreSQL for this run,
// started as `npm start` starts its own.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { loadConfig } from '../../platform/config';
import { canConnect, openDatabase } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { freePort } from './freePort';

export const defaultTestDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

const answers = (url: string) => canConnect(url, 3000);

/** Returns the server's URL and how to stop it; stopping a server we did not start does nothing. */
export async function testDatabaseServer(
  configured: string | undefined,
  defaultUrl = defaultTestDatabaseUrl,
): Promise<{ url: string; embedded: boolean; stop(): Promise<void> }> {
  if (configured) {
    if (!(await answers(configured))) {
      const shown = configured.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
      throw new Error(`TEST_DATABASE_URL=${shown} does not answer: start that server, or unset the variable`);
    }
    return { url: configured, embedded: false, stop: async () => undefined };
  }
  if (await answers(defaultUrl)) return { url: defaultUrl, embedded: false, stop: async () => undefined };

  const dataDir = await mkdtemp(path.join(tmpdir(), 'triceps-test-postgres-'));
  await chmod(dataDir, 0o755); // PostgreSQL runs as the postgres account when we are root
  const config = loadConfig({ DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()) });
  const database = await openDatabase(config, createLogger('warn', 'pretty'));
  return {
    url: database.url,
    embedded: true,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function withServer<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: process.env.TEST_DATABASE_URL ?? defaultTestDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of the suite's own on that server (TEST_DATABASE_URL), and how to drop it afterwards. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `triceps_test_${randomBytes(6).toString('hex')}`;
  await withServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(process.env.TEST_DATABASE_URL ?? defaultTestDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
