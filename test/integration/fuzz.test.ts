// Hostile mail through the real SMTP listener: broken MIME, wrong charsets, huge headers, deep nesting, NUL
// bytes, mail at the size limit, a million Cc, and a seeded run of mutated mail. Nothing crashes or hangs: every
// message is stored (250) or refused with a reason, and a ticket whose mail could not be read says so.
// FUZZ_SEED and FUZZ_CASES run the random part longer locally: FUZZ_SEED=7 FUZZ_CASES=2000 npx jest fuzz
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { MAX_CHECKED_HEADER_LINES } from '../../mail/authentication';
import { MAX_SUBJECT_LENGTH, readInboundHeaders } from '../../mail/inboundMessage';
import { parseRequest } from '../../mail/requestText';
import { mulberry32, pick, type Random } from '../../bench/random';
import { eventually } from '../support/eventually';
import { sendRaw, type SmtpReply } from '../support/rawSmtp';
import { waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

jest.setTimeout(120_000);

// Large enough for a Cc of a million addresses (about 14 MB); the production default is 25 MB.
const LIMIT = 16 * 1024 * 1024;
const SUPPORT = 'support@triceps.local';
const TRANSACTION_MS = 30_000; // the longest any one SMTP transaction may take

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem({ SMTP_MAX_MESSAGE_BYTES: String(LIMIT) });
  token = await system.addStaff('fuzz@netix.example');
});

afterAll(async () => {
  await system?.close();
});

let counter = 0;
const sender = (name: string) => `${name}-${++counter}-${Date.now()}@client.example`;

const russian =
  'Здравствуйте! При печати отчёта о продажах программа выдаёт ошибку и закрывается. Помогите, пожалуйста.';

/** A mail's header block (CRLF lines) and body bytes, joined as the wire carries them. */
function mail(from: string, headers: string[], body: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(
      [
        `From: ${from}`,
        `To: ${SUPPORT}`,
        `Message-ID: <${from}>`,
        'MIME-Version: 1.0',
        ...headers,
        '',
        '',
      ].join('\r\n'),
      'latin1',
    ),
    typeof body === 'string' ? Buffer.from(body) : body,
    Buffer.from('\r\n'),
  ]);
}

interface Delivered {
  reply: SmtpReply;
  from: string; // the From header: the client
  envelope: string; // MAIL FROM, as a client's provider sets it: a ticket that names this lost its From header
}

async function deliver(name: string, build: (from: string) => Buffer): Promise<Delivered> {
  const from = sender(name);
  const envelope = `srs-${from.replace('@', '=')}@relay.example`;
  const reply = await sendRaw(
    system.smtpPort,
    { from: envelope, to: [SUPPORT] },
    build(from),
    TRANSACTION_MS,
  );
  return { reply, from, envelope };
}

/** The ticket a stored mail became, as staff see it once registered, after its receipt went out. */
async function ticketOf(envelopeFrom: string, timeoutMs = 30_000) {
  const number = await eventually(async () => {
    const rows = await system.db.query(
      `SELECT t.number FROM inbound_messages m JOIN tickets t ON t.source_message_id = m.id
        WHERE m.envelope_from = $1`,
      [envelopeFrom],
    );
    expect(rows.rows).toHaveLength(1);
    return rows.rows[0].number as string;
  }, timeoutMs);
  const ticket = await eventually(async () => {
    const found = (await system.api(token, `/api/tickets/${number}`)).body;
    expect(kinds(found)).toContain('auto_triage');
    return found;
  }, timeoutMs);
  // The client hears of it, and only the client: never the Cc.
  const receipt = await waitForLetter(system, {
    to: ticket.client.email,
    kind: 'receipt',
    number,
    after: 0,
    timeoutMs,
  });
  expect(receipt.to).toEqual([ticket.client.email]);
  return ticket;
}

type Ticket = { history: { kind: string; details: unknown }[] };
const kinds = (ticket: Ticket) => ticket.history.map((event) => event.kind);
const problems = (ticket: Ticket): string[] =>
  ticket.history
    .filter((event) => event.kind === 'mail_problems')
    .flatMap((event) => (event.details as { problems: string[] }).problems);

