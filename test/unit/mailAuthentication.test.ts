// What staff are told of a mail's authenticity: SPF, DKIM, DMARC and ARC as result words with their
// domains, from mailauth's checks against a stub DNS zone.
import { authenticateMail, failsDmarc, MAX_CHECKED_HEADER_LINES } from '../../mail/authentication';
import { composeMail, stubDns } from '../support/senderDomains';

const dns = stubDns();
const signer = dns.publish('client.example', {
  spf: 'v=spf1 ip4:127.0.0.1 -all',
  dmarc: 'v=DMARC1; p=reject',
});
dns.publish('plain.example', { dkim: false });
const { resolver } = dns;

const mail = (from: string) => ({
  from,
  to: 'support@triceps.local',
  subject: 'Отчёт не формируется',
  text: 'Ошибка 500.',
  messageId: `<${Math.random().toString(36).slice(2)}@${from.split('@')[1]}>`,
});

test('a signed mail from an allowed host passes SPF, DKIM and DMARC for its domain', async () => {
  const raw = await composeMail(mail('ivan@client.example'), signer);
  const result = await authenticateMail(
    raw,
    { clientIp: '127.0.0.1', helo: 'mail.client.example', mailFrom: 'ivan@client.example' },
    { resolver },
  );
  expect(result).toEqual({
    spf: { result: 'pass', domain: 'client.example' },
    dkim: { result: 'pass', domains: ['client.example'] },
    dmarc: { result: 'pass', domain: 'client.example', policy: 'reject' },
    arc: { result: 'none' },
  });
  expect(failsDmarc(result)).toBe(false);
});

test('a signed mail from a host its domain does not allow still passes DMARC through DKIM', async () => {
  const raw = await composeMail(mail('ivan@client.example'), signer);
  const result = await authenticateMail(
    raw,
    { clientIp: '192.0.2.7', mailFrom: 'ivan@client.example' },
    { resolver },
  );
  expect(result.spf).toEqual({ result: 'fail', domain: 'client.example' });
  expect(result.dmarc.result).toBe('pass');
});

test('an unsigned mail in the name of a p=reject domain from a host it does not allow fails DMARC', async () => {
  const raw = await composeMail(mail('ivan@client.example'));
  const result = await authenticateMail(
    raw,
    { clientIp: '192.0.2.7', mailFrom: 'ivan@client.example' },
    { resolver },
  );
  expect(result).toMatchObject({
    spf: { result: 'fail' },
    dkim: { result: 'none', domains: [] },
    dmarc: { result: 'fail', domain: 'client.example', policy: 'reject' },
  });
  expect(failsDmarc(result)).toBe(true);
});

test('a mail whose body was changed after signing does not pass DKIM and names the signing domain', async () => {
  const raw = await composeMail(mail('ivan@client.example'), signer);
  const tampered = Buffer.from(raw.toString('utf8').replace(/\r\n\r\n[^]*$/, '\r\n\r\nSend money.\r\n'));
  const result = await authenticateMail(tampered, { clientIp: '192.0.2.7' }, { resolver });
  // mailauth words a body-hash mismatch `neutral` (RFC 8601 allows it); either way DMARC cannot count it.
  expect(result.dkim).toEqual({ result: 'neutral', domains: ['client.example'] });
  expect(result.dmarc.result).toBe('fail');
});

test('a domain that publishes nothing gives none everywhere', async () => {
  const raw = await composeMail(mail('anna@plain.example'));
  const result = await authenticateMail(
    raw,
    { clientIp: '192.0.2.7', mailFrom: 'anna@plain.example' },
    { resolver },
  );
  expect(result).toEqual({
    spf: { result: 'none', domain: 'plain.example' },
    dkim: { result: 'none', domains: [] },
    dmarc: { result: 'none', domain: 'plain.example' },
    arc: { result: 'none' },
  });
  expect(failsDmarc(result)).toBe(false);
});

test('without a connection, SPF is checked for the host the topmost Received header names', async () => {
  const raw = Buffer.concat([
    Buffer.from(
      'Received: from mail.client.example (mail.client.example [127.0.0.1])\r\n' +
        '\tby mx.netix.example with ESMTPS id 4F2; Mon, 2 Mar 2026 10:00:00 +0300\r\n' +
        'Return-Path: <ivan@client.example>\r\n',
    ),
    await composeMail(mail('ivan@client.example')),
  ]);
  const result = await authenticateMail(raw, {}, { resolver });
  expect(result.spf).toEqual({ result: 'pass', domain: 'client.example' });
  expect(result.dmarc.result).toBe('pass');
});

test('without a connection or a Received header, SPF is recorded as not checked and DKIM still decides', async () => {
  const raw = await composeMail(mail('ivan@client.example'), signer);
  const result = await authenticateMail(raw, {}, { resolver });
  expect(result.spf).toEqual({ result: 'none' });
  expect(result.note).toMatch(/SPF not checked/);
  expect(result.dkim.result).toBe('pass');
  expect(result.dmarc.result).toBe('pass');
});

test('DNS that never answers gives temperror within the timeout, never an exception', async () => {
  const raw = await composeMail(mail('ivan@client.example'), signer);
  const silent = () => new Promise<never>(() => {});
  const result = await authenticateMail(raw, { clientIp: '127.0.0.1' }, { resolver: silent, timeoutMs: 50 });
  expect(result).toMatchObject({
    spf: { result: 'temperror' },
    dkim: { result: 'temperror' },
    dmarc: { result: 'temperror' },
    arc: { result: 'temperror' },
  });
  expect(result.note).toMatch(/no answer from DNS/);
  expect(failsDmarc(result)).toBe(false);
});

test('a signed mail whose header has more lines than are checked is not checked, and cannot pass for its sender', async () => {
  const signed = await composeMail(mail('ivan@client.example'), signer);
  const cc = Array.from({ length: MAX_CHECKED_HEADER_LINES }, (_, i) => `c${i}@x.ru`).join(',\r\n ');
  const raw = Buffer.concat([Buffer.from(`Cc: ${cc}\r\n`), signed]);
  const result = await authenticateMail(
    raw,
    { clientIp: '127.0.0.1', helo: 'mail.client.example', mailFrom: 'ivan@client.example' },
    { resolver },
  );
  expect(result).toEqual({
    spf: { result: 'permerror' },
    dkim: { result: 'permerror', domains: [] },
    dmarc: { result: 'permerror' },
    arc: { result: 'permerror' },
    note: `not checked: the header has more than ${MAX_CHECKED_HEADER_LINES} lines`,
    unchecked: true,
  });
  expect(failsDmarc(result)).toBe(true);
});
