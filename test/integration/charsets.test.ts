// Mail as Russian clients really send it, over real SMTP: every charset, HTML-only, attachments,
// broken MIME. The ticket shows readable text; the original bytes stay in the record.
import iconv from 'iconv-lite';
import nodemailer from 'nodemailer';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem();
  token = await system.addStaff('nina@netix.example');
});

afterAll(async () => {
  await system?.close();
});

let counter = 0;

/** Sends raw bytes as a client's mail and returns the ticket it became, as staff see it. */
async function ticketFromRaw(build: (from: string) => Buffer) {
  const from = `charset${++counter}-${Date.now()}@client.example`;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: system.smtpPort, ignoreTLS: true });
  await transport.sendMail({ envelope: { from, to: ['support@triceps.local'] }, raw: build(from) });
  transport.close();
  const number = await eventually(async () => {
    const rows = await system.db.query('SELECT number FROM tickets WHERE client_email = $1', [from]);
    expect(rows.rows).toHaveLength(1);
    return rows.rows[0].number as string;
  });
  return eventually(async () => {
    const ticket = (await system.api(token, `/api/tickets/${number}`)).body;
    expect(ticket.history.map((event: { kind: string }) => event.kind)).toContain('auto_triage');
    return ticket;
  });
}

const subject = 'Не работает печать отчётов';
const body =
  'Здравствуйте! При печати отчёта о продажах программа выдаёт ошибку и закрывается. Помогите, пожалуйста.';

function message(from: string, headers: string[], bodyBytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      [`From: ${from}`, 'To: support@triceps.local', `Message-ID: <${from}>`, ...headers, '', ''].join(
        '\r\n',
      ),
    ),
    bodyBytes,
    Buffer.from('\r\n'),
  ]);
}

const encodedSubject = (charset: string) =>
  `Subject: =?${charset}?B?${iconv.encode(subject, charset).toString('base64')}?=`;

test.each([
  ['UTF-8', 'utf-8'],
  ['windows-1251', 'windows-1251'],
  ['KOI8-R', 'koi8-r'],
])('a mail in %s with encoded-word subject reads as Russian', async (_name, charset) => {
  const ticket = await ticketFromRaw((from) =>
    message(
      from,
      [
        encodedSubject(charset),
        `Content-Type: text/plain; charset=${charset}`,
        'Content-Transfer-Encoding: 8bit',
      ],
      iconv.encode(body, charset),
    ),
  );
  expect(ticket.subject).toBe(subject);
  expect(ticket.summary).toContain('ошибку и закрывается');
  expect(ticket.language).toBe('ru');
});

test.each([['windows-1251'], ['koi8-r']])(
  '8-bit %s with no declared charset, in the subject and the body, is recognised by the text itself',
  async (charset) => {
    const ticket = await ticketFromRaw((from) =>
      Buffer.concat([
        Buffer.from(`From: ${from}\r\nTo: support@triceps.local\r\nMessage-ID: <${from}>\r\nSubject: `),
        iconv.encode(subject, charset),
        Buffer.from('\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
        iconv.encode(body, charset),
        Buffer.from('\r\n'),
      ]),
    );
    expect(ticket.subject).toBe(subject);
    expect(ticket.summary).toContain('ошибку и закрывается');
  },
);

test('a body declared iso-8859-1 that is really windows-1251 is read as windows-1251', async () => {
  const ticket = await ticketFromRaw((from) =>
    message(
      from,
      [
        encodedSubject('utf-8'),
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: 8bit',
      ],
      iconv.encode(body, 'windows-1251'),
    ),
  );
  expect(ticket.summary).toContain('ошибку и закрывается');
});

test('an HTML-only mail gets its text from the HTML', async () => {
  const ticket = await ticketFromRaw((from) =>
    message(
      from,
      [encodedSubject('utf-8'), 'Content-Type: text/html; charset=utf-8'],
      Buffer.from(`<html><body><p>${body}</p><style>p{color:red}</style></body></html>`),
    ),
  );
  expect(ticket.summary.replace(/\s+/g, ' ')).toContain('ошибку и закрывается');
  expect(ticket.summary).not.toContain('<p>');
  expect(ticket.summary).not.toContain('color:red');
});

test('attachments are stored with their names, types and sizes, never in the workflow', async () => {
  const from = `attach-${Date.now()}@client.example`;
  await system.sendMail({
    from,
    subject: 'Лог ошибки во вложении',
    text: body,
    attachments: [
      { filename: 'журнал.log', content: 'ERROR 42 at line 7\n'.repeat(100), contentType: 'text/plain' },
      { filename: 'screen.png', content: Buffer.alloc(2048, 7), contentType: 'image/png' },
    ],
  });
  const ticket = await eventually(async () => {
    const rows = await system.db.query('SELECT number FROM tickets WHERE client_email = $1', [from]);
    const found = (await system.api(token, `/api/tickets/${rows.rows[0].number}`)).body;
    expect(found.history.map((event: { kind: string }) => event.kind)).toContain('attachments');
    return found;
  });
  const attachments = ticket.history.find((event: { kind: string }) => event.kind === 'attachments').details
    .attachments;
  expect(attachments).toEqual([
    { filename: 'журнал.log', contentType: 'text/plain', size: 1900 },
    { filename: 'screen.png', contentType: 'image/png', size: 2048 },
  ]);
  const stored = await system.db.query(
    `SELECT a.filename, length(a.content) AS bytes FROM attachments a
       JOIN tickets t ON t.source_message_id = a.inbound_message_id WHERE t.number = $1 ORDER BY a.position`,
    [ticket.number],
  );
  expect(stored.rows).toEqual([
    { filename: 'журнал.log', bytes: 1900 },
    { filename: 'screen.png', bytes: 2048 },
  ]);
});

test('a broken MIME mail is registered with what could be read, and the problem is noted for staff', async () => {
  const ticket = await ticketFromRaw((from) =>
    message(
      from,
      [encodedSubject('utf-8'), 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="missing"'],
      Buffer.from(`--other\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n--other`),
    ),
  );
  expect(ticket.subject).toBe(subject);
  expect(ticket.summary).toContain('ошибку');
  expect(ticket.history.map((event: { kind: string }) => event.kind)).toContain('mail_problems');
  // The next mail is not held up behind it.
  const after = await ticketFromRaw((from) =>
    message(from, [encodedSubject('utf-8'), 'Content-Type: text/plain; charset=utf-8'], Buffer.from(body)),
  );
  expect(after.subject).toBe(subject);
});
