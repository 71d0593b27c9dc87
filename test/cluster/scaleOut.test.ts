// Scale-out on a real Temporal cluster on PostgreSQL: two worker processes and two API/intake processes share one
// database; a burst of mail goes to both SMTP listeners while one worker is SIGKILLed, and still every mail makes
// exactly one ticket and one receipt, and staff act on the tickets through either API.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { Client as PgClient } from 'pg';
import { createPool, type Database } from '../../db/pool';
import { addStaffMember } from '../../db/staff';
import { createDatabaseIfMissing } from '../../platform/database';
import {
  clusterPort,
  installCluster,
  prepareNamespace,
  startCluster,
  type RunningCluster,
} from '../../platform/temporalCluster';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { startSystemProcess, type SystemProcess } from '../support/systemProcess';

const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const run = `scale_${process.pid}_${Date.now() % 100_000}`;
const databases = { temporal: `${run}_temporal`, visibility: `${run}_visibility`, app: `${run}_app` };
const appUrl = Object.assign(new URL(serverUrl), { pathname: `/${databases.app}` }).toString();
const MAILS = 60;

const timings: Record<string, number> = {};
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[label] = (Date.now() - started) / 1000;
  }
}

let dir: string;
let cluster: RunningCluster | undefined;
let sink: SmtpSink | undefined;
let db: Database | undefined;
let connection: Connection | undefined;
let workers: SystemProcess[] = [];
let fronts: { process: SystemProcess; apiUrl: string; smtpPort: number }[] = [];
let token: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'triceps-cluster-'));
  let progress = '';
  const install = await timed('install (build when missing, schemas, config)', async () =>
    installCluster(
      {
        ...process.env,
        CLUSTER_DIR: path.join(dir, 'cluster'),
        TEMPORAL_DB: databases.temporal,
        TEMPORAL_VISIBILITY_DB: databases.visibility,
        TEMPORAL_DB_HOST: serverUrl.hostname,
        TEMPORAL_DB_PORT: serverUrl.port || '5432',
        TEMPORAL_DB_USER: decodeURIComponent(serverUrl.username) || 'postgres',
        TEMPORAL_DB_PASSWORD: decodeURIComponent(serverUrl.password),
        TEMPORAL_CLUSTER_PORT: String(await clusterPort()),
        TEMPORAL_UI_SKIP: '1',
      },
      (text) => (progress += text),
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${progress}`);
    }),
  );
  cluster = await timed('server start', () => startCluster(install));
  await timed('namespace and search attributes', () => prepareNamespace(cluster!.address, 'default'));
  connection = await Connection.connect({ address: cluster.address });

  await createDatabaseIfMissing(appUrl);
  db = createPool(appUrl, 2);
  sink = await startSmtpSink();
  const common = {
    DATABASE_URL: appUrl,
    TEMPORAL_ADDRESS: cluster.address,
    SMTP_URL: sink.url,
    SUPPORT_CALENDAR: 'always-open',
    SUPPORT_LEAD_ADDRESS: 'lead@netix.example',
    DATA_DIR: dir,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
  };
  const front = async (name: string) => {
    const [port, smtpPort] = [await freePort(), await freePort()];
    const env = { ...common, PROCESS_ROLES: 'api,intake', PORT: String(port), SMTP_PORT: String(smtpPort) };
    return { process: await startSystemProcess(name, env), apiUrl: `http://127.0.0.1:${port}`, smtpPort };
  };
  await timed('four system processes', async () => {
    [workers, fronts] = await Promise.all([
      Promise.all(
        ['worker-1', 'worker-2'].map((name) =>
          startSystemProcess(name, { ...common, PROCESS_ROLES: 'worker' }),
        ),
      ),
      Promise.all([front('front-1'), front('front-2')]),
    ]);
  });
  ({ token } = await addStaffMember(db, {
    email: 'lead@netix.example',
    name: 'Lead',
    role: 'lead',
    skills: [],
  }));
}, 15 * 60_000);

afterAll(async () => {
  for (const running of [...fronts.map((front) => front.process), ...workers]) await running.stop();
  await connection?.close();
  await cluster?.stop();
  await sink?.close();
  await db?.end();
  const admin = new PgClient({ connectionString: serverUrl.toString() });
  await admin.connect();
  for (const name of Object.values(databases))
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
  process.stdout.write(`scale-out timings (s): ${JSON.stringify(timings)}\n`);
}, 120_000);

const clients = Array.from({ length: MAILS }, (_, i) => `client${i + 1}@scale.example`);
const receiptsTo = (client: string) =>
  sink!.letters.filter((letter) => letter.kind === 'receipt' && letter.to.includes(client));

