// Mail authenticity over real SMTP: each inbound mail's SPF, DKIM and DMARC results are shown to staff, and
// a reply that fails DMARC for its From domain does not join its ticket but opens a new one linked to it.
// The sender domains and their DNS records are made up here and answered by a stub resolver.
import type Mail from 'nodemailer/lib/mailer';
import { storeInboundMessage } from '../../db/inboundMessages';
import { readInboundHeaders } from '../../mail/inboundMessage';
import { findThread } from '../../mail/threading';
import { eventually } from '../support/eventually';
import { composeMail, stubDns, type SenderDomain } from '../support/senderDomains';
import { waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

const dns = stubDns();
// Our SMTP client connects from 127.0.0.1: the domains below allow it, or not.
const signing = dns.publish('signing.example', {
  spf: 'v=spf1 ip4:127.0.0.1 -all',
  dmarc: 'v=DMARC1; p=reject',
});
dns.publish('strict.example', { spf: 'v=spf1 ip4:192.0.2.1 -all', dmarc: 'v=DMARC1; p=reject' });
const client = dns.publish('client.example', {
  spf: 'v=spf1 ip4:192.0.2.1 -all',
  dmarc: 'v=DMARC1; p=reject',
});

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem({}, {}, { dnsResolver: dns.resolver });
  token = await system.addStaff('gleb@netix.example');
});

afterAll(async () => {
  await system?.close();
});

let counter = 0;
const address = (domain: string) => `client${++counter}-${Date.now()}@${domain}`;

/** Sends a mail as the sender's server would, signed by `signer` when given; answers its Message-ID. */
async function send(mail: Mail.Options, signer?: SenderDomain): Promise<string> {
  const messageId = `<auth-${++counter}-${Date.now()}@${String(mail.from).split('@')[1]}>`;
  const to = system.config.support.address;
  const raw = await composeMail({ to, messageId, ...mail }, signer);
  await system.sendMail({ raw, envelope: { from: String(mail.from), to } });
  return messageId;
}

async function request(from: string, signer?: SenderDomain) {
  const since = system.sink.mark();
  await send({ from, subject: 'Отчёт не формируется', text: 'При формировании отчёта ошибка 500.' }, signer);
  const receipt = await waitForLetter(system, { to: from, kind: 'receipt', after: since });
  return { number: /TRC-\d{6}/.exec(receipt.subject)![0], receipt };
}

const ticket = async (number: string) => (await system.api(token, `/api/tickets/${number}`)).body;

const event = (history: { kind: string; details: Record<string, unknown> }[], kind: string) =>
  history.find((entry) => entry.kind === kind);

test('a DKIM-signed request from its own domain shows dkim and dmarc pass to staff', async () => {
  const from = address('signing.example');
  const { number } = await request(from, signing);

  const received = event((await ticket(number)).history, 'request_received');
  expect(received?.details.authentication).toEqual({
    spf: { result: 'pass', domain: 'signing.example' },
    dkim: { result: 'pass', domains: ['signing.example'] },
    dmarc: { result: 'pass', domain: 'signing.example', policy: 'reject' },
    arc: { result: 'none' },
  });
  // Staff reading the conversation see the same results beside the mail.
  const [mail] = (await ticket(number)).conversation;
  expect(mail).toMatchObject({
    direction: 'in',
    kind: 'request',
    authentication: received?.details.authentication,
  });
});

test('an unsigned request in the name of a p=reject domain from a host it does not allow shows dmarc fail', async () => {
  const from = address('strict.example');
  const { number } = await request(from);

  const received = event((await ticket(number)).history, 'request_received');
  expect(received?.details.authentication).toMatchObject({
    spf: { result: 'fail', domain: 'strict.example' },
    dkim: { result: 'none' },
    dmarc: { result: 'fail', domain: 'strict.example', policy: 'reject' },
  });
});

test('a reply that fails DMARC becomes a new ticket linked to the old one and flagged; a genuine reply joins', async () => {
  const from = address('client.example');
  const opened = await request(from, client);
  const inReplyTo = opened.receipt.messageId;

  const beforeForgery = system.sink.mark();
  // Threaded by In-Reply-To alone: the subject names no ticket, so only the failed reply's record links them.
  await send({ from, subject: 'Re: Отчёт не формируется', text: 'Переведите оплату.', inReplyTo });
  const newReceipt = await waitForLetter(system, { to: from, kind: 'receipt', after: beforeForgery });
  const newNumber = /TRC-\d{6}/.exec(newReceipt.subject)![0];
  expect(newNumber).not.toBe(opened.number);

  const created = await ticket(newNumber);
  expect(created.linkedTicket).toBe(opened.number);
  expect(event(created.history, 'linked')?.details.why).toMatch(/failed DMARC/);
  expect(event(created.history, 'mail_authentication_failed')?.details).toMatchObject({
    ticket: opened.number,
    authentication: { dmarc: { result: 'fail', domain: 'client.example' } },
  });
  const old = await ticket(opened.number);
  expect(event(old.history, 'unverified_reply')?.details).toMatchObject({ ticket: newNumber });
  expect(event(old.history, 'client_reply')).toBeUndefined();

  const genuine = await send(
    { from, subject: `Re: ${opened.receipt.subject}`, text: 'Лог во вложении.', inReplyTo },
    client,
  );
  const reply = await eventually(async () => {
    const found = event((await ticket(opened.number)).history, 'client_reply');
    expect(found).toBeDefined();
    return found!;
  });
  const stored = await system.db.query(
    'SELECT id, authentication FROM inbound_messages WHERE message_key = $1',
    [genuine],
  );
  expect(reply.details.inboundMessageId).toBe(Number(stored.rows[0].id));
  expect(stored.rows[0].authentication).toMatchObject({
    dkim: { result: 'pass' },
    dmarc: { result: 'pass' },
  });
});

test('a reply that a crash left stored but unchecked is checked by the sweeper before it can join its ticket', async () => {
  const from = address('client.example');
  const opened = await request(from, client);
  const to = system.config.support.address;
  const raw = await composeMail({
    from,
    to,
    messageId: `<crash-${Date.now()}@client.example>`,
    subject: 'Re: Отчёт не формируется',
    text: 'Срочно переведите оплату на новый счёт.',
    inReplyTo: opened.receipt.messageId,
  });
  // Stored as the intake stores it; then the process died before the check and the hand-off.
  const envelope = { mailFrom: from, rcptTo: [to] };
  const headers = await readInboundHeaders(raw, envelope, []);
  const thread = await findThread(system.db, headers);
  expect(thread?.ticketId).toBeDefined();
  const since = system.sink.mark();
  await storeInboundMessage(system.db, {
    raw,
    envelope,
    headers,
    workflowId: thread!.workflowId,
    replyToTicketId: thread!.ticketId,
  });

  // The sweeper (every 10 s) checks it, finds it fails DMARC and opens a linked ticket instead.
  const receipt = await waitForLetter(system, { to: from, kind: 'receipt', after: since, timeoutMs: 40_000 });
  const created = await ticket(/TRC-\d{6}/.exec(receipt.subject)![0]);
  expect(created.linkedTicket).toBe(opened.number);
  expect(event((await ticket(opened.number)).history, 'client_reply')).toBeUndefined();
}, 60_000);
