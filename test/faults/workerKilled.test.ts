// The whole system (worker, API, intake, its own PostgreSQL and Temporal dev server) SIGKILLed in the middle of a
// burst of mail, then started again on the same data: every mail the listener took (250) gets exactly one receipt,
// the mails sent while it was down were refused at the sender's end, and nothing it started outlives it.
// The 250 comes once a mail is stored, and its hand-off to the workflow follows from a queue: a mail taken whose
// hand-off the kill cut is handed off by the sweeper of the restarted process, within about 10 s of its start.
import { rm } from 'node:fs/promises';
import {
  burstWithFault,
  dataFolder,
  resendRefusedThenExpectOneReceiptEach,
  startFaultDesk,
  type FaultDesk,
} from '../support/faultDesk';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import { burstMails, countOutcomes, sendBurst } from '../support/mailBurst';
import { descendants, stillRunning, type Descendant } from '../support/processTree';

const run = `kill${process.pid}`;
let dir: string;
let desk: FaultDesk | undefined;

beforeAll(async () => {
  dir = await dataFolder('killed');
  desk = await startFaultDesk(dir, {
    // no DATABASE_URL, no TEMPORAL_ADDRESS: it runs its own, with their data here
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
  });
}, 240_000);

afterAll(async () => {
  await desk?.close();
  await rm(dir, { recursive: true, force: true });
});

test(
  'kill -9 mid-burst: one receipt per accepted mail, the rest refused at the sender, no orphan left',
  async () => {
    const { smtpPort } = desk!;
    const mails = burstMails(run, 70);
    const [before, whileDown, afterRestart] = [mails.slice(0, 40), mails.slice(40, 55), mails.slice(55)];

    // The first 40 go out 50 ms apart; the kill lands when 15 are answered and the others are in flight or to come.
    let started: Descendant[] = [];
    const { sent } = await burstWithFault(
      smtpPort,
      before,
      (answered) => answered.length >= 15,
      async () => {
        started = descendants(desk!.system.pid);
        const commands = started.map((seen) => seen.command).join('\n');
        expect(commands).toMatch(/temporal.* server start-dev/);
        expect(commands).toMatch(/postgres -D/);
        await desk!.system.kill();
      },
    );

    // Down: the sender's MTA finds no listener, and keeps the mail to try later.
    sent.push(...(await sendBurst(smtpPort, whileDown, 50)));
    expect(countOutcomes(sent.slice(40))).toMatchObject({ unreachable: whileDown.length });

    // The watchdogs stop the dev server and PostgreSQL (and its back ends) that the dead process started.
    await eventually(async () => expect(stillRunning(started)).toEqual([]), 90_000, 500);

    await desk!.restart('system, restarted');
    sent.push(...(await sendBurst(smtpPort, afterRestart, 50)));

    const counts = countOutcomes(sent);
    process.stdout.write(`kill -9 mid-burst, answers at the senders: ${JSON.stringify(counts)}\n`);
    expect(counts.accepted).toBeGreaterThan(0);
    expect(counts.accepted).toBeLessThan(mails.length);
    expect(counts.permanent).toBe(0); // never a 5xx: that would make the sender give up

    // The senders retry what was turned away (same Message-ID): one receipt each, and none twice.
    await resendRefusedThenExpectOneReceiptEach(desk!, sent, mails);
  },
  15 * 60_000,
);