async function storedCount(envelopeFrom: string): Promise<number> {
  const rows = await system.db.query(
    'SELECT count(*)::int AS n FROM inbound_messages WHERE envelope_from = $1',
    [envelopeFrom],
  );
  return rows.rows[0].n;
}

const accepted = (reply: SmtpReply) =>
  expect({ code: reply.code, stage: reply.stage }).toEqual({ code: 250, stage: 'message' });

function nested(depth: number, leaf: string): string {
  let entity = `Content-Type: text/plain; charset=utf-8\r\n\r\n${leaf}\r\n`;
  for (let level = depth; level > 0; level--) {
    entity = `Content-Type: multipart/mixed; boundary="level${level}"\r\n\r\n--level${level}\r\n${entity}\r\n--level${level}--\r\n`;
  }
  return entity;
}

describe('broken MIME boundaries', () => {
  test('a multipart mail that ends before its closing boundary is read, and the ticket says parts may be missing', async () => {
    const { reply, from, envelope } = await deliver('unclosed', (from) =>
      mail(
        from,
        ['Subject: Unclosed', 'Content-Type: multipart/mixed; boundary="outer"'],
        `--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${russian}\r\n`,
      ),
    );
    accepted(reply);
    const ticket = await ticketOf(envelope);
    expect(ticket.client.email).toBe(from);
    expect(ticket.summary).toContain('ошибку и закрывается');
    expect(problems(ticket)).toEqual([
      expect.stringMatching(/ends before the closing boundary.*parts may be missing/),
    ]);
  });

  test('a multipart mail that declares no boundary is read with the one its body uses, and says so', async () => {
    const { reply, from, envelope } = await deliver('undeclared', (from) =>
      mail(
        from,
        ['Subject: Undeclared', 'Content-Type: multipart/mixed'],
        `--found\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${russian}\r\n--found--`,
      ),
    );
    accepted(reply);
    const ticket = await ticketOf(envelope);
    expect(ticket.client.email).toBe(from);
    expect(ticket.summary).toContain('ошибку и закрывается');
    expect(problems(ticket)).toEqual([
      expect.stringMatching(/names no boundary; read with the boundary "found"/),
    ]);
  });

  test('a nested multipart that reuses its parent boundary keeps the text it can reach', async () => {
    const { reply, from, envelope } = await deliver('reused', (from) =>
      mail(
        from,
        ['Subject: Reused boundary', 'Content-Type: multipart/mixed; boundary="same"'],
        [
          '--same',
          'Content-Type: multipart/alternative; boundary="same"',
          '',
          '--same',
          'Content-Type: text/plain; charset=utf-8',
          '',
          russian,
          '--same--',
          '--same--',
        ].join('\r\n'),
      ),
    );
    accepted(reply);
    const ticket = await ticketOf(envelope);
    expect(ticket.client.email).toBe(from);
    expect(ticket.subject).toBe('Reused boundary');
    expect(ticket.summary).toContain('ошибку и закрывается');
  });
});

test('a reply that cannot be read whole joins its ticket, and the ticket notes what was lost', async () => {
  const {
    reply: first,
    from,
    envelope,
  } = await deliver('replier', (from) =>
    mail(from, ['Subject: First', 'Content-Type: text/plain; charset=utf-8'], russian),
  );
  accepted(first);
  const ticket = await ticketOf(envelope);
  const receipt = await waitForLetter(system, { to: from, kind: 'receipt', number: ticket.number, after: 0 });
  const answer = await sendRaw(
    system.smtpPort,
    { from: envelope, to: [SUPPORT] },
    Buffer.from(
      [
        `From: ${from}`,
        `To: ${SUPPORT}`,
        `Message-ID: <reply-${from}>`,
        `Subject: Re: ${receipt.subject}`,
        `In-Reply-To: ${receipt.messageId}`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="cut"',
        '',
        '--cut',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Still\0 broken',
        '',
      ].join('\r\n'),
    ),
  );
  accepted(answer);
  const noted = await eventually(async () => {
    const current = (await system.api(token, `/api/tickets/${ticket.number}`)).body;
    expect(current.conversation.filter((entry: { kind: string }) => entry.kind === 'reply')).toHaveLength(1);
    expect(problems(current)).toEqual([
      'the message is not valid MIME: it ends before the closing boundary of its multipart/mixed body; parts may be missing',
      'the message holds NUL bytes, which were left out of its text',
    ]);
    return current;
  });
  const replyEntry = noted.conversation.find((entry: { kind: string }) => entry.kind === 'reply');
  expect(replyEntry.text).toContain('Still broken');
});

