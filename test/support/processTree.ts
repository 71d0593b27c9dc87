// The processes a process started, and theirs, from /proc: to check that nothing outlives a killed system.
import { readdirSync, readFileSync } from 'node:fs';
import { commandLine } from '../../platform/processes';

export interface Descendant {
  pid: number;
  command: string;
}

/** Every live process below `pid` (children, grandchildren, …), with its command line. */
export function descendants(pid: number): Descendant[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone while we looked
    }
  }
  const found: Descendant[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      const command = commandLine(child);
      if (command !== undefined) found.push({ pid: child, command });
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** Those of the processes that still run (a zombie has exited). */
export function stillRunning(processes: Descendant[]): Descendant[] {
  return processes.filter((seen) => commandLine(seen.pid) === seen.command); // the same pid may name another by now;
}
