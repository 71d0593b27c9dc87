// A real Temporal cluster on PostgreSQL run as child processes: bin/cluster-install.sh builds the server and
// prepares its databases and config; this starts the server (and its Web UI when built) and readies our namespace.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { ticketSearchAttributes } from '../workflows/searchAttributes';
import { projectRoot } from './paths';
import { registerSearchAttributes, stopChild, waitUntilServing } from './temporalServer';

/** What bin/cluster-install.sh prepared: its last line on stdout. */
export interface ClusterInstall {
  server: string;
  sqlTool: string;
  uiServer: string; // '' when the Web UI server did not build
  configDir: string;
  address: string;
  uiUrl: string;
}

/**
 * Runs bin/cluster-install.sh with `env` (database names, ports: see the script). Its progress goes to
 * `progress`, our stderr by default.
 */
export async function installCluster(
  env: NodeJS.ProcessEnv = process.env,
  progress: (text: string) => void = (text) => process.stderr.write(text),
): Promise<ClusterInstall> {
  const script = spawn('bash', [path.join(projectRoot, 'bin', 'cluster-install.sh')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  script.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  script.stderr.on('data', (chunk: Buffer) => progress(chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    script.once('error', reject);
    script.once('close', resolve);
  });
  if (code !== 0) throw new Error(`bin/cluster-install.sh failed (exit code ${code}); see its output`);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as ClusterInstall;
}

export interface RunningCluster {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * Starts the server (logs in <configDir>/server.log) and the Web UI server when there is one. Each runs in its
 * own process group, so that Ctrl-C reaches only us and we stop them after our processes have drained; and
 * under bin/with-parent.sh, so that they die with us however we die.
 */
export async function startCluster(install: ClusterInstall): Promise<RunningCluster> {
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
  };
  try {
    // Without an authorizer, deliberately: every service listens on loopback only.
    const serverArgs = ['--root', install.configDir, '--config', 'server', '--allow-no-auth'];
    const server = startChild(install.server, serverArgs, install);
    children.push(server.child);
    await waitUntilServing(install.address, server.child, server.logTail, 'the Temporal server');
    if (install.uiServer) {
      const ui = startChild(install.uiServer, ['--root', install.configDir, '--config', 'ui'], install);
      children.push(ui.child);
      await waitForHttp(install.uiUrl, ui.child);
    }
    return { address: install.address, uiUrl: install.uiServer ? install.uiUrl : undefined, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startChild(binary: string, args: string[], install: ClusterInstall) {
  const logFile = path.join(install.configDir, `${path.basename(binary)}.log`);
  const log = openSync(logFile, 'a');
  const watchdog = path.join(projectRoot, 'bin', 'with-parent.sh');
  const child = spawn('bash', [watchdog, String(process.pid), binary, ...args, '--env', 'cluster', 'start'], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const logTail = () => `${readFileSync(logFile, 'utf8').slice(-3000)}\n(the whole log: ${logFile})`;
  return { child, logTail };
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the Temporal Web UI server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the Temporal Web UI server did not answer on ${url} within 30 s`);
}

const ALREADY_EXISTS = 6; // the gRPC status code

/**
 * Registers the namespace (a no-op when it exists) and our search attributes, then waits until the frontend
 * accepts queries on every one of them, as starting a ticket's workflow needs.
 */
export async function prepareNamespace(
  address: string,
  namespace: string,
  retentionDays = 30,
): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await eventually(async () => {
      try {
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
        });
      } catch (error) {
        if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
      }
    });
    await eventually(() => connection.workflowService.describeNamespace({ namespace }));
    await eventually(() => registerSearchAttributes(connection, namespace));
    const query = ticketSearchAttributes
      .map(
        (key) =>
          `${key.name} = '${key.type === SearchAttributeType.DATETIME ? '2000-01-01T00:00:00Z' : '-'}'`,
      )
      .join(' AND ');
    await eventually(() => connection.workflowService.countWorkflowExecutions({ namespace, query }));
  } finally {
    await connection.close();
  }
}

async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** A frontend port whose neighbours (the other services and the membership ports) are all free too. */
export async function clusterPort(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000); // the server stores ports as smallint
    const taken = [0, 1, 2, 6, 10, -300, -299, -298, -294].map((offset) => port + offset);
    if ((await Promise.all(taken.map(free))).every(Boolean)) return port;
  }
}