describe('wrong and missing charsets', () => {
  test('a body declared koi8-r whose bytes are windows-1251 reads as Russian', async () => {
    const { reply, from, envelope } = await deliver('koi8', (from) =>
      mail(
        from,
        ['Subject: koi8', 'Content-Type: text/plain; charset=koi8-r', 'Content-Transfer-Encoding: 8bit'],
        iconv.encode(russian, 'windows-1251'),
      ),
    );
    accepted(reply);
    const ticket = await ticketOf(envelope);
    expect(ticket.client.email).toBe(from);
    expect(ticket.summary).toContain('ошибку и закрывается');
  });

  test('an unknown charset name is read by the text itself', async () => {
    const { reply, from, envelope } = await deliver('klingon', (from) =>
      mail(
        from,
        [
          'Subject: klingon',
          'Content-Type: text/plain; charset=x-klingon',
          'Content-Transfer-Encoding: 8bit',
        ],
        Buffer.from(russian),
      ),
    );
    accepted(reply);
    const ticket = await ticketOf(envelope);
    expect(ticket.client.email).toBe(from);
    expect(ticket.summary).toContain('ошибку и закрывается');
  });

  test('8-bit bytes with no charset at all are recognised', async () => {
    const { reply, from, envelope } = await deliver('nocharset', (from) =>
      mail(from, ['Subject: none', 'Content-Transfer-Encoding: 8bit'], iconv.encode(russian, 'koi8-r')),
    );
    accepted(reply);
    const ticket = await ticketOf(envelope);
    expect(ticket.client.email).toBe(from);
    expect(ticket.summary).toContain('ошибку и закрывается');
  });
});

describe('huge headers', () => {
  test('a Subject of 1 MB is stored; the ticket keeps the sender and says the header could not be read in full', async () => {
    const { reply, from, envelope } = await deliver('subject1mb', (from) =>
      mail(
        from,
        [`Subject: Help ${'x'.repeat(1024 * 1024)}`, 'Content-Type: text/plain; charset=utf-8'],
        russian,
      ),
    );
    accepted(reply);
    expect(reply.ms).toBeLessThan(TRANSACTION_MS);
    const ticket = await ticketOf(envelope);
    expect(ticket.client.email).toBe(from);
    expect(ticket.subject).toBe(`Help ${'x'.repeat(MAX_SUBJECT_LENGTH - 6)}…`);
    expect(ticket.summary).toContain('ошибку и закрывается');
    expect(problems(ticket)).toEqual([
      'the message is not valid MIME: a header block is over 1 MB, more than is read; the text is its raw body',
      `the subject is ${1024 * 1024 + 5} characters long; the ticket shows its first ${MAX_SUBJECT_LENGTH}`,
    ]);
  });

  test('a header line ten times the SMTP line limit is stored and read', async () => {
    const { reply, from, envelope } = await deliver('longline', (from) =>
      mail(
        from,
        ['Subject: Long line', `X-Long: ${'y'.repeat(10_000)}`, 'Content-Type: text/plain; charset=utf-8'],
        russian,
      ),
    );
    accepted(reply);
    const ticket = await ticketOf(envelope);
    expect(ticket.client.email).toBe(from);
    expect(ticket.subject).toBe('Long line');
    expect(ticket.summary).toContain('ошибку и закрывается');
  });
});

