// `npm run bench:intake`: client mail over SMTP to a running desk, receipts captured at an SMTP sink. For each
// server (the Temporal dev server, the PostgreSQL-backed cluster) it starts fresh: the server, our system
// (node dist/bin/start.js) and the floor pipeline (bench/floor/) as child processes, each with its own database
// and sink; then sends each load to ours and then to the floor, and prints sustained receipts/s, the latency from
// the 250 after DATA to the receipt's arrival at the sink (p50/p95/p99), the 4xx/5xx answers, and our figures
// as ratios of the floor's. With --profile it also reads where a ticket's time before its receipt goes.
//   npm run bench:intake -- --server dev|cluster|both --rate 4 --count 200
//   npm run bench:intake -- --concurrency 8 --count 1000
//   npm run bench:intake -- --server both --plan standard --profile
//   npm run bench:intake -- --server cluster --plan targets     (20 mails/s; a burst of 1,000 from 16 senders)
//   npm run bench:intake -- --target 127.0.0.1:2525 --sink-port 2600 --rate 4   (a desk you started yourself
//     with SMTP_URL=smtp://127.0.0.1:2600; no floor then)
// Prints figures, asserts nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { createDatabaseIfMissing } from '../platform/database';
import { projectRoot } from '../platform/paths';
import { freePort } from '../test/support/freePort';
import { authenticationCost } from './authenticationCost';
import { printCpuSummary, summariseCpuProfile } from './cpuProfile';
import { startDeskProcess } from './deskProcess';
import { processCpuSeconds, settle, startNodeProcess, type NodeProcess } from './nodeProcess';
import { receiptPaths, summariseReceiptPaths } from './receiptPath';
import { awaitReceipts, startReceiptSink, type ReceiptSink } from './receiptSink';
import { describeLoad, sendLoad, type Load } from './smtpLoad';
import { fixed, quantile, table } from './stats';
import { dropDatabases, startBenchServer, type ServerKind } from './temporalServers';

interface Options {
  servers: ServerKind[];
  loads: Load[];
  pipelines: Pipeline['name'][];
  profile: boolean;
  dns: 'system' | 'stub';
  build: boolean;
  json?: string;
  target?: { port: number; sinkPort: number };
}

/** The figures in BENCHMARKS.md: three rates and a burst. */
const standardPlan: Load[] = [
  { kind: 'rate', rate: 1, count: 150 },
  { kind: 'rate', rate: 4, count: 200 },
  { kind: 'rate', rate: 8, count: 300 },
  { kind: 'burst', concurrency: 8, count: 500 },
];

/** The targets: a p99 under 1 s at 20 mails/s, and 1,000 mails accepted within 60 s, receipts within 2 min. */
const targetsPlan: Load[] = [
  { kind: 'rate', rate: 20, count: 600 },
  { kind: 'burst', concurrency: 16, count: 1000 },
];

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const server = value('--server') ?? 'dev';
  if (!['dev', 'cluster', 'both'].includes(server)) throw new Error('--server must be dev, cluster or both');
  const count = Number(value('--count') ?? 200);
  const concurrency = value('--concurrency');
  const loads: Load[] =
    value('--plan') === 'standard'
      ? standardPlan
      : value('--plan') === 'targets'
        ? targetsPlan
        : concurrency
          ? [{ kind: 'burst', concurrency: Number(concurrency), count }]
          : [{ kind: 'rate', rate: Number(value('--rate') ?? 4), count }];
  const target = value('--target');
  return {
    servers: server === 'both' ? ['dev', 'cluster'] : [server as ServerKind],
    loads,
    pipelines: target ? ['ours'] : ((value('--pipelines') ?? 'ours,floor').split(',') as Pipeline['name'][]),
    profile: argv.includes('--profile'),
    dns: value('--dns') === 'stub' ? 'stub' : 'system',
    build: !argv.includes('--no-build'),
    json: value('--json'),
    target: target
      ? { port: Number(target.split(':').pop()), sinkPort: Number(value('--sink-port') ?? 2600) }
      : undefined,
  };
}

interface Pipeline {
  name: 'ours' | 'floor';
  smtpPort: number;
  sink: ReceiptSink;
  process?: NodeProcess;
}

