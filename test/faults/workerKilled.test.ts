// The whole system (worker, API, intake, its own PostgreSQL and Temporal dev server) SIGKILLed in the middle of a
// burst of mail, then started again on the same data: every mail the listener took (250) gets exactly one receipt,
// the mails sent while it was down were refused at the sender's end, and nothing it started outlives it.
import { rm } from 'node:fs/promises';
import { dataFolder, expectOneReceiptEach, systemEnvironment } from '../support/faultDesk';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import {
  burstMails,
  countOutcomes,
  resendUntilAccepted,
  sendBurst,
  type SentMail,
} from '../support/mailBurst';
import { descendants, stillRunning, type Descendant } from '../support/processTree';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { startSystemProcess, type SystemProcess } from '../support/systemProcess';

const run = `kill${process.pid}`;
let dir: string;
let sink: SmtpSink;
let env: Record<string, string>;
let system: SystemProcess | undefined;
let smtpPort: number;

beforeAll(async () => {
  dir = await dataFolder('killed');
  sink = await startSmtpSink();
  smtpPort = await freePort();
  env = systemEnvironment(sink, {
    DATA_DIR: dir, // no DATABASE_URL, no TEMPORAL_ADDRESS: it runs its own, with their data here
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    PORT: String(await freePort()),
    SMTP_PORT: String(smtpPort),
  });
  system = await startSystemProcess('system', env, 180_000);
}, 240_000);

afterAll(async () => {
  await system?.stop();
  await sink?.close();
  await rm(dir, { recursive: true, force: true });
});

test(
  'kill -9 mid-burst: one receipt per accepted mail, the rest refused at the sender, no orphan left',
  async () => {
    const mails = burstMails(run, 70);
    const [before, whileDown, afterRestart] = [mails.slice(0, 40), mails.slice(40, 55), mails.slice(55)];

    // The first 40 go out 50 ms apart; the kill lands when 15 are answered and the others are in flight or to come.
    const answered: SentMail[] = [];
    const firstPart = sendBurst(smtpPort, before, 50, answered);
    await eventually(async () => expect(answered.length).toBeGreaterThanOrEqual(15), 120_000, 10);
    const started: Descendant[] = descendants(system!.pid);
    const commands = started.map((seen) => seen.command).join('\n');
    expect(commands).toMatch(/temporal.* server start-dev/);
    expect(commands).toMatch(/postgres -D/);
    await system!.kill();
    const sent: SentMail[] = await firstPart;

    // Down: the sender's MTA finds no listener, and keeps the mail to try later.
    sent.push(...(await sendBurst(smtpPort, whileDown, 50)));
    expect(countOutcomes(sent.slice(40))).toMatchObject({ unreachable: whileDown.length });

    // The watchdogs stop the dev server and PostgreSQL (and its back ends) that the dead process started.
    await eventually(async () => expect(stillRunning(started)).toEqual([]), 90_000, 500);

    system = await startSystemProcess('system, restarted', env, 180_000);
    sent.push(...(await sendBurst(smtpPort, afterRestart, 50)));

    const counts = countOutcomes(sent);
    process.stdout.write(`kill -9 mid-burst, answers at the senders: ${JSON.stringify(counts)}\n`);
    expect(counts.accepted).toBeGreaterThan(0);
    expect(counts.accepted).toBeLessThan(mails.length);
    expect(counts.permanent).toBe(0); // never a 5xx: that would make the sender give up

    const accepted = sent.filter((mail) => mail.outcome === 'accepted');
    await expectOneReceiptEach(sink, accepted);

    // The senders retry what was turned away (same Message-ID): one receipt each, and none twice.
    const resent = await resendUntilAccepted(
      smtpPort,
      sent.filter((mail) => mail.outcome !== 'accepted'),
    );
    expect(countOutcomes(resent)).toMatchObject({ accepted: resent.length });
    await expectOneReceiptEach(sink, mails);
  },
  15 * 60_000,
);
