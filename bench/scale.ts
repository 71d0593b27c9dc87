// `npm run bench:scale`: memory and scale with many open tickets (issue 12, part 3). On a fresh Temporal server
// (the PostgreSQL-backed cluster by default) and a fresh database it runs our system as two child processes, the
// worker alone (PROCESS_ROLES=worker) so that its memory is its own, and the API with the SMTP intake; seeds N
// tickets through the real SMTP intake (each from its own client, with a request of its own) until every receipt
// has reached the sink; then prints the worker's resident memory, the console's reads and search over HTTP
// (p50/p95/p99), and what a kill -9 and restart of the worker costs until every ticket's workflow answers again.
//   npm run bench:scale                                   (10,000 tickets on the cluster: the issue's figures)
//   npm run bench:scale -- --server dev --count 300       (a quick look)
//   npm run bench:scale -- --count 1000 --concurrency 8 --requests 200 --query-concurrency 16 --cache 500
//   npm run bench:scale -- --count 1000 --worker-env "MALLOC_ARENA_MAX=2" --worker-node-args "--max-semi-space-size=4"
// The tickets stay open and untouched: their acknowledgement and emergency timers are set days away, so that
// no escalation fires during the run, whatever the time of day. Prints figures, asserts nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { createPool, type Database } from '../db/pool';
import { addStaffMember } from '../db/staff';
import { createDatabaseIfMissing } from '../platform/database';
import { projectRoot } from '../platform/paths';
import { freePort } from '../test/support/freePort';
import type { WorkerSettings } from '../workers/workerSettings';
import { startDeskProcess } from './deskProcess';
import { requestLetter } from './deskText';
import { settle, type NodeProcess } from './nodeProcess';
import { mulberry32 } from './random';
import { awaitReceipts, startReceiptSink } from './receiptSink';
import { sendLoad } from './smtpLoad';
import { consoleReads, staffApi, timeReads } from './staffReads';
import { fixed, quantile, table } from './stats';
import { dropDatabases, startBenchServer, type ServerKind } from './temporalServers';
import { restartWorker } from './workerRestart';

