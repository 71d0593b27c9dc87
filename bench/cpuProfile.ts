// Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, and the share of busy
// time spent in our code, in node_modules and in Node itself.
// Usage on its own: node -r ./bench/register.js bench/cpuProfile.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';
import { table } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CpuSummary {
  wallMs: number;
  busyMs: number; // everything but (idle) and (program)
  byArea: Record<string, number>;
  top: { name: string; where: string; selfMs: number; from: string }[];
}

function area(url: string, name: string): string {
  if (name === '(garbage collector)') return 'garbage collection';
  if (url.includes('workflow-bundle-')) return 'workflow bundle (our workflows, their libraries, the SDK)';
  if (url.includes('/node_modules/')) return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)![1]!;
  if (url.startsWith('node:') || (url === '' && name !== '')) return 'node internals';
  return 'our code';
}

/**
 * `fromUs` leaves out samples before that instant of the monotonic clock (process.hrtime, in µs), which V8's
 * profile timestamps share: start-up, bundling and warm-up, when only the load is of interest.
 */
export function summariseCpuProfile(file: string, top = 15, fromUs = 0): CpuSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= fromUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const short = (url: string) =>
    url
      .replace(/^.*\/(node_modules\/)/, '$1')
      .replace(/^file:\/\/.*?\/(dist|bench)\//, '$1/')
      .replace(/^.*(workflow-bundle)-\w+\.js/, '$1');
  /** The nearest caller outside Node itself: whose code asked for the work. */
  const caller = (id: number) => {
    for (let parent = parents.get(id); parent !== undefined; parent = parents.get(parent)) {
      const { functionName, url, lineNumber } = nodes.get(parent)!.callFrame;
      if (url && !url.startsWith('node:'))
        return `${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}`;
    }
    return '';
  };
  const byFunction = new Map<
    string,
    { name: string; where: string; selfMs: number; callers: Map<string, number> }
  >();
  const byArea: Record<string, number> = {};
  let busyMs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const name = (functionName || '(anonymous)').slice(0, 60);
    const where = url ? `${short(url)}:${lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { name, where, selfMs: 0, callers: new Map() };
    entry.selfMs += us / 1000;
    const from = caller(id);
    entry.callers.set(from, (entry.callers.get(from) ?? 0) + us / 1000);
    byFunction.set(key, entry);
    const group = area(url, functionName);
    byArea[group] = (byArea[group] ?? 0) + us / 1000;
    busyMs += us / 1000;
  }
  return {
    wallMs: (profile.endTime - Math.max(profile.startTime, fromUs)) / 1000,
    busyMs,
    byArea,
    top: [...byFunction.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map(({ name, where, selfMs, callers }) => {
        const [from, ms] = [...callers].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
        return {
          name,
          where,
          selfMs,
          from: from ? `${from.slice(0, 90)} (${((ms / selfMs) * 100).toFixed(0)} %)` : '',
        };
      }),
  };
}

export function printCpuSummary(summary: CpuSummary): string {
  const percent = (value: number) => `${((value / summary.busyMs) * 100).toFixed(1)} %`;
  const areas = Object.entries(summary.byArea)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  return [
    `profiled ${(summary.wallMs / 1000).toFixed(0)} s, busy ${(summary.busyMs / 1000).toFixed(1)} s of CPU on this thread`,
    table([
      ['self time by area', 'ms', 'share'],
      ...areas.map(([name, value]) => [name, value.toFixed(0), percent(value)]),
    ]),
    table([
      ['top functions by self time', 'ms', 'share', 'where', 'mostly called from (outside Node)'],
      ...summary.top.map((entry) => [
        entry.name,
        entry.selfMs.toFixed(0),
        percent(entry.selfMs),
        entry.where,
        entry.from,
      ]),
    ]),
  ].join('\n\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/cpuProfile.ts <file.cpuprofile> [top]');
  process.stdout.write(`${printCpuSummary(summariseCpuProfile(file, Number(top ?? 15)))}\n`);
}
