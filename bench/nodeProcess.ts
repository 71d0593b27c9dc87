// A benchmark's server as a real node child process (ours or the floor), so that it never shares the
// benchmark's event loop: output to a log file, ready when a line appears there, stopped with SIGTERM so that
// a --cpu-prof profile gets written.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { projectRoot } from '../platform/paths';

export interface NodeProcess {
  pid: number;
  logFile: string;
  /** Resident memory now, in MB (VmRSS). */
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startNodeProcess(
  args: string[],
  env: Record<string, string>,
  logFile: string,
  readyLine: string,
  timeoutMs = 120_000,
): Promise<NodeProcess> {
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const logTail = () => readFileSync(logFile, 'utf8').slice(-4000);
  const deadline = Date.now() + timeoutMs;
  while (!logTail().includes(readyLine)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not start:\n${logTail()}\n(log: ${logFile})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    pid: child.pid!,
    logFile,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