interface Options {
  server: ServerKind;
  count: number; // tickets to seed
  concurrency: number; // SMTP senders at once while seeding
  requests: number; // timed HTTP requests of each kind
  queryConcurrency: number; // queries in flight at once after the restart
  cachedWorkflows?: number; // WORKER_CACHED_WORKFLOWS; unset: the configuration's default
  workerNodeArgs: string[]; // e.g. --max-old-space-size=256, to try a V8 setting on the worker
  workerEnv: Record<string, string>; // e.g. MALLOC_ARENA_MAX=2, to try a setting of the C library on the worker
  build: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const server = value('--server') ?? 'cluster';
  if (server !== 'dev' && server !== 'cluster') throw new Error('--server must be dev or cluster');
  const cache = value('--cache');
  return {
    server,
    count: Number(value('--count') ?? 10_000),
    concurrency: Number(value('--concurrency') ?? 8),
    requests: Number(value('--requests') ?? 200),
    queryConcurrency: Number(value('--query-concurrency') ?? 16),
    cachedWorkflows: cache === undefined ? undefined : Number(cache),
    workerNodeArgs: (value('--worker-node-args') ?? '').split(' ').filter(Boolean),
    workerEnv: Object.fromEntries(
      (value('--worker-env') ?? '')
        .split(' ')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
    build: !argv.includes('--no-build'),
  };
}

/** Timers of an untouched ticket, days of working time away, so that none fires while the bench runs. */
const quietPolicy = { ACK_WORKING_MINUTES: String(100 * 60), EMERGENCY_TAKE_MINUTES: String(24 * 60) };

/** The worker options the process logged as in effect at its start (workers/workerSettings.ts). */
function workerSettingsFrom(logFile: string): WorkerSettings | undefined {
  const line = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((text) => text.includes('"worker started"'))
    .at(-1);
  return line ? (JSON.parse(line) as { worker: WorkerSettings }).worker : undefined;
}

interface HeapReport {
  thread: string;
  heapTotalMb: number;
  heapUsedMb: number;
}

/** Each thread's latest V8 heap, as bench/memoryReport.js wrote it to the log. */
function heapsFrom(logFile: string): HeapReport[] {
  const latest = new Map<string, HeapReport>();
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{"memoryReport"')) continue;
    const report = (JSON.parse(line) as { memoryReport: HeapReport }).memoryReport;
    latest.set(report.thread, report);
  }
  return [...latest.values()];
}

/** A moment's row: RSS, peak, and the heaps of the main thread and of the workflow threads (used/total). */
function memoryRow(moment: string, process: NodeProcess): string[] {
  const { rssMb, peakMb } = process.memory();
  const heaps = heapsFrom(process.logFile);
  const heap = (reports: HeapReport[]) =>
    reports.length
      ? `${fixed(
          reports.reduce((sum, r) => sum + r.heapUsedMb, 0),
          0,
        )}/${fixed(
          reports.reduce((sum, r) => sum + r.heapTotalMb, 0),
          0,
        )}`
      : '—';
  return [
    moment,
    fixed(rssMb, 0),
    fixed(peakMb, 0),
    heap(heaps.filter((r) => r.thread === 'main')),
    heap(heaps.filter((r) => r.thread !== 'main')),
  ];
}

interface MemorySample {
  receipts: number;
  rssMb: number;
}

/** Sends the requests and waits for every receipt, noting the worker's memory every 2 s on the way. */
async function seed(
  options: Options,
  smtpPort: number,
  sink: Awaited<ReturnType<typeof startReceiptSink>>,
  worker: NodeProcess,
  log: (text: string) => void,
) {
  const samples: MemorySample[] = [];
  let lastLog = 0;
  const sample = setInterval(() => {
    const receipts = sink.firstReceipts().size;
    samples.push({ receipts, rssMb: worker.rssMb() });
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      log(`${receipts} receipts, worker RSS ${fixed(worker.rssMb(), 0)} MB`);
    }
  }, 2000);
  const started = performance.now();
  try {
    const sent = await sendLoad(
      smtpPort,
      { kind: 'burst', concurrency: options.concurrency, count: options.count },
      'scale',
      { letter: (i) => requestLetter(mulberry32(1000 + i), i), retryTemporaryAfterMs: 2000 },
    );
    const sentIn = performance.now() - started;
    const accepted = sent.filter((mail) => mail.accepted !== undefined);
    await awaitReceipts(
      sink,
      accepted.map((mail) => mail.client),
      120_000,
    );
    const receipts = sink.firstReceipts();
    const arrivals = accepted.map((mail) => receipts.get(mail.client)).filter((at) => at !== undefined);
    const lastReceipt = Math.max(...arrivals);
    return {
      sent: sent.length,
      accepted: accepted.length,
      attempts: sent.reduce((sum, mail) => sum + mail.attempts, 0),
      refused: sent.filter((mail) => mail.accepted === undefined).map((mail) => mail.client),
      receipts: arrivals.length,
      sentS: sentIn / 1000,
      allReceiptsS: (lastReceipt - started) / 1000,
      samples,
    };
  } finally {
    clearInterval(sample);
  }
}

async function ticketsOf(db: Database): Promise<{ number: string; workflowId: string }[]> {
  const result = await db.query<{ number: string; workflow_id: string }>(
    'SELECT number, workflow_id FROM tickets ORDER BY id',
  );
  return result.rows.map((row) => ({ number: row.number, workflowId: row.workflow_id }));
}

async function statuses(db: Database): Promise<string> {
  const result = await db.query<{ status: string; count: number }>(
    'SELECT status, count(*)::int AS count FROM tickets GROUP BY status ORDER BY count DESC',
  );
  return result.rows.map((row) => `${row.status} ${row.count}`).join(', ');
}