export interface LoadFigures {
  server: string;
  load: string;
  pipeline: string;
  sent: number;
  accepted: number;
  refused: number; // 4xx/5xx answers
  failed: number; // no SMTP answer at all
  receipts: number;
  receiptsPerSecond: number; // steady state: between the 10th and the 90th percentile of arrivals
  latencyS: { p50: number; p95: number; p99: number }; // 250 after DATA → receipt at the sink
  answerMs: { p50: number; p99: number }; // connection → 250
  allAcceptedS: number; // the first mail's connection → the last 250
  allReceiptsS: number; // the first mail's connection → the last receipt's arrival
  cpuSeconds?: number; // the pipeline's own process
  serverCpuSeconds?: number; // the Temporal server's process, while this load ran
  loadAverage: [number, number]; // the machine's 1-minute load average before and after
  missing: string[]; // clients whose mail was accepted but whose receipt never came
}

/** The Temporal server's process: the one whose command line names our temp dir (its SQLite file or config). */
function temporalServerPid(dir: string): number | undefined {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (/temporal/.test(path.basename(args[0] ?? '')) && args.some((arg) => arg.includes(dir)))
        return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

async function measure(
  server: string,
  pipeline: Pipeline,
  load: Load,
  label: string,
  serverPid?: number,
): Promise<LoadFigures> {
  const loadBefore = os.loadavg()[0]!;
  const cpuBefore = pipeline.process ? processCpuSeconds(pipeline.process.pid) : 0;
  const serverCpuBefore = serverPid ? processCpuSeconds(serverPid) : 0;
  const sent = await sendLoad(pipeline.smtpPort, load, label);
  const accepted = sent.filter((mail) => mail.accepted !== undefined);
  await awaitReceipts(
    pipeline.sink,
    accepted.map((mail) => mail.client),
  ); // or none came for a minute
  const receipts = pipeline.sink.firstReceipts();
  const arrivals = accepted
    .map((mail) => receipts.get(mail.client))
    .filter((at): at is number => at !== undefined)
    .sort((a, b) => a - b);
  const latencies = accepted
    .filter((mail) => receipts.has(mail.client))
    .map((mail) => (receipts.get(mail.client)! - mail.accepted!) / 1000);
  const firstStarted = Math.min(...sent.map((mail) => mail.started));
  const [from, to] = [quantile(arrivals, 0.1), quantile(arrivals, 0.9)];
  const inWindow = arrivals.filter((at) => at >= from && at <= to).length;
  return {
    server,
    load: describeLoad(load),
    pipeline: pipeline.name,
    sent: sent.length,
    accepted: accepted.length,
    refused: sent.filter((mail) => mail.refusal !== undefined).length,
    failed: sent.filter((mail) => mail.error !== undefined).length,
    receipts: arrivals.length,
    receiptsPerSecond: to > from ? ((inWindow - 1) * 1000) / (to - from) : NaN,
    latencyS: {
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
    },
    answerMs: {
      p50: quantile(
        accepted.map((mail) => mail.accepted! - mail.started),
        0.5,
      ),
      p99: quantile(
        accepted.map((mail) => mail.accepted! - mail.started),
        0.99,
      ),
    },
    allAcceptedS: (Math.max(...accepted.map((mail) => mail.accepted!)) - firstStarted) / 1000,
    allReceiptsS: ((arrivals.at(-1) ?? NaN) - firstStarted) / 1000,
    cpuSeconds: pipeline.process ? processCpuSeconds(pipeline.process.pid) - cpuBefore : undefined,
    serverCpuSeconds: serverPid ? processCpuSeconds(serverPid) - serverCpuBefore : undefined,
    loadAverage: [loadBefore, os.loadavg()[0]!],
    missing: accepted.filter((mail) => !receipts.has(mail.client)).map((mail) => mail.client),
  };
}

function printFigures(figures: LoadFigures[]): string {
  const rows = [
    [
      'load',
      'pipeline',
      'sent',
      '250',
      '4xx/5xx',
      'receipts',
      'receipts/s',
      'p50 s',
      'p95 s',
      'p99 s',
      'SMTP answer p50/p99 ms',
      'all 250 by s',
      'all receipts by s',
      'CPU s',
      'server CPU s',
      'load avg',
    ],
  ];
  for (const f of figures) {
    rows.push([
      f.load,
      f.pipeline,
      String(f.sent),
      String(f.accepted),
      String(f.refused) + (f.failed ? ` (+${f.failed} no answer)` : ''),
      String(f.receipts),
      fixed(f.receiptsPerSecond, 2),
      fixed(f.latencyS.p50, 2),
      fixed(f.latencyS.p95, 2),
      fixed(f.latencyS.p99, 2),
      `${fixed(f.answerMs.p50, 0)}/${fixed(f.answerMs.p99, 0)}`,
      fixed(f.allAcceptedS, 1),
      fixed(f.allReceiptsS, 1),
      f.cpuSeconds === undefined ? '' : fixed(f.cpuSeconds, 1),
      f.serverCpuSeconds === undefined ? '' : fixed(f.serverCpuSeconds, 1),
      `${fixed(f.loadAverage[0], 1)}→${fixed(f.loadAverage[1], 1)}`,
    ]);
  }
  const ratios = [['load', 'ours ÷ floor', 'receipts/s', 'p50', 'p95', 'p99']];
  for (const ours of figures.filter((f) => f.pipeline === 'ours')) {
    const floor = figures.find(
      (f) => f.pipeline === 'floor' && f.load === ours.load && f.server === ours.server,
    );
    if (!floor) continue;
    ratios.push([
      ours.load,
      '',
      fixed(ours.receiptsPerSecond / floor.receiptsPerSecond, 2),
      fixed(ours.latencyS.p50 / floor.latencyS.p50, 2),
      fixed(ours.latencyS.p95 / floor.latencyS.p95, 2),
      fixed(ours.latencyS.p99 / floor.latencyS.p99, 2),
    ]);
  }
  return `${table(rows)}\n\n${ratios.length > 1 ? table(ratios) : ''}`;
}

async function workflowIdsOf(databaseUrl: string, pipeline: Pipeline['name'], clients: string[]) {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    const sql =
      pipeline === 'ours'
        ? 'SELECT workflow_id AS id FROM tickets WHERE lower(client_email) = ANY($1)'
        : "SELECT 'floor-' || id AS id FROM floor_mail WHERE lower(mail_from) = ANY($1)";
    return (await db.query<{ id: string }>(sql, [clients])).rows.map((row) => row.id);
  } finally {
    await db.end();
  }
}

