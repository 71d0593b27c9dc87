// PostgreSQL (a server of this test's own, not the machine's) stopped in the middle of a burst of mail: the
// listener answers a temporary 4xx while it is down and never 250s a mail it has not stored; once it is back the
// senders retry, and every mail makes one ticket and one receipt. (The 250 comes once the mail is stored; its
// hand-off to the workflow follows from a queue, and one the outage cut is the sweeper's once PostgreSQL is back.)
import { rm } from 'node:fs/promises';
import {
  burstWithFault,
  dataFolder,
  queryRows,
  resendRefusedThenExpectOneReceiptEach,
  startFaultDesk,
  startOwnDatabase,
  type FaultDesk,
  type OwnDatabase,
} from '../support/faultDesk';
import { freePort } from '../support/freePort';
import { burstMails, countOutcomes, sendBurst } from '../support/mailBurst';

const run = `pg${process.pid}`;
let dir: string;
let database: OwnDatabase | undefined;
let databaseUrl: string;
let databasePort: number;
let desk: FaultDesk | undefined;

beforeAll(async () => {
  dir = await dataFolder('postgres');
  databasePort = await freePort();
  database = await startOwnDatabase(dir, databasePort);
  databaseUrl = database.url;
  desk = await startFaultDesk(dir, {
    DATABASE_URL: databaseUrl,
    TEMPORAL_PORT: String(await freePort()), // its own dev server, in memory
  });
}, 300_000);

afterAll(async () => {
  await desk?.close();
  await database?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function storedMessageKeys(): Promise<Set<string>> {
  const rows = await queryRows<{ message_key: string }>(
    databaseUrl,
    'SELECT message_key FROM inbound_messages',
  );
  return new Set(rows.map((row) => row.message_key));
}

test(
  'PostgreSQL stopped mid-burst: 4xx while down, nothing 250d unstored, nothing lost or doubled after',
  async () => {
    const { smtpPort, system } = desk!;
    const mails = burstMails(run, 60);
    const [before, whileDown, after] = [mails.slice(0, 30), mails.slice(30, 45), mails.slice(45)];

    const { sent } = await burstWithFault(
      smtpPort,
      before,
      (answered) => answered.length >= 10,
      async () => {
        await database!.stop(); // fast shutdown: open transactions roll back
        database = undefined;
      },
    );

    const down = await sendBurst(smtpPort, whileDown, 50);
    if (countOutcomes(down).temporary !== whileDown.length)
      process.stdout.write(`${JSON.stringify(down.map((m) => m.reply))}\n${system.output()}\n`);
    expect(countOutcomes(down)).toMatchObject({ temporary: whileDown.length }); // 4xx: the listener is up
    sent.push(...down);

    database = await startOwnDatabase(dir, databasePort);
    sent.push(...(await sendBurst(smtpPort, after, 50)));

    const counts = countOutcomes(sent);
    process.stdout.write(`PostgreSQL stopped mid-burst, answers at the senders: ${JSON.stringify(counts)}\n`);
    expect(counts.permanent).toBe(0); // never a 5xx: the sender would give up
    expect(counts.temporary).toBeGreaterThanOrEqual(whileDown.length);

    // Every mail answered 250 is stored: its Message-ID is in inbound_messages.
    const stored = await storedMessageKeys();
    const accepted = sent.filter((mail) => mail.outcome === 'accepted');
    expect(
      accepted.filter((mail) => !stored.has(mail.messageId) && !stored.has(mail.messageId.slice(1, -1))),
    ).toEqual([]);
    await resendRefusedThenExpectOneReceiptEach(desk!, sent, mails);

    const tickets = await queryRows<{ client_email: string; count: string }>(
      databaseUrl,
      'SELECT client_email, count(*) FROM tickets GROUP BY client_email',
    );
    expect(tickets.map((row) => [row.client_email, Number(row.count)]).sort()).toEqual(
      mails.map((mail) => [mail.from, 1]).sort(),
    );
  },
  15 * 60_000,
);
