// The system's processes end with it: the embedded PostgreSQL stops when the process that started it
// dies, even by kill -9, and a PostgreSQL left running by an earlier run is stopped by the next start.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { isRunning } from '../../platform/processes';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';

const root = path.resolve(__dirname, '..', '..');
let dataDir: string;
let port: number;
const started = new Set<ChildProcess>();

/** Opens the database in a child process, as `npm start` does; resolves once it is ready. */
async function startDatabaseProcess(mode: 'watched' | 'unwatched' = 'watched'): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      path.join(root, 'bench', 'register.js'),
      path.join(root, 'test', 'support', 'databaseProcess.ts'),
      mode,
    ],
    {
      env: { ...process.env, DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  started.add(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the database process exited with code ${code}`)));
  });
  return child;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function stopCleanly(child: ChildProcess): Promise<void> {
  const exit = exitOf(child);
  child.kill('SIGTERM');
  expect(await exit).toBe(0);
}

async function killHard(child: ChildProcess): Promise<void> {
  const exit = exitOf(child);
  child.kill('SIGKILL');
  await exit;
}

function postmaster(): number {
  return Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Every PostgreSQL process serving the test's data directory, as `ps` lists them. */
function postgresProcesses(): string[] {
  return execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(path.join(dataDir, 'postgres')) && !/^\s*\d+\s+Z/.test(line));
}

async function answers(): Promise<boolean> {
  const client = new Client({
    connectionString: `postgres://postgres:triceps-local@127.0.0.1:${port}/triceps`,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'triceps-processes-'));
  await chmod(dataDir, 0o755); // PostgreSQL runs as the postgres account when we are root
  port = await freePort();
  // The first start initialises the data directory; a clean stop then leaves nothing running.
  await stopCleanly(await startDatabaseProcess());
  expect(postgresProcesses()).toEqual([]);
});

afterEach(() => {
  for (const child of started) child.kill('SIGKILL'); // those a failed test left running
  started.clear();
});

afterAll(async () => {
  for (const line of postgresProcesses()) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGINT');
  await eventually(async () => expect(postgresProcesses()).toEqual([]));
  await rm(dataDir, { recursive: true, force: true });
});

test('the embedded PostgreSQL stops when the process that started it is killed with SIGKILL', async () => {
  const system = await startDatabaseProcess();
  const pid = postmaster();
  expect(isRunning(pid)).toBe(true);

  await killHard(system);

  await eventually(async () => expect(postgresProcesses()).toEqual([]));
  expect(await answers()).toBe(false);
});

test('a start stops the PostgreSQL a killed earlier run left behind, and its clean stop leaves none', async () => {
  const earlier = await startDatabaseProcess('unwatched');
  const orphan = postmaster();
  await killHard(earlier);
  expect(isRunning(orphan)).toBe(true);

  const next = await startDatabaseProcess();
  expect(isRunning(orphan)).toBe(false);
  expect(await answers()).toBe(true);
  await stopCleanly(next);

  expect(postgresProcesses()).toEqual([]);
});

test('a second command uses the running PostgreSQL and leaves it running for the first', async () => {
  const system = await startDatabaseProcess();
  const pid = postmaster();

  await stopCleanly(await startDatabaseProcess()); // e.g. `npm run staff` while `npm start` runs

  expect(isRunning(pid)).toBe(true);
  expect(await answers()).toBe(true);
  await stopCleanly(system);
  expect(postgresProcesses()).toEqual([]);
});
