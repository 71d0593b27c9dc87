// The Temporal server (a dev server of this test's own, its state in a file) stopped in the middle of a burst of
// mail and started again on the same port and file: the tickets resume, every accepted mail gets its receipt, and
// the lead's reminders that fell due while it was down go out late, but go out.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { locateTemporalBinary, startDevServer, type DevServer } from '../../platform/temporalServer';
import {
  burstWithFault,
  dataFolder,
  lettersTo,
  queryRows,
  resendRefusedThenExpectOneReceiptEach,
  startFaultDesk,
  type FaultDesk,
} from '../support/faultDesk';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import { burstMails, countOutcomes, sendBurst } from '../support/mailBurst';
import { createTestDatabase } from '../support/testDatabaseServer';

const run = `temporal${process.pid}`;
const ACK_WORKING_MINUTES = 0.5; // the lead is reminded at half of it: 15 s after the receipt
const REMINDER_AFTER_MS = ACK_WORKING_MINUTES * 60_000 * 0.5;

let dir: string;
let temporal: DevServer | undefined;
let temporalOptions: Parameters<typeof startDevServer>[0];
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let desk: FaultDesk | undefined;

beforeAll(async () => {
  dir = await dataFolder('temporal');
  temporalOptions = {
    binary: await locateTemporalBinary(process.env.TEMPORAL_BINARY),
    port: await freePort(),
    dbFile: path.join(dir, 'temporal.sqlite'), // its state survives a restart
    namespace: 'default',
  };
  temporal = await startDevServer(temporalOptions);
  database = await createTestDatabase();
  desk = await startFaultDesk(
    dir,
    {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      ACK_WORKING_MINUTES: String(ACK_WORKING_MINUTES),
    },
    120_000,
  );
}, 300_000);

afterAll(async () => {
  await desk?.close();
  await temporal?.stop();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function ticketNumbers(): Promise<Map<string, string>> {
  const rows = await queryRows<{ client_email: string; number: string }>(
    database!.url,
    'SELECT client_email, number FROM tickets',
  );
  return new Map(rows.map((row) => [row.client_email, row.number]));
}

test(
  'Temporal restarted mid-burst: every accepted mail gets its receipt, and timers due meanwhile fire late',
  async () => {
    const { sink, smtpPort } = desk!;
    const mails = burstMails(run, 50);
    const [before, whileDown, after] = [mails.slice(0, 25), mails.slice(25, 35), mails.slice(35)];

    const { sent, struckAt: stoppedAt } = await burstWithFault(
      smtpPort,
      before,
      (answered) => answered.length >= 10,
      () => temporal!.stop(), // SIGTERM
    );
    sent.push(...(await sendBurst(smtpPort, whileDown, 50)));

    // Down until the reminders of every mail taken before the stop have fallen due.
    const takenBefore = sent.filter((mail) => mail.outcome === 'accepted' && mail.answeredAt <= stoppedAt);
    const lastDue = Math.max(...takenBefore.map((mail) => mail.answeredAt)) + REMINDER_AFTER_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastDue - Date.now()) + 1000));
    temporal = await startDevServer(temporalOptions);
    sent.push(...(await sendBurst(smtpPort, after, 50)));

    const counts = countOutcomes(sent);
    process.stdout.write(`Temporal stopped mid-burst, answers at the senders: ${JSON.stringify(counts)}\n`);
    expect(counts.permanent).toBe(0);
    expect(takenBefore.length).toBeGreaterThan(0);
    await resendRefusedThenExpectOneReceiptEach(desk!, sent, mails);

    // Those whose reminder fell due while the server was down: their workflow (handed off before the stop; the
    // hand-off follows the 250) had a durable timer that was due in the outage.
    const startedBefore = new Set(
      (
        await queryRows<{ from_address: string }>(
          database!.url,
          `SELECT from_address FROM inbound_messages
            WHERE handed_off_at < to_timestamp(${stoppedAt / 1000})`,
        )
      ).map((row) => row.from_address),
    );
    const dueWhileDown = takenBefore.filter(
      (mail) => startedBefore.has(mail.from) && mail.answeredAt + REMINDER_AFTER_MS > stoppedAt,
    );
    expect(dueWhileDown.length).toBeGreaterThan(0);

    // The reminder timers that were due during the outage fire after it: the lead hears of each such ticket.
    const numbers = await ticketNumbers();
    const reminded = (number: string) =>
      lettersTo(sink, 'lead@netix.example', 'lead_reminder').some((letter) => letter.text.includes(number));
    await eventually(
      async () =>
        expect(dueWhileDown.filter((mail) => !reminded(numbers.get(mail.from)!)).map((m) => m.from)).toEqual(
          [],
        ),
      5 * 60_000,
      1000,
    );
  },
  15 * 60_000,
);