const msRow = (name: string, ms: number[], extra: string[] = []) => [
  name,
  String(ms.length),
  ...[0.5, 0.95, 0.99, 1].map((q) => fixed(quantile(ms, q), 1)),
  ...extra,
];

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const print = (text: string) => process.stdout.write(`${text}\n`);
  const log = (text: string) => print(`[${options.server}] ${text}`);
  print(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (options.build)
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });

  const run = `bench_scale_${process.pid}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'triceps-scale-'));
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${run}_app` }).toString();
  const server = await startBenchServer(options.server, dir, serverUrl, run);
  log(`Temporal ${options.server} server at ${server.address}; logs in ${dir}`);
  const sink = await startReceiptSink();
  const processes: NodeProcess[] = [];
  const db = createPool(databaseUrl, 2);
  const connection = await Connection.connect({ address: server.address });
  try {
    await createDatabaseIfMissing(databaseUrl);
    const desk = { dir, databaseUrl, temporalAddress: server.address, relayUrl: sink.url };
    const workerEnv = {
      ...quietPolicy,
      PROCESS_ROLES: 'worker',
      ...options.workerEnv,
      ...(options.cachedWorkflows === undefined
        ? {}
        : { WORKER_CACHED_WORKFLOWS: String(options.cachedWorkflows) }),
    };
    const startWorker = (name: string) =>
      startDeskProcess({
        ...desk,
        name,
        env: workerEnv,
        nodeArgs: ['-r', './bench/memoryReport.js', ...options.workerNodeArgs],
      });
    let worker = await startWorker('worker');
    processes.push(worker);
    const [smtpPort, apiPort] = [await freePort(), await freePort()];
    const front = await startDeskProcess({
      ...desk,
      name: 'api-intake',
      env: {
        ...quietPolicy,
        PROCESS_ROLES: 'api,intake',
        PORT: String(apiPort),
        SMTP_PORT: String(smtpPort),
        SEARCHES_PER_MINUTE: '1000000', // one token makes every timed search
      },
    });
    processes.push(front);
    const settings = workerSettingsFrom(worker.logFile);
    print(
      `\nworker options in effect (PROCESS_ROLES=worker, ${options.cachedWorkflows === undefined ? 'WORKER_CACHED_WORKFLOWS by default' : `WORKER_CACHED_WORKFLOWS=${options.cachedWorkflows}`}):\n` +
        table(Object.entries(settings ?? {}).map(([name, value]) => [name, String(value)])),
    );

    log(`seeding ${options.count} tickets over SMTP, ${options.concurrency} senders at once`);
    const seeded = await seed(options, smtpPort, sink, worker, log);
    const memory = [memoryRow('after seeding (the last receipt)', worker)];
    const settleStarted = performance.now();
    await settle(worker.pid, 300_000);
    await new Promise((resolve) => setTimeout(resolve, 5000)); // a heap report from after the settling
    memory.push(memoryRow(`settled (${fixed((performance.now() - settleStarted) / 1000, 0)} s)`, worker));
    const frontMemory = memoryRow('(the api,intake process, settled)', front);
    const tickets = await ticketsOf(db);
    print(
      `\n== Seeding ${options.count} tickets through the SMTP intake (${options.concurrency} senders) ==\n` +
        `${seeded.accepted} of ${seeded.sent} accepted (${seeded.attempts - seeded.sent} sent again after a 4xx, ` +
        `${seeded.refused.length} never accepted); ${seeded.receipts} receipts at the sink; ${tickets.length} tickets in the database\n` +
        `all sent in ${fixed(seeded.sentS, 1)} s (${fixed(seeded.accepted / seeded.sentS, 1)} mails/s); ` +
        `every receipt out after ${fixed(seeded.allReceiptsS, 1)} s: ${fixed(seeded.receipts / seeded.allReceiptsS, 1)} tickets/s seeded\n` +
        `tickets by status: ${await statuses(db)}`,
    );
    const byTenth = Array.from({ length: 10 }, (_, i) => {
      const reached = seeded.samples.find((s) => s.receipts >= ((i + 1) * seeded.receipts) / 10);
      return reached ? `${reached.receipts}: ${fixed(reached.rssMb, 0)}` : '';
    }).filter(Boolean);
    print(`worker RSS (MB) as the receipts came (receipts: MB): ${byTenth.join(', ')}`);

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const { token } = await addStaffMember(db, {
      email: 'lead@bench.example',
      name: 'Bench Lead',
      role: 'lead',
      skills: [],
    });
    const get = staffApi(apiUrl, token);
    log(`timing the console's reads over HTTP: ${options.requests} of each kind`);
    const kinds = await consoleReads(get);
    const reads = await timeReads(get, kinds, options.requests);
    print(
      `\n== Staff reads over HTTP with ${tickets.length} tickets (ms, one request at a time) ==\n` +
        table([
          ['request', 'n', 'p50', 'p95', 'p99', 'max', 'not 200'],
          ...reads.map((r) => msRow(r.kind, r.ms, [String(r.failures.length)])),
        ]),
    );
    for (const r of reads.filter((r) => r.failures.length)) print(`${r.kind}: ${r.failures[0]}`);

    log(`kill -9 the worker (pid ${worker.pid}), start it again, ask every ticket's workflow for its view`);
    memory.push(memoryRow('after the reads, before the kill', worker));
    const restart = await restartWorker({
      worker,
      start: () => startWorker('worker-restarted'),
      temporal: new Client({ connection }),
      workflowIds: tickets.map((t) => t.workflowId),
      concurrency: options.queryConcurrency,
      action: async (number) => {
        const response = await fetch(`${apiUrl}/api/tickets/${number}/comment`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'Checked after the worker restart.' }),
        });
        const answer = await response.text();
        return { status: response.status, detail: response.ok ? undefined : `${number}: ${answer}` };
      },
      actionSample: tickets
        .filter((_, i) => i % Math.max(1, Math.floor(tickets.length / 20)) === 0)
        .map((t) => t.number),
      giveUpAfterMs: 600_000,
    });
    processes[0] = worker = restart.worker;
    const refusedAction = restart.actions.find((a) => a.detail);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    memory.push(memoryRow('the new worker, every workflow answered', worker));
    print(
      `\n== Worker restart (kill -9, then a new process) with ${tickets.length} open tickets ==\n` +
        `from the kill: the new worker running after ${fixed(restart.readyS, 1)} s; the first workflow answered its ` +
        `query after ${fixed(restart.firstS, 1)} s; all ${restart.served} after ${fixed(restart.allS, 1)} s ` +
        `(${options.queryConcurrency} queries in flight; ${restart.retries} asked again after an error)` +
        (refusedAction ? `\na staff comment refused: ${refusedAction.status} ${refusedAction.detail}` : '') +
        (restart.notServed.length
          ? `\nNOT served within ${600} s: ${restart.notServed.length}, e.g. ${restart.notServed[0]}`
          : '') +
        '\n' +
        table([
          ['round trip (ms)', 'n', 'p50', 'p95', 'p99', 'max', 'statuses'],
          msRow('ticketView query, each alone', restart.queryMs),
          msRow(
            'staff comment through the API (Update) during the sweep',
            restart.actions.map((a) => a.ms),
            [[...new Set(restart.actions.map((a) => a.status))].join(' ')],
          ),
        ]),
    );

    print(
      `\n== Worker resident memory (MB; target under 400 with 10,000 open tickets) ==\n` +
        table([
          ['moment', 'RSS', 'peak (VmHWM)', 'main heap used/total', 'workflow thread heap'],
          ...memory,
          frontMemory,
        ]),
    );
    print(
      `\nload average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    for (const process of processes) await process.stop();
    await connection.close();
    await db.end();
    await sink.close();
    await server.stop();
    await dropDatabases(serverUrl, [`${run}_app`]);
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  },
);
