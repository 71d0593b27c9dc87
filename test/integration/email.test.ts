// The email channel over real SMTP: threading, loop protection, bounces, limits, TLS and AUTH,
// and a relay outage that ends with each letter sent exactly once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import { startSmtpSink } from '../support/smtpSink';
import { act, letterKinds, lettersTo, openTicket, waitForLetter } from '../support/tickets';
import { bounceReport } from '../support/bounceReport';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let token: string;
const certDir = mkdtempSync(path.join(tmpdir(), 'triceps-tls-'));

beforeAll(async () => {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem'),
  ], { stdio: 'ignore' }); // prettier-ignore
  system = await startTestSystem({
    AUTO_REPLY_LIMIT_PER_HOUR: '2',
    SMTP_MAX_MESSAGE_BYTES: '20000',
    SMTP_TLS_CERT: path.join(certDir, 'cert.pem'),
    SMTP_TLS_KEY: path.join(certDir, 'key.pem'),
    SMTP_AUTH_USER: 'relay',
    SMTP_AUTH_PASSWORD: 'relay-secret',
    SUPPORT_ALIASES: 'help@triceps.local',
  });
  token = await system.addStaff('gleb@netix.example');
});

afterAll(async () => {
  await system?.close();
});

/** RFC 2047 UTF-8 B-words, as a mail client decodes them (mailparser leaves unknown headers encoded). */
const decodeWords = (header: string) =>
  Buffer.concat(
    [...header.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/gi)].map((word) => Buffer.from(word[1]!, 'base64')),
  ).toString('utf8');

const kinds = async (number: string): Promise<string[]> =>
  (await system.api(token, `/api/tickets/${number}`)).body.history.map(
    (event: { kind: string }) => event.kind,
  );

const ticketsOf = async (client: string) =>
  (await system.db.query('SELECT number, linked_ticket_id FROM tickets WHERE client_email = $1', [client]))
    .rows;

test('our letters thread in every client: References to the client mail, Thread-Topic and Thread-Index', async () => {
  const { receipt } = await openTicket(system, { subject: 'Проблема с экспортом' });
  expect(receipt.inReplyTo).toMatch(/^<.+>$/);
  expect(decodeWords(String(receipt.headers.get('thread-topic')))).toBe('Проблема с экспортом');
  expect(Buffer.from(String(receipt.headers.get('thread-index')), 'base64')).toHaveLength(27);
  expect(receipt.messageId).toMatch(/^<TRC-\d{6}\.receipt@triceps\.local>$/);
});

test('someone the client copied can reply into the ticket; a stranger naming it opens a new, linked request', async () => {
  const client = `cc-owner-${Date.now()}@client.example`;
  const colleague = `colleague-${Date.now()}@client.example`;
  const since = system.sink.mark();
  await system.sendMail({
    from: client,
    cc: colleague,
    subject: 'Не работает импорт',
    text: 'Импорт падает.',
  });
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  const number = /TRC-\d{6}/.exec(receipt.subject)![0];

  await system.sendMail({ from: colleague, subject: `Re: ${receipt.subject}`, text: 'Добавлю лог.' });
  await eventually(async () => expect(await kinds(number)).toContain('client_reply'));

  const stranger = `stranger-${Date.now()}@elsewhere.example`;
  const beforeStranger = system.sink.mark();
  await system.sendMail({ from: stranger, subject: `Re: ${receipt.subject}`, text: 'У нас то же самое' });
  const strangerReceipt = await waitForLetter(system, {
    to: stranger,
    kind: 'receipt',
    after: beforeStranger,
  });
  const newNumber = /TRC-\d{6}/.exec(strangerReceipt.subject)![0];
  expect(newNumber).not.toBe(number);
  const created = (await system.api(token, `/api/tickets/${newNumber}`)).body;
  expect(created.linkedTicket).toBe(number);
});