test.each([100, 1000])('MIME nested %i levels deep is read to its innermost text', async (depth) => {
  const { reply, from, envelope } = await deliver('deep', (from) =>
    Buffer.from(
      `From: ${from}\r\nTo: ${SUPPORT}\r\nMessage-ID: <${from}>\r\nSubject: Deep\r\nMIME-Version: 1.0\r\n${nested(depth, russian)}`,
    ),
  );
  accepted(reply);
  const ticket = await ticketOf(envelope);
  expect(ticket.client.email).toBe(from);
  expect(ticket.subject).toBe('Deep');
  expect(ticket.summary).toContain('ошибку и закрывается');
  expect(problems(ticket)).toEqual([]);
});

test('NUL bytes in a header and in the body are stored and the ticket reads without them', async () => {
  const { reply, from, envelope } = await deliver('nul', (from) =>
    mail(
      from,
      ['Subject: Null\0here', 'Content-Type: text/plain; charset=utf-8'],
      `before\0after ${russian}`,
    ),
  );
  accepted(reply);
  const ticket = await ticketOf(envelope);
  expect(ticket.client.email).toBe(from);
  expect(ticket.subject).toBe('Nullhere');
  expect(ticket.summary).toContain('beforeafter');
  expect(problems(ticket)).toEqual(['the message holds NUL bytes, which were left out of its text']);
});