test(
  'a burst of mail to both listeners, some twice, one worker killed mid-burst: one ticket and one receipt per mail',
  async () => {
    const transports = fronts.map((front) =>
      nodemailer.createTransport({ host: '127.0.0.1', port: front.smtpPort, ignoreTLS: true }),
    );
    // Every fifth mail is also redelivered at once, as a relay retrying after a lost answer would: to the
    // other listener, with the same Message-ID.
    const send = (from: string, i: number) => {
      const mail = {
        from,
        to: 'support@triceps.local',
        subject: `Не работает выгрузка №${i + 1}`,
        text: `Выгрузка ${i + 1} падает с ошибкой.`,
        messageId: `<burst-${i + 1}.${run}@scale.example>`,
      };
      const listeners = i % 5 === 0 ? [0, 1] : [i % 2];
      return Promise.all(listeners.map((listener) => transports[listener]!.sendMail(mail)));
    };
    const killed = workers[0]!;
    const started = Date.now();
    await Promise.all(clients.slice(0, MAILS / 2).map((from, i) => send(from, i)));
    await killed.kill();
    await Promise.all(clients.slice(MAILS / 2).map((from, i) => send(from, MAILS / 2 + i)));
    timings['burst sent'] = (Date.now() - started) / 1000;

    await eventually(
      async () => expect(clients.filter((c) => receiptsTo(c).length === 0)).toEqual([]),
      5 * 60_000,
      500,
    );
    timings['every receipt out'] = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5000)); // time for a duplicate to show, were there one

    // One receipt per client. A worker killed between the relay's 250 and the letter's record sends the same
    // letter again on retry (SMTP is at-least-once there): the copy has the same Message-ID, so mail clients fold
    // it; it is counted and printed, and a second receipt of another Message-ID fails the test.
    const resent = clients.filter((client) => receiptsTo(client).length > 1);
    if (resent.length) {
      process.stdout.write(`receipts re-sent after the kill (same Message-ID): ${JSON.stringify(resent)}\n`);
    }
    for (const client of clients) {
      const messageIds = new Set(receiptsTo(client).map((letter) => letter.messageId));
      expect([client, messageIds.size]).toEqual([client, 1]);
    }
    const tickets = await db!.query<{ client_email: string; count: string }>(
      'SELECT client_email, count(*) FROM tickets GROUP BY client_email ORDER BY client_email',
    );
    expect(tickets.rows.map((row) => [row.client_email, Number(row.count)]).sort()).toEqual(
      clients.map((client) => [client, 1]).sort(),
    );
    const receipts = await db!.query<{ count: string }>(
      "SELECT count(*) FROM letters WHERE kind = 'receipt' AND sent_at IS NOT NULL",
    );
    expect(Number(receipts.rows[0]!.count)).toBe(MAILS);

    // The kill hit a worker that was working: its identity is on tasks of the tickets, and the survivor took over.
    const temporal = new Client({ connection: connection! });
    const ids = (await db!.query<{ workflow_id: string }>('SELECT workflow_id FROM tickets')).rows;
    const outcome = { byKilled: 0, bySurvivor: 0, activityRetries: 0, workflowTaskTimeouts: 0 };
    for (const { workflow_id } of ids) {
      const history = await temporal.workflow.getHandle(workflow_id).fetchHistory();
      for (const event of history.events ?? []) {
        const identity =
          event.activityTaskStartedEventAttributes?.identity ??
          event.workflowTaskStartedEventAttributes?.identity;
        if (identity?.startsWith(`${killed.pid}@`)) outcome.byKilled++;
        if (identity?.startsWith(`${workers[1]!.pid}@`)) outcome.bySurvivor++;
        // An activity retried after its worker died shows as a later attempt (a timeout shows only at the last).
        if ((event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1) outcome.activityRetries++;
        if (event.workflowTaskTimedOutEventAttributes) outcome.workflowTaskTimeouts++;
      }
    }
    process.stdout.write(
      `kill outcome (tasks started by each worker, timeouts): ${JSON.stringify(outcome)}\n`,
    );
    expect(outcome.byKilled).toBeGreaterThan(0);
    expect(outcome.bySurvivor).toBeGreaterThan(0);
  },
  10 * 60_000,
);

test('staff triage and comment through either API, and each API sees what the other did', async () => {
  const numbers = (await db!.query<{ number: string }>('SELECT number FROM tickets ORDER BY number LIMIT 4'))
    .rows;
  const call = async (apiUrl: string, route: string, body?: object) => {
    const response = await fetch(`${apiUrl}${route}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as { status?: string } };
  };
  for (const [i, { number }] of numbers.entries()) {
    const [one, other] = i % 2 === 0 ? [fronts[0]!, fronts[1]!] : [fronts[1]!, fronts[0]!];
    const triage = { urgency: 'normal', rootCause: 'product_defect', estimateMinutes: 60 };
    expect(await call(one.apiUrl, `/api/tickets/${number}/triage`, triage)).toMatchObject({ status: 200 });
    const comment = { text: `Проверено через ${other.process.name}` };
    expect(await call(other.apiUrl, `/api/tickets/${number}/comment`, comment)).toMatchObject({
      status: 200,
    });
    await eventually(async () => {
      const seen = await call(one.apiUrl, `/api/tickets/${number}`);
      expect(seen).toMatchObject({ status: 200, body: { number, urgency: 'normal' } });
      expect(seen.body.status).not.toBe('awaiting_triage');
      expect(JSON.stringify(seen.body)).toContain(comment.text);
    }, 30_000);
  }
}, 120_000);
