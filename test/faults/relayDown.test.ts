// The outbound relay down for minutes in the middle of a burst of mail (it answers 451 to every letter): the
// letters wait and then go exactly once; while it lasts the outage shows in /metrics and on the ticket (the API the
// console's ticket page shows queued letters from); and a promise it held back past the acknowledgement deadline
// is recorded as a breach, since the client did not have it in time.
// FAULT_RELAY_OUTAGE_MINUTES sets how long the relay stays down (default 1.5).
import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { createPool, type Database } from '../../db/pool';
import { addStaffMember } from '../../db/staff';
import { createDatabaseIfMissing } from '../../platform/database';
import { dataFolder, expectOneReceiptEach, lettersTo, systemEnvironment } from '../support/faultDesk';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import { burstMails, countOutcomes, sendBurst, type SentMail } from '../support/mailBurst';
import { parseMetrics, valueOf } from '../support/metricsText';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { startSystemProcess, type SystemProcess } from '../support/systemProcess';

const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const run = `relay${process.pid}`;
const appUrl = Object.assign(new URL(serverUrl), { pathname: `/faults_${run}` }).toString();
const OUTAGE_MS = Number(process.env.FAULT_RELAY_OUTAGE_MINUTES ?? '1.5') * 60_000;
const ACK_WORKING_MINUTES = 0.5; // the promise is due 30 s after the receipt: well inside the outage

let dir: string;
let sink: SmtpSink;
let db: Database;
let system: SystemProcess | undefined;
let apiUrl: string;
let smtpPort: number;
let token: string;

interface TicketLetter {
  key: string;
  kind: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}
interface Ticket {
  number: string;
  ackDeadline: string | null;
  acknowledgedAt: string | null;
  ackBreachedAt: string | null;
  letters: TicketLetter[];
}

beforeAll(async () => {
  dir = await dataFolder('relay');
  await createDatabaseIfMissing(appUrl);
  db = createPool(appUrl, 2);
  sink = await startSmtpSink();
  smtpPort = await freePort();
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const env = systemEnvironment(sink, {
    DATA_DIR: dir,
    DATABASE_URL: appUrl,
    TEMPORAL_PORT: String(await freePort()), // its own dev server, in memory
    PORT: String(port),
    SMTP_PORT: String(smtpPort),
    ACK_WORKING_MINUTES: String(ACK_WORKING_MINUTES),
    METRICS_CACHE_SECONDS: '0',
  });
  system = await startSystemProcess('system', env, 120_000);
  ({ token } = await addStaffMember(db, {
    email: 'lead@netix.example',
    name: 'Lead',
    role: 'lead',
    skills: [],
  }));
}, 300_000);

afterAll(async () => {
  await system?.stop();
  await sink?.close();
  await db?.end();
  const admin = new Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "faults_${run}" WITH (FORCE)`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
});

async function ticketOf(client: string): Promise<Ticket> {
  const { rows } = await db.query<{ number: string }>('SELECT number FROM tickets WHERE client_email = $1', [
    client,
  ]);
  expect(rows).toHaveLength(1);
  const response = await fetch(`${apiUrl}/api/tickets/${rows[0]!.number}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Ticket;
}

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${apiUrl}/metrics`);
  return valueOf(parseMetrics(await response.text()), name, labels) ?? 0;
}

test(
  'the relay down for minutes mid-burst: letters wait, show why, go once; a late promise is a breach',
  async () => {
    const mails = burstMails(run, 30);
    const answered: SentMail[] = [];
    const burst = sendBurst(smtpPort, mails, 50, answered);
    await eventually(async () => expect(sink.letters.length).toBeGreaterThanOrEqual(5), 120_000, 10);
    sink.down();
    const downAt = Date.now();
    const sent = await burst;
    expect(countOutcomes(sent)).toMatchObject({ accepted: mails.length }); // the intake does not need the relay

    // While it lasts: failed and retried sends in /metrics, and the ticket says which letter waits and why.
    const failedBefore = await metric('triceps_letters_failed_total', { failure: 'temporary' });
    const waiting = mails.find((mail) => lettersTo(sink, mail.from, 'receipt').length === 0)!;
    await eventually(
      async () => {
        const ticket = await ticketOf(waiting.from);
        const receipt = ticket.letters.find((letter) => letter.kind === 'receipt')!;
        expect(receipt).toMatchObject({ sentAt: null, lastError: expect.stringMatching(/451/) });
        expect(receipt.attempts).toBeGreaterThanOrEqual(2);
        expect(await metric('triceps_letters_retried_total')).toBeGreaterThan(0);
        expect(await metric('triceps_letters_failed_total', { failure: 'temporary' })).toBeGreaterThan(
          failedBefore,
        );
      },
      OUTAGE_MS,
      1000,
    );
    // The ticket's promise (from the automatic triage) is queued, and its deadline passes, while the relay is down.
    await eventually(
      async () => {
        const ticket = await ticketOf(waiting.from);
        const promise = ticket.letters.find((letter) => letter.kind === 'promise');
        expect(promise).toMatchObject({ sentAt: null }); // queued behind the receipt: letters go in order
        expect(Date.now()).toBeGreaterThan(new Date(ticket.ackDeadline!).getTime());
      },
      OUTAGE_MS,
      1000,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + OUTAGE_MS - Date.now())));
    sink.up();

    // Then every letter goes, once: one receipt and one promise per client, no Message-ID twice.
    await expectOneReceiptEach(sink, mails);
    await eventually(
      async () =>
        expect(mails.filter((mail) => lettersTo(sink, mail.from, 'promise').length !== 1)).toEqual([]),
      5 * 60_000,
      1000,
    );
    const ids = sink.letters.map((letter) => letter.messageId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);

    // The promise went after the deadline: the ticket records the breach, and the lead is told.
    const ticket = await eventually(async () => {
      const seen = await ticketOf(waiting.from);
      expect(seen.letters.filter((letter) => letter.sentAt === null)).toEqual([]);
      expect(seen.ackBreachedAt).not.toBeNull();
      return seen;
    }, 60_000);
    expect(new Date(ticket.acknowledgedAt!).getTime()).toBeGreaterThan(
      new Date(ticket.ackDeadline!).getTime(),
    );
    await eventually(async () =>
      expect(
        lettersTo(sink, 'lead@netix.example', 'ack_escalation').some((letter) =>
          letter.text.includes(ticket.number),
        ),
      ).toBe(true),
    );
  },
  20 * 60_000,
);
