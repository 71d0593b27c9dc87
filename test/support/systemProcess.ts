// Our system as a real child process (node dist/bin/start.js with an environment), as production runs it:
// for the cluster tests, which start several of them by role and kill one the hard way.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../platform/paths';
import { memoryEnv, memoryNodeArgs } from '../../platform/processMemory';
import { stopChild } from '../../platform/temporalServer';

export interface SystemProcess {
  name: string;
  /** The node process itself (the child is bin/with-parent.sh around it). */
  pid: number;
  output(): string;
  /** SIGKILL to the node process: no drain, no clean-up, as a crash or an OOM kill. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSystemProcess(
  name: string,
  env: Record<string, string>,
  startTimeoutMs = 60_000, // more when it starts its own PostgreSQL and Temporal
): Promise<SystemProcess> {
  const start = path.join(projectRoot, 'dist', 'bin', 'start.js');
  const watchdog = path.join(projectRoot, 'bin', 'with-parent.sh');
  const command = [watchdog, String(process.pid), process.execPath, ...memoryNodeArgs, start];
  const child: ChildProcess = spawn('bash', command, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...memoryEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const deadline = Date.now() + startTimeoutMs;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${name} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = Number(
    readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0],
  );
  return {
    name,
    pid,
    output: () => output,
    kill: async () => {
      process.kill(pid, 'SIGKILL');
      await new Promise<void>((resolve) =>
        child.exitCode === null ? child.once('exit', () => resolve()) : resolve(),
      );
    },
    stop: () => stopChild(child),
  };
}