describe('the size limit', () => {
  /** A mail with one attachment, padded so that the DATA the server counts is exactly `bytes` long. */
  function sized(from: string, bytes: number): Buffer {
    const headers = ['Subject: Big attachment', 'Content-Type: multipart/mixed; boundary="b"'];
    const open = `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${russian}\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="dump.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
    const close = '\r\n--b--';
    const empty = mail(from, headers, open + close).length;
    const fill = bytes - empty;
    const base64 = Buffer.alloc(Math.ceil((fill * 3) / 4), 0x5a)
      .toString('base64')
      .slice(0, fill);
    const lines = base64.match(/.{1,76}/g)!.join('\r\n');
    // Line breaks add bytes: take them off the end of the content, keeping whole base64 quanta where possible.
    const trimmed = lines.slice(0, lines.length - (lines.length - fill));
    const message = mail(from, headers, open + trimmed + close);
    expect(message.length).toBe(bytes);
    return message;
  }

  test('a mail of exactly SMTP_MAX_MESSAGE_BYTES is accepted with its attachment', async () => {
    const { reply, from, envelope } = await deliver('atlimit', (from) => sized(from, LIMIT));
    accepted(reply);
    const ticket = await ticketOf(envelope, 60_000);
    expect(ticket.client.email).toBe(from);
    const parsed = ticket.history.find((event: { kind: string }) => event.kind === 'attachments');
    expect(parsed.details.attachments).toEqual([
      { filename: 'dump.bin', contentType: 'application/octet-stream', size: expect.any(Number) },
    ]);
    expect(parsed.details.attachments[0].size).toBeGreaterThan(LIMIT * 0.7);
  });

  test('one byte over is refused with 552 and its reason, and nothing is stored', async () => {
    const { reply, envelope } = await deliver('overlimit', (from) => sized(from, LIMIT + 1));
    expect(reply).toMatchObject({
      code: 552,
      stage: 'message',
      text: `5.3.4 Message exceeds the limit of ${LIMIT} bytes`,
    });
    expect(await storedCount(envelope)).toBe(0);
  });
});

test('a Cc of a million addresses is stored and becomes a ticket that says its header was too large to read', async () => {
  const { reply, from, envelope } = await deliver('millioncc', (from) => {
    const cc = Array.from({ length: 1_000_000 }, (_, i) => `c${i}@x.ru`).join(',\r\n ');
    return mail(from, ['Subject: Everyone', `Cc: ${cc}`, 'Content-Type: text/plain; charset=utf-8'], russian);
  });
  accepted(reply);
  const ticket = await ticketOf(envelope, 60_000);
  expect(ticket.client.email).toBe(from);
  expect(ticket.subject).toBe('Everyone');
  expect(problems(ticket)).toEqual([
    'the message is not valid MIME: a header block is over 1 MB, more than is read; the text is its raw body',
  ]);
  // Its sender is not checked (mailauth's time grows with the square of the header's lines), and says so.
  const request = ticket.conversation.find((entry: { direction: string }) => entry.direction === 'in');
  expect(request.authentication).toMatchObject({
    dmarc: { result: 'permerror' },
    note: `not checked: the header has more than ${MAX_CHECKED_HEADER_LINES} lines`,
  });
  // The Cc kept is the part of it that was read; the whole list stays in the raw mail.
  expect(request.cc.length).toBeGreaterThan(100);
  expect(request.cc.length).toBeLessThan(2000);
  expect(request.cc[0]).toBe('c0@x.ru');
});

// ---- Seeded random mutations of valid mail ------------------------------------------------------------

const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const cases = Number(process.env.FUZZ_CASES ?? 150);

function validMail(random: Random, from: string): Buffer {
  const kind = pick(random, ['plain', 'multipart', 'cyrillic', 'html'] as const);
  const headers = ['Subject: =?utf-8?B?' + Buffer.from('Ошибка в отчёте').toString('base64') + '?='];
  if (kind === 'plain') return mail(from, [...headers, 'Content-Type: text/plain; charset=utf-8'], russian);
  if (kind === 'cyrillic')
    return mail(
      from,
      [...headers, 'Content-Type: text/plain; charset=windows-1251', 'Content-Transfer-Encoding: 8bit'],
      iconv.encode(russian, 'windows-1251'),
    );
  if (kind === 'html')
    return mail(from, [...headers, 'Content-Type: text/html; charset=utf-8'], `<p>${russian}</p>`);
  return mail(
    from,
    [...headers, 'Content-Type: multipart/mixed; boundary="mix"'],
    [
      '--mix',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Hello =D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82',
      '--mix',
      'Content-Type: text/plain; name="log.txt"',
      'Content-Disposition: attachment; filename="log.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('ERROR 42\n'.repeat(20)).toString('base64'),
      '--mix--',
    ].join('\r\n'),
  );
}

/** Byte flips, truncation, duplicated or dropped header lines, inserted junk: one to four of them. */
function mutate(random: Random, message: Buffer): Buffer {
  let bytes = Buffer.from(message);
  const steps = 1 + Math.floor(random() * 4);
  for (let step = 0; step < steps; step++) {
    const at = Math.floor(random() * bytes.length);
    switch (pick(random, ['flip', 'truncate', 'duplicate', 'drop', 'junk', 'crlf'] as const)) {
      case 'flip':
        for (let n = 1 + Math.floor(random() * 8); n > 0; n--) {
          const position = Math.floor(random() * bytes.length);
          bytes[position] = bytes[position]! ^ (1 << Math.floor(random() * 8));
        }
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'duplicate': {
        const lines = bytes.toString('latin1').split('\r\n');
        const end = lines.indexOf('');
        const line = Math.floor(random() * (end > 0 ? end : lines.length));
        const copies = Array(1 + Math.floor(random() * 50)).fill(lines[line]);
        lines.splice(line, 0, ...copies);
        bytes = Buffer.from(lines.join('\r\n'), 'latin1');
        break;
      }
      case 'drop': {
        const lines = bytes.toString('latin1').split('\r\n');
        lines.splice(Math.floor(random() * lines.length), 1);
        bytes = Buffer.from(lines.join('\r\n'), 'latin1');
        break;
      }
      case 'junk': {
        const junk = Buffer.from(
          Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)),
        );
        bytes = Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]);
        break;
      }
      case 'crlf':
        bytes = Buffer.from(
          bytes.toString('latin1').replace(/\r\n/g, random() < 0.5 ? '\n' : '\r'),
          'latin1',
        );
        break;
    }
  }
  return bytes;
}

test(`${cases} mutated mails (seed ${seed}) are each stored or refused, and end as a ticket or an outcome`, async () => {
  const random = mulberry32(seed);
  const outcomes: { from: string; reply: SmtpReply; raw: Buffer; index: number }[] = [];
  let [sending, current, currentMail]: [boolean, number, Buffer] = [true, 0, Buffer.alloc(0)];
  try {
    for (let index = 0; index < cases; index++) {
      const from = sender(`random${index}`);
      const raw = mutate(random, validMail(random, from));
      [current, currentMail] = [index, raw];
      const reply = await sendRaw(system.smtpPort, { from, to: [SUPPORT] }, raw, TRANSACTION_MS);
      outcomes.push({ from, reply, raw, index });
      if (reply.code !== 250) expect(reply.text).toMatch(/\S/); // a refusal gives its reason
      expect(reply.code === 250 || (reply.code >= 400 && reply.code < 600)).toBe(true);
      // Stored under its sender, or kept once as a redelivery: a mutation can leave two mails the same Message-ID
      // (one cut short to "<ran"), or, with none, the same bytes (the key is then their hash).
      const { messageKey } = await readInboundHeaders(raw);
      const stored = await system.db.query(
        'SELECT count(*)::int AS n FROM inbound_messages WHERE envelope_from = $1 OR message_key = $2',
        [from, messageKey],
      );
      expect(stored.rows[0].n).toBe(reply.code === 250 ? 1 : 0);
    }
    sending = false;
    // Every stored mail becomes a ticket, or is stored with the reason it makes none.
    await eventually(async () => {
      const rows = await system.db.query(
        `SELECT m.envelope_from, m.ignored_reason, t.number FROM inbound_messages m
           LEFT JOIN tickets t ON t.source_message_id = m.id OR t.id = m.reply_to_ticket_id
          WHERE m.envelope_from = ANY($1)`,
        [outcomes.filter(({ reply }) => reply.code === 250).map(({ from }) => from)],
      );
      const unresolved = rows.rows.filter((row) => !row.number && !row.ignored_reason);
      expect(unresolved).toEqual([]);
    }, 90_000);
    // Whatever could not be read is noted on the ticket: each problem the reader finds in the stored bytes, and
    // at least one where mailparser itself cannot read them.
    let noted = 0;
    for (const { from, raw, reply } of outcomes) {
      if (reply.code !== 250) continue;
      const rows = await system.db.query(
        `SELECT t.number FROM inbound_messages m JOIN tickets t ON t.source_message_id = m.id WHERE m.envelope_from = $1`,
        [from],
      );
      if (rows.rows.length === 0) continue; // automatic mail, or a redelivery
      const ticket = (await system.api(token, `/api/tickets/${rows.rows[0].number}`)).body;
      expect({ from, problems: problems(ticket) }).toEqual({
        from,
        problems: (await parseRequest(raw)).problems,
      });
      const unreadable = await simpleParser(raw).then(
        () => false,
        () => true,
      );
      if (unreadable)
        expect({ from, problems: problems(ticket) }).toEqual({
          from,
          problems: expect.arrayContaining([expect.any(String)]),
        });
      if (problems(ticket).length > 0) noted++;
    }
    expect(noted).toBeGreaterThan(0); // the mutations do break mail
  } catch (error) {
    const last = outcomes.at(-1);
    const where = sending
      ? `at case ${current}, the mail ${JSON.stringify(currentMail.toString('latin1').slice(0, 200))}…`
      : `after all cases were sent (the senders named below are random<case>-…)`;
    throw new Error(
      `fuzz failed with FUZZ_SEED=${seed} FUZZ_CASES=${cases} ${where}; the last answer was ` +
        `${last?.reply.code} ${last?.reply.text}: ${(error as Error).message}`,
      { cause: error },
    );
  }
});

test('after the fuzz the system still answers /healthz and turns a new mail into a ticket with a receipt', async () => {
  const health = await fetch(`${system.apiUrl}/healthz`);
  expect(health.status).toBe(200);
  const from = sender('after');
  const since = system.sink.mark();
  const reply = await sendRaw(
    system.smtpPort,
    { from, to: [SUPPORT] },
    mail(from, ['Subject: Still there?'], russian),
  );
  accepted(reply);
  const ticket = await ticketOf(from);
  expect(ticket.client.email).toBe(from);
  expect(ticket.subject).toBe('Still there?');
  await waitForLetter(system, { to: from, kind: 'receipt', number: ticket.number, after: since });
});
