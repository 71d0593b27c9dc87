// PostgreSQL (a server of this test's own, not the machine's) stopped in the middle of a burst of mail: the
// listener answers a temporary 4xx while it is down and never 250s a mail it has not stored; once it is back the
// senders retry, and every mail makes one ticket and one receipt.
import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import {
  dataFolder,
  expectOneReceiptEach,
  startOwnDatabase,
  systemEnvironment,
  type OwnDatabase,
} from '../support/faultDesk';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import {
  burstMails,
  countOutcomes,
  resendUntilAccepted,
  sendBurst,
  type SentMail,
} from '../support/mailBurst';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { startSystemProcess, type SystemProcess } from '../support/systemProcess';

const run = `pg${process.pid}`;
let dir: string;
let sink: SmtpSink;
let database: OwnDatabase | undefined;
let databaseUrl: string;
let databasePort: number;
let system: SystemProcess | undefined;
let smtpPort: number;

beforeAll(async () => {
  dir = await dataFolder('postgres');
  databasePort = await freePort();
  database = await startOwnDatabase(dir, databasePort);
  databaseUrl = database.url;
  sink = await startSmtpSink();
  smtpPort = await freePort();
  const env = systemEnvironment(sink, {
    DATA_DIR: dir,
    DATABASE_URL: databaseUrl,
    TEMPORAL_PORT: String(await freePort()), // its own dev server, in memory
    PORT: String(await freePort()),
    SMTP_PORT: String(smtpPort),
  });
  system = await startSystemProcess('system', env, 180_000);
}, 300_000);

afterAll(async () => {
  await system?.stop();
  await database?.stop();
  await sink?.close();
  await rm(dir, { recursive: true, force: true });
});

async function storedMessageKeys(): Promise<Set<string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ message_key: string }>('SELECT message_key FROM inbound_messages');
    return new Set(rows.rows.map((row) => row.message_key));
  } finally {
    await client.end();
  }
}

test(
  'PostgreSQL stopped mid-burst: 4xx while down, nothing 250d unstored, nothing lost or doubled after',
  async () => {
    const mails = burstMails(run, 60);
    const [before, whileDown, after] = [mails.slice(0, 30), mails.slice(30, 45), mails.slice(45)];

    const answered: SentMail[] = [];
    const firstPart = sendBurst(smtpPort, before, 50, answered);
    await eventually(async () => expect(answered.length).toBeGreaterThanOrEqual(10), 120_000, 10);
    await database!.stop(); // fast shutdown: open transactions roll back
    database = undefined;
    const sent: SentMail[] = await firstPart;

    const down = await sendBurst(smtpPort, whileDown, 50);
    if (countOutcomes(down).temporary !== whileDown.length)
      process.stdout.write(`${JSON.stringify(down.map((m) => m.reply))}\n${system!.output()}\n`);
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
    await expectOneReceiptEach(sink, accepted);

    const resent = await resendUntilAccepted(
      smtpPort,
      sent.filter((mail) => mail.outcome !== 'accepted'),
    );
    expect(countOutcomes(resent)).toMatchObject({ accepted: resent.length });
    await expectOneReceiptEach(sink, mails);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const tickets = await client.query<{ client_email: string; count: string }>(
      'SELECT client_email, count(*) FROM tickets GROUP BY client_email',
    );
    await client.end();
    expect(tickets.rows.map((row) => [row.client_email, Number(row.count)]).sort()).toEqual(
      mails.map((mail) => [mail.from, 1]).sort(),
    );
  },
  15 * 60_000,
);