/** What our database says of accepted mails that got no receipt: their tickets and letters. */
async function explainMissing(databaseUrl: string, clients: string[]): Promise<string> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT m.mail_from, t.number, t.workflow_id, l.kind, l.sent_at, l.attempts, l.last_error
         FROM unnest($1::text[]) AS m(mail_from)
         LEFT JOIN tickets t ON lower(t.client_email) = m.mail_from
         LEFT JOIN letters l ON l.ticket_id = t.id`,
      [clients],
    );
    return rows.map((row) => JSON.stringify(row)).join('\n');
  } finally {
    await db.end();
  }
}

async function runOnServer(kind: ServerKind, options: Options, serverUrl: URL): Promise<LoadFigures[]> {
  const run = `bench_intake_${process.pid}_${kind}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), `triceps-bench-${kind}-`));
  const urls = {
    ours: Object.assign(new URL(serverUrl), { pathname: `/${run}_app` }).toString(),
    floor: Object.assign(new URL(serverUrl), { pathname: `/${run}_floor` }).toString(),
  };
  const pipelines: Pipeline[] = [];
  const log = (text: string) => process.stdout.write(`[${kind}] ${text}\n`);
  const server = await startBenchServer(kind, dir, serverUrl, run);
  log(`Temporal ${kind} server at ${server.address}`);
  const figures: LoadFigures[] = [];
  let profileFromUs = 0;
  try {
    for (const name of options.pipelines) {
      await createDatabaseIfMissing(urls[name]);
      const sink = await startReceiptSink();
      const smtpPort = await freePort();
      const env = {
        DATABASE_URL: urls[name],
        TEMPORAL_ADDRESS: server.address,
        SMTP_URL: sink.url,
        SMTP_PORT: String(smtpPort),
      };
      const process =
        name === 'ours'
          ? await startDeskProcess({
              dir,
              name: 'ours',
              databaseUrl: env.DATABASE_URL,
              temporalAddress: env.TEMPORAL_ADDRESS,
              relayUrl: env.SMTP_URL,
              env: { SMTP_PORT: env.SMTP_PORT, PORT: String(await freePort()) },
              nodeArgs: [
                ...(options.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(dir, 'profile')] : []),
                ...(options.dns === 'stub' ? ['-r', './bench/dnsStub.js'] : []),
              ],
            })
          : await startNodeProcess(
              ['-r', './bench/register.js', 'bench/floor/main.ts'],
              env,
              path.join(dir, 'floor.log'),
              'floor ready',
            );
      pipelines.push({ name, smtpPort, sink, process });
    }
    log(`started ${pipelines.map((p) => p.name).join(' and ')} (logs in ${dir})`);
    for (const pipeline of pipelines)
      await measure(kind, pipeline, { kind: 'rate', rate: 5, count: 10 }, `warm-${pipeline.name}`);

    const serverPid = temporalServerPid(dir);
    profileFromUs = Number(process.hrtime.bigint() / 1000n); // the loads only, not start-up and warm-up
    let lastLabel = '';
    for (const [i, load] of options.loads.entries()) {
      for (const pipeline of pipelines) {
        lastLabel = `l${i + 1}`;
        const result = await measure(kind, pipeline, load, `${lastLabel}-${pipeline.name}`, serverPid);
        figures.push(result);
        log(
          `${result.load}, ${pipeline.name}: ${fixed(result.receiptsPerSecond, 2)} receipts/s, p50 ${fixed(result.latencyS.p50, 2)} s, p99 ${fixed(result.latencyS.p99, 2)} s, ${result.refused} refused`,
        );
        // A ticket goes on after its receipt (triage, booking): let it finish before the next turn starts.
        if (pipeline.process) await settle(pipeline.process.pid);
      }
    }
    process.stdout.write(`\n== ${kind} server ==\n${printFigures(figures)}\n`);
    for (const result of figures.filter((f) => f.missing.length > 0)) {
      process.stdout.write(
        `\n${result.load}, ${result.pipeline}: accepted, no receipt: ${result.missing.join(', ')}\n`,
      );
      if (result.pipeline === 'ours')
        process.stdout.write(`${await explainMissing(urls.ours, result.missing)}\n`);
    }

    if (options.profile) {
      const count = options.loads.at(-1)!.count;
      const connection = await Connection.connect({ address: server.address });
      const client = new Client({ connection });
      for (const pipeline of pipelines) {
        const clients = Array.from(
          { length: count },
          (_, i) => `client${i + 1}.${lastLabel}-${pipeline.name}@bench.example`,
        );
        const ids = await workflowIdsOf(urls[pipeline.name], pipeline.name, clients);
        const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 40)) === 0);
        const paths = await receiptPaths(
          client,
          sample,
          pipeline.name === 'ours' ? 'deliverLetter' : 'sendReceipt',
        );
        process.stdout.write(
          `\n${pipeline.name}: the path to the receipt under the last load (${describeLoad(options.loads.at(-1)!)}), ${paths.length} workflows\n` +
            `${table(summariseReceiptPaths(paths))}\n` +
            `activities before the receipt (the first): ${paths[0]?.activities.join(' → ')}\n` +
            `${pipeline.name} process resident memory after the run: ${fixed(pipeline.process!.rssMb(), 0)} MB\n`,
        );
      }
      await connection.close();
    }
  } finally {
    for (const pipeline of pipelines) {
      await pipeline.process?.stop();
      await pipeline.sink.close();
    }
    await server.stop();
    await dropDatabases(serverUrl, [`${run}_app`, `${run}_floor`]);
    if (options.profile) {
      const profiles = readdirSync(path.join(dir, 'profile')).filter((file) => file.endsWith('.cpuprofile'));
      for (const file of profiles) {
        // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread; the others run workflows.
        const thread = Number(file.split('.')[4]) === 0 ? 'main thread' : 'workflow thread';
        const summary = summariseCpuProfile(path.join(dir, 'profile', file), 15, profileFromUs);
        process.stdout.write(
          `\nours, CPU profile of the ${thread} during the loads (${kind} server):\n${printCpuSummary(summary)}\n`,
        );
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  process.stdout.write(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  const figures: LoadFigures[] = [];
  if (options.target) {
    const sink = await startReceiptSink(options.target.sinkPort);
    const pipeline: Pipeline = { name: 'ours', smtpPort: options.target.port, sink };
    for (const [i, load] of options.loads.entries())
      figures.push(await measure('running', pipeline, load, `t${Date.now() % 100_000}-${i + 1}`));
    await sink.close();
    process.stdout.write(`\n${printFigures(figures)}\n`);
  } else {
    if (options.build)
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
    for (const kind of options.servers) figures.push(...(await runOnServer(kind, options, serverUrl)));
  }
  if (options.profile) {
    const costs = await authenticationCost();
    process.stdout.write(
      `\nthe SPF/DKIM/DMARC check before 250, in-process on one mail:\n${table([
        ['resolver', 'runs', 'DNS questions', 'median ms', 'p95 ms'],
        ...costs.map((c) => [
          c.resolver,
          String(c.runs),
          String(c.lookups),
          fixed(c.medianMs, 2),
          fixed(c.p95Ms, 2),
        ]),
      ])}\n`,
    );
  }
  if (options.json) writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  },
);
