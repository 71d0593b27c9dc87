// `npm run letters`: ops list the letters that did not go and send one again once its cause is fixed, through
// the ticket's courier while the ticket runs, directly when its workflow has ended; never twice.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/testSystem';
import { act, openTicket, waitForLetter } from '../support/tickets';

const run = promisify(execFile);
const LEAD = 'lead@netix.example';

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem({}, { ackWorkingMs: 60 * 60_000 });
  token = await system.addStaff('nina@netix.example', 'lead');
});

afterAll(async () => {
  await system?.close();
});

/** `npm run letters -- …` without the build step: the same bin/letters.ts, compiled in memory. */
async function lettersCommand(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['-r', './bench/register.js', 'bin/letters.ts', ...args],
      {
        env: {
          ...process.env,
          DATABASE_URL: system.config.database.url,
          TEMPORAL_ADDRESS: system.config.temporal.address,
          SMTP_URL: system.sink.url,
          SUPPORT_ADDRESS: system.config.support.address,
          LOG_LEVEL: 'silent',
        },
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

async function ticketView(number: string) {
  return (await system.api(token, `/api/tickets/${number}`)).body;
}

const kinds = (view: { history: { kind: string }[] }) => view.history.map((event) => event.kind);

test('a promise the relay refused for good goes out through the ticket’s courier once retried, and acknowledges', async () => {
  const { number, client, since } = await openTicket(system);
  system.sink.refuse(client);
  expect((await act(system, token, number, 'triage', triage)).status).toBe(200);
  await waitForLetter(system, { to: LEAD, kind: 'step_failed', number, after: since });
  const failed = await eventually(async () => {
    const view = await ticketView(number);
    expect(view.failure?.step).toMatch(/^deliver the letter promise-/);
    return view;
  });
  const promiseKey = failed.failure.step.replace('deliver the letter ', '');
  expect(failed.acknowledgedAt).toBeNull();

  const listed = await lettersCommand('failed');
  expect(listed.stdout).toMatch(
    new RegExp(`^${number}\\t${promiseKey}\\t${client}\\t1 attempt\\(s\\)\\t.*550`, 'm'),
  );

  system.sink.admit(client); // the client's mailbox is back
  const retrying = system.sink.mark();
  const retried = await lettersCommand('retry', number, promiseKey);
  expect(retried).toMatchObject({ code: 0, stdout: expect.stringContaining('its courier sends it next') });
  const promise = await waitForLetter(system, { to: client, kind: 'promise', number, after: retrying });
  expect(promise.subject).toContain(number);

  const after = await eventually(async () => {
    const view = await ticketView(number);
    expect(view.acknowledgedAt).not.toBeNull();
    return view;
  });
  expect(kinds(after)).toEqual(expect.arrayContaining(['letter_retried', 'letter_sent']));
  expect(after.letters.find((letter: { kind: string }) => letter.kind === 'promise')).toMatchObject({
    attempts: 2,
    sentAt: expect.any(String),
  });
  expect((await lettersCommand('failed')).stdout).not.toContain(promiseKey);

  // Sent is sent: asking again sends nothing.
  const again = await lettersCommand('retry', number, promiseKey);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain(`${promiseKey} of ${number} was sent at`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(system.sink.letters.slice(retrying).filter((letter) => letter.kind === 'promise')).toHaveLength(1);
});

test('a refusal that failed after the ticket’s workflow ended is sent directly, once', async () => {
  const { number, client, since } = await openTicket(system);
  system.sink.refuse(client);
  expect((await act(system, token, number, 'refuse', { reason: 'Не наш продукт' })).status).toBe(200);
  // A refused ticket whose refusal never went out runs on until its deadline, to record the breach (an hour
  // here); a workflow may end sooner (ops terminated it, or it ended on older code): as here.
  const workflow = system.temporal.workflow.getHandle(number);
  await waitForLetter(system, { to: LEAD, kind: 'step_failed', number, after: since });
  await workflow.terminate('the test ends the ticket');
  const refusal = await system.db.query<{ letter_key: string; sent_at: Date | null }>(
    `SELECT l.letter_key, l.sent_at FROM letters l JOIN tickets t ON t.id = l.ticket_id
      WHERE t.number = $1 AND l.kind = 'refusal'`,
    [number],
  );
  expect(refusal.rows).toEqual([{ letter_key: expect.stringMatching(/^refusal-/), sent_at: null }]);
  const key = refusal.rows[0]!.letter_key;
  expect((await lettersCommand('failed')).stdout).toContain(`${number}\t${key}\t${client}`);

  system.sink.admit(client);
  const retrying = system.sink.mark();
  const retried = await lettersCommand('retry', number, key);
  expect(retried).toMatchObject({
    code: 0,
    stdout: expect.stringContaining("its ticket's workflow had ended"),
  });
  const sent = system.sink.letters.slice(retrying).filter((letter) => letter.to.includes(client));
  expect(sent.map((letter) => letter.kind)).toEqual(['refusal']);
  expect(sent[0]!.text).toContain('Не наш продукт');
  expect(kinds(await ticketView(number))).toEqual(expect.arrayContaining(['letter_retried', 'letter_sent']));
});

test('a letter that does not exist is not retried, and the command says why', async () => {
  const { number } = await openTicket(system);
  const missing = await lettersCommand('retry', number, 'promise-999');
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain(`${number} has no letter promise-999`);
  const usage = await lettersCommand('retry', number);
  expect(usage.stderr).toContain('usage: npm run letters');
});

const triage = { urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 };