test('an auto-reply to our receipt is recorded on the ticket and answered by nothing', async () => {
  const { number, client, receipt } = await openTicket(system);
  const before = system.sink.letters.length;
  await system.sendMail({
    from: client,
    subject: `Автоответ: ${receipt.subject}`,
    text: 'Я в отпуске до понедельника.',
    inReplyTo: receipt.messageId,
    references: [receipt.messageId!],
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
  await eventually(async () => expect(await kinds(number)).toContain('auto_reply_received'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(system.sink.letters.length).toBe(before);
  expect(await ticketsOf(client)).toHaveLength(1);
});

test('a bounce of our letter marks it bounced, shows staff why, and is answered by nothing', async () => {
  const { number, receipt } = await openTicket(system);
  const before = system.sink.letters.length;
  const dsn = bounceReport(receipt.messageId!, receipt.subject);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: system.smtpPort, ignoreTLS: true });
  await transport.sendMail({ envelope: { from: '', to: ['support@triceps.local'] }, raw: dsn });
  transport.close();

  await eventually(async () => expect(await kinds(number)).toContain('letter_bounced'));
  const letter = await system.db.query(
    'SELECT bounced_at, bounce_reason FROM letters WHERE message_id = $1',
    [receipt.messageId],
  );
  expect(letter.rows[0].bounce_reason).toContain('550 5.1.1 user unknown');
  expect(system.sink.letters.length).toBe(before);
});

test('mailing-list mail becomes a ticket but gets no automatic receipt', async () => {
  const sender = `list-${Date.now()}@lists.client.example`;
  await system.sendMail({
    from: sender,
    subject: 'Рассылка: новости',
    text: 'Новости недели',
    headers: { 'List-Id': '<news.client.example>' },
  });
  const ticket = await eventually(async () => {
    const rows = await ticketsOf(sender);
    expect(rows).toHaveLength(1);
    return rows[0];
  });
  await eventually(async () => expect(await kinds(ticket.number)).toContain('letter_suppressed'));
  expect(lettersTo(system, sender)).toHaveLength(0);
});

test('our own letters coming back in are stored and ignored', async () => {
  await system.sendMail({ from: 'support@triceps.local', subject: '[TRC-000001] loop', text: 'looping' });
  const stored = await system.db.query(
    "SELECT ignored_reason FROM inbound_messages WHERE from_address = 'support@triceps.local'",
  );
  expect(stored.rows[0].ignored_reason).toMatch(/own-address/);
  expect(await ticketsOf('support@triceps.local')).toHaveLength(0);
});

test('a sender who writes again and again gets at most the hourly cap of automatic receipts', async () => {
  const sender = `busy-${Date.now()}@client.example`;
  for (let i = 1; i <= 3; i++)
    await system.sendMail({ from: sender, subject: `Вопрос ${i}`, text: `Текст ${i}` });
  await eventually(async () => expect(await ticketsOf(sender)).toHaveLength(3));
  await eventually(async () => {
    const suppressed = await system.db.query(
      `SELECT count(*)::int AS n FROM letters WHERE $1 = ANY(recipients) AND suppressed_reason IS NOT NULL`,
      [sender],
    );
    expect(suppressed.rows[0].n).toBe(1);
  });
  await eventually(async () => expect(letterKinds(system, sender)).toEqual(['receipt', 'receipt']));
});

test('a message over the size limit is refused with 552 and nothing is stored', async () => {
  const sender = `big-${Date.now()}@client.example`;
  await expect(
    system.sendMail({ from: sender, subject: 'Большой лог', text: 'x'.repeat(40_000) }),
  ).rejects.toThrow(/552/);
  const stored = await system.db.query(
    'SELECT count(*)::int AS n FROM inbound_messages WHERE from_address = $1',
    [sender],
  );
  expect(stored.rows[0].n).toBe(0);
});

test('mail arrives over STARTTLS, to an alias, and relays may authenticate; a wrong password is refused', async () => {
  const sender = `tls-${Date.now()}@client.example`;
  const secure = (password: string) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: system.smtpPort,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'relay', pass: password },
    });
  const wrong = secure('nope');
  await expect(
    wrong.sendMail({ from: sender, to: 'help@triceps.local', subject: 's', text: 't' }),
  ).rejects.toThrow(/535/);
  wrong.close();
  const right = secure('relay-secret');
  const since = system.sink.mark();
  await right.sendMail({ from: sender, to: 'help@triceps.local', subject: 'Через TLS', text: 'Проверка' });
  right.close();
  await waitForLetter(system, { to: sender, kind: 'receipt', after: since });
});

describe('when the outbound relay is down', () => {
  let relayPort: number;
  let down: TestSystem;
  beforeAll(async () => {
    relayPort = await freePort();
    down = await startTestSystem({ SMTP_URL: `smtp://127.0.0.1:${relayPort}` });
  });
  afterAll(async () => {
    await down?.close();
  });

  test('staff can still act, ops see the failing letter, and once it is back each letter goes out once', async () => {
    const client = `patient-${Date.now()}@client.example`;
    await down.sendMail({ from: client, subject: 'Письмо при упавшем релее', text: 'Проверка' });
    const number = await eventually(async () => {
      const rows = await down.db.query('SELECT number FROM tickets WHERE client_email = $1', [client]);
      expect(rows.rows).toHaveLength(1);
      return rows.rows[0].number as string;
    });
    await eventually(async () => {
      const letter = await down.db.query(
        "SELECT attempts, last_error FROM letters WHERE letter_key = 'receipt'",
      );
      expect(letter.rows[0].attempts).toBeGreaterThanOrEqual(1);
      expect(letter.rows[0].last_error).toMatch(/ECONNREFUSED/);
    });
    const staff = await down.addStaff('duty@netix.example');
    const seenByOps = (await down.api(staff, `/api/tickets/${number}`)).body.letters[0];
    expect(seenByOps).toMatchObject({
      key: 'receipt',
      sentAt: null,
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });
    const triaged = await act(down, staff, number, 'triage', {
      urgency: 'normal',
      rootCause: 'misuse',
      estimateMinutes: 30,
    });
    expect(triaged.status).toBe(200);

    const relay = await startSmtpSink(relayPort);
    try {
      const viaRelay = { ...down, sink: relay } as TestSystem; // a new sink: all it gets came after the outage
      await waitForLetter(viaRelay, { to: client, number, kind: 'receipt', after: 0, timeoutMs: 30_000 });
      await waitForLetter(viaRelay, { to: client, number, kind: 'promise', after: 0, timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(
        relay.letters.filter((letter) => letter.to.includes(client)).map((letter) => letter.messageId),
      ).toEqual([
        `<${number}.receipt@triceps.local>`,
        expect.stringMatching(new RegExp(`^<${number}\\.promise-\\d+@triceps\\.local>$`)),
      ]);
    } finally {
      await relay.close();
    }
  });
});
