// A benchmark's server as a real node child process (ours or the floor), so that it never shares the
// benchmark's event loop: output to a log file, ready when a line appears there, stopped with SIGTERM so that
// a --cpu-prof profile gets written. Its memory and CPU are read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../platform/paths';

export interface NodeProcess {
  pid: number;
  logFile: string;
  /** Resident memory now, in MB (VmRSS). */
  rssMb(): number;
  /** Resident memory now and its peak since the process started, in MB (VmRSS, VmHWM). */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
  /** SIGKILL: no drain, no clean-up, as a crash or an OOM kill would end it. */
  kill(): Promise<void>;
}

/** User and system CPU time the process has used, in seconds. */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100)
}

/** Waits until the process uses under 5 % of a core over 2 s (at most `limitMs`). */
export async function settle(pid: number, limitMs = 120_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const before = processCpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    if (processCpuSeconds(pid) - before < 0.1 || performance.now() > deadline) return;
  }
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
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
    rssMb: () => statusMb(child.pid!, 'VmRSS'),
    memory: () => ({ rssMb: statusMb(child.pid!, 'VmRSS'), peakMb: statusMb(child.pid!, 'VmHWM') }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
