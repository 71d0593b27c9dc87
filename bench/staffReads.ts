// The staff console's reads over real HTTP, as a signed-in staff member makes them, each timed on its own: the
// queue counts, each queue's list a page of 200 at a time (paging through it), the list filtered by words, and
// search (its first page and the next). The kinds take turns, so that a slow spell of the machine hits all alike.
import { performance } from 'node:perf_hooks';
import { ticketQueues } from '../db/ticketQueues';
import { QUERIES } from './deskText';

export interface ReadKind {
  name: string;
  /** The k-th request's path and query string. */
  path(k: number): string;
}

export interface ReadTimings {
  kind: string;
  ms: number[];
  failures: string[]; // "<status> <path>" of answers other than 200
}

const PAGE = 200; // what the console asks for (console/pages/queues.js)

type Get = (path: string) => Promise<{ status: number; body: unknown }>;

export function staffApi(apiUrl: string, token: string): Get {
  return async (path) => {
    const response = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.json() };
  };
}

const encoded = (q: string) => encodeURIComponent(q);

/** The kinds of read, sized by what the desk holds now (untimed look-ups: the counts, the search cursors). */
export async function consoleReads(get: Get): Promise<ReadKind[]> {
  const { body } = await get('/api/queues');
  const counts = (body as { counts: Record<string, number> }).counts;
  const pageOf = (held: number, k: number) => (k * PAGE) % Math.max(PAGE, Math.ceil(held / PAGE) * PAGE);
  const cursors: { q: string; cursor: string }[] = [];
  for (const q of QUERIES) {
    const first = (await get(`/api/search?q=${encoded(q)}`)).body as { nextCursor?: string | null };
    if (first.nextCursor) cursors.push({ q, cursor: first.nextCursor });
  }
  const nth = <T>(items: T[], k: number) => items[k % items.length]!;
  return [
    { name: 'GET /api/queues (counts)', path: () => '/api/queues' },
    {
      name: `GET /api/tickets?limit=${PAGE} (all, paging)`,
      path: (k) => `/api/tickets?limit=${PAGE}&offset=${pageOf(counts.all ?? 0, k)}`,
    },
    ...ticketQueues.map((queue) => ({
      name: `GET /api/tickets?queue=${queue} (${counts[queue] ?? 0} held, paging)`,
      path: (k: number) =>
        `/api/tickets?queue=${queue}&limit=${PAGE}&offset=${pageOf(counts[queue] ?? 0, k)}`,
    })),
    {
      name: `GET /api/tickets?q=… (${QUERIES.length} queries, limit ${PAGE})`,
      path: (k) => `/api/tickets?q=${encoded(nth(QUERIES, k))}&limit=${PAGE}`,
    },
    {
      name: `GET /api/search?q=… (${QUERIES.length} queries, first page)`,
      path: (k) => `/api/search?q=${encoded(nth(QUERIES, k))}`,
    },
    ...(cursors.length
      ? [
          {
            name: `GET /api/search?q=…&cursor=… (${cursors.length} queries, next page)`,
            path: (k: number) => {
              const { q, cursor } = nth(cursors, k);
              return `/api/search?q=${encoded(q)}&cursor=${encoded(cursor)}`;
            },
          },
        ]
      : []),
  ];
}

/** `requests` of each kind, one at a time, the kinds in turn. */
export async function timeReads(get: Get, kinds: ReadKind[], requests: number): Promise<ReadTimings[]> {
  const timings = kinds.map((kind) => ({ kind: kind.name, ms: [] as number[], failures: [] as string[] }));
  for (let k = 0; k < requests; k++) {
    for (const [i, kind] of kinds.entries()) {
      const path = kind.path(k);
      const started = performance.now();
      const { status } = await get(path);
      timings[i]!.ms.push(performance.now() - started);
      if (status !== 200) timings[i]!.failures.push(`${status} ${path}`);
    }
  }
  return timings;
}
