// What another process is doing, seen from outside: for processes this one did not start or can no
// longer wait on, such as a PostgreSQL left running by an earlier run.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

interface ProcessView {
  zombie: boolean;
  parent: number;
  commandLine: string;
}

function view(pid: number): ProcessView | undefined {
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const [state = '', parent = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { zombie: state === 'Z', parent: Number(parent), commandLine };
    } catch {
      return undefined;
    }
  }
  try {
    const line = execFileSync('ps', ['-o', 'stat=', '-o', 'ppid=', '-o', 'command=', '-p', String(pid)], {
      encoding: 'utf8',
    });
    const [, state = '', parent = '', commandLine = ''] = /^(\S+)\s+(\d+)\s+(.*)$/.exec(line.trim()) ?? [];
    return { zombie: state.startsWith('Z'), parent: Number(parent), commandLine };
  } catch {
    return undefined;
  }
}

/** Whether the process exists and has not exited; a zombie waiting to be reaped has exited. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return view(pid)?.zombie === false;
}

/** The command line the process was started with, or undefined when it is not running. */
export function commandLine(pid: number): string | undefined {
  const seen = view(pid);
  return seen && !seen.zombie ? seen.commandLine : undefined;
}

/** The process's parent: init or a subreaper once the process that started it has died. */
export function parentOf(pid: number): number | undefined {
  const seen = view(pid);
  return seen && !seen.zombie ? seen.parent : undefined;
}

/** Resolves once the process has exited, or after timeoutMs with false. */
export async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
