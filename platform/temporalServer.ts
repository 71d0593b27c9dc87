// Runs the Temporal CLI's dev server (SQLite, Web UI) as a child process, and registers our
// search attributes on any cluster, idempotently, at every start.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { ticketSearchAttributes } from '../workflows/searchAttributes';
import { projectRoot } from './paths';

const run = promisify(execFile);

/**
 * The script prints the binary's path on stdout; its stderr goes to our terminal, so that the first run
 * shows the build of the CLI (minutes) and not silence.
 */
export async function locateTemporalBinary(configured?: string): Promise<string> {
  const script = spawn('bash', [path.join(projectRoot, 'bin', 'temporal-install.sh')], {
    env: { ...process.env, TEMPORAL_BINARY: configured ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  script.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    script.once('error', reject);
    script.once('close', resolve);
  });
  if (code !== 0) throw new Error(`bin/temporal-install.sh failed (exit code ${code}); see its output above`);
  return stdout.trim().split('\n').pop() ?? '';
}

export async function temporalVersion(binary: string): Promise<string> {
  const { stdout } = await run(binary, ['--version']);
  return stdout.trim();
}

export interface DevServerOptions {
  binary: string;
  port: number;
  uiPort?: number; // no Web UI when absent
  dbFile?: string; // in memory when absent
  namespace: string;
  dynamicConfig?: Record<string, string | number | boolean>; // e.g. a low continue-as-new threshold in tests
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** What the desk sets on every server it runs, as bin/cluster-install.sh does for the cluster. */
const deskDynamicConfig = {
  // An activity scheduled on the worker's own queue goes straight back to it with the workflow task's answer.
  'system.enableActivityEagerExecution': true,
};

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-level',
    'error',
  ];
  args.push('--namespace', options.namespace);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  for (const [key, value] of Object.entries({ ...deskDynamicConfig, ...options.dynamicConfig })) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  if (options.dbFile) {
    await mkdir(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  const watchdog = path.join(projectRoot, 'bin', 'with-parent.sh');
  const child = spawn('bash', [watchdog, String(process.pid), options.binary, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // However this process ends, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilServing(address, child, () => stderr, 'the Temporal dev server');
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => stopChild(child),
  };
}

export async function waitUntilServing(
  address: string,
  child: ChildProcess,
  stderr: () => string,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${what} exited with code ${child.exitCode}: ${stderr()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${what} did not answer on ${address} within 60 s: ${stderr()}`);
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const indexedValueTypes: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Adds whichever of our search attributes the namespace lacks; a no-op when all are there. */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly ReturnType<typeof defineSearchAttributeKey<SearchAttributeType>>[] = ticketSearchAttributes,
): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = keys.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, indexedValueTypes[key.type]!]));
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  return missing.map((key) => key.name);
}
