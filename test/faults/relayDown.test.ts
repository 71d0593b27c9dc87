// The outbound relay down for minutes in the middle of a burst of mail (it answers 451 to every letter): the
// letters wait and then go exactly once; while it lasts the outage shows in /metrics and on the ticket (the API the
// console's ticket page shows queued letters from); and a promise it holds back past the acknowledgement deadline
// is recorded as a breach when the deadline passes, since the client did not have it in time.
// FAULT_RELAY_OUTAGE_MINUTES sets how long the relay stays down (default 1.5).
import { rm } from 'node:fs/promises';
import { createPool, type Database } from '../../db/pool';
import { addStaffMember } from '../../db/staff';
import {
  burstWithFault,
  dataFolder,
  expectEachLetterOnce,
  expectOneReceiptEach,
  lettersTo,
  startFaultDesk,
  type FaultDesk,
} from '../support/faultDesk';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import { burstMails, countOutcomes } from '../support/mailBurst';
import { parseMetrics, valueOf } from '../support/metricsText';
import { createTestDatabase } from '../support/testDatabaseServer';

const run = `relay${process.pid}`;
const OUTAGE_MS = Number(process.env.FAULT_RELAY_OUTAGE_MINUTES ?? '1.5') * 60_000;
const ACK_WORKING_MINUTES = 0.5; // the promise is due 30 s after the receipt: well inside the outage

let dir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let db: Database;
let desk: FaultDesk | undefined;
let token: string;

interface TicketLetter {
  key: string;
  kind: string;
  createdAt: string;
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
  history: { at: string; kind: string }[];
}

beforeAll(async () => {
  dir = await dataFolder('relay');
  database = await createTestDatabase();
  db = createPool(database.url, 2);
  desk = await startFaultDesk(
    dir,
    {
      DATABASE_URL: database.url,
      TEMPORAL_PORT: String(await freePort()), // its own dev server, in memory
      ACK_WORKING_MINUTES: String(ACK_WORKING_MINUTES),
      METRICS_CACHE_SECONDS: '0',
    },
    120_000,
  );
  ({ token } = await addStaffMember(db, {
    email: 'lead@netix.example',
    name: 'Lead',
    role: 'lead',
    skills: [],
  }));
}, 300_000);

afterAll(async () => {
  await desk?.close();
  await db?.end();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function numberOf(client: string): Promise<string> {
  const { rows } = await db.query<{ number: string }>('SELECT number FROM tickets WHERE client_email = $1', [
    client,
  ]);
  expect(rows).toHaveLength(1);
  return rows[0]!.number;
}

async function api(route: string, body?: unknown): Promise<Response> {
  return fetch(`${desk!.apiUrl}/api/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ticketOf(client: string): Promise<Ticket> {
  const response = await api(`tickets/${await numberOf(client)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Ticket;
}

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${desk!.apiUrl}/metrics`);
  return valueOf(parseMetrics(await response.text()), name, labels) ?? 0;
}

const breaches = (ticket: Ticket) => ticket.history.filter((event) => event.kind === 'ack_deadline_breached');

test(
  'the relay down for minutes mid-burst: letters wait, show why, go once; a promise it holds past the deadline is a breach then',
  async () => {
    const { sink, smtpPort } = desk!;
    const mails = burstMails(run, 30);
    const { sent, struckAt: downAt } = await burstWithFault(
      smtpPort,
      mails,
      () => sink.letters.length >= 5,
      () => sink.down(),
    );
    const relayBack = downAt + OUTAGE_MS;
    expect(countOutcomes(sent)).toMatchObject({ accepted: mails.length }); // the intake does not need the relay

    // A specialist answers one of the clients whose receipt waits, at once: its promise is queued long before the
    // deadline, and only the relay holds it back (an automatic promise late on a loaded machine would be a breach
    // of its own).
    const waiting = mails.find((mail) => lettersTo(sink, mail.from, 'receipt').length === 0)!;
    const triage = { urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 };
    await eventually(async () =>
      expect((await api(`tickets/${await numberOf(waiting.from)}/triage`, triage)).status).toBe(200),
    );

    // While it lasts: failed and retried sends in /metrics, and the ticket says which letter waits and why.
    const failedBefore = await metric('triceps_letters_failed_total', { failure: 'temporary' });
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
      relayBack - Date.now(),
      1000,
    );
    // The promise waits behind the receipt when the deadline passes: the ticket shows the breach then, while the
    // relay is still down, and the lead's escalation waits in the queue.
    const breached = await eventually(
      async () => {
        const ticket = await ticketOf(waiting.from);
        const queued = (kind: string) => ticket.letters.filter((letter) => letter.kind === kind);
        expect(queued('promise')).toMatchObject([{ sentAt: null }]);
        expect(new Date(queued('promise')[0]!.createdAt).getTime()).toBeLessThan(
          new Date(ticket.ackDeadline!).getTime(),
        );
        expect(ticket.ackBreachedAt).not.toBeNull();
        expect(breaches(ticket)).toHaveLength(1);
        expect(queued('ack_escalation').at(-1)).toMatchObject({ sentAt: null });
        return ticket;
      },
      relayBack - Date.now(),
      1000,
    );
    expect(Date.now()).toBeLessThan(relayBack);
    expect(breached.acknowledgedAt).toBeNull();
    expect(new Date(breached.ackBreachedAt!).getTime()).toBeGreaterThanOrEqual(
      new Date(breached.ackDeadline!).getTime(),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, relayBack - Date.now())));
    sink.up();

    // Then every letter goes, once: one receipt and one promise per client, and each letter the desk recorded
    // (to clients and to the lead) reaches the relay exactly once, never a Message-ID twice.
    await expectOneReceiptEach(sink, mails);
    await eventually(
      async () =>
        expect(mails.filter((mail) => lettersTo(sink, mail.from, 'promise').length !== 1)).toEqual([]),
      5 * 60_000,
      1000,
    );
    const lastSent = await expectEachLetterOnce(sink, db);
    const after = (at: string | Date) => `${Math.round((new Date(at).getTime() - downAt) / 1000)} s`;
    process.stdout.write(
      `relay down for ${after(new Date(relayBack))}: the breach on the ticket at ${after(breached.ackBreachedAt!)}, ` +
        `the last of ${sink.letters.length} letters out at ${after(lastSent)}\n`,
    );

    // The promise, when it went, acknowledged the request late; the breach stays the one recorded at the deadline.
    const ticket = await ticketOf(waiting.from);
    expect(new Date(ticket.acknowledgedAt!).getTime()).toBeGreaterThan(
      new Date(ticket.ackDeadline!).getTime(),
    );
    expect(ticket.ackBreachedAt).toBe(breached.ackBreachedAt);
    expect(breaches(ticket)).toHaveLength(1);
    expect(
      lettersTo(sink, 'lead@netix.example', 'ack_escalation').filter(
        (letter) => letter.text.includes(ticket.number) && /нарушен срок/.test(letter.subject),
      ),
    ).toHaveLength(1);
  },
  20 * 60_000,
);
