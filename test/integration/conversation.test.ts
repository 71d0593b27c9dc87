// The written record of a ticket as staff read it: every mail in and letter out with its text and attachments,
// staff notes marked internal, and attachments downloaded safely.
import { MINUTE } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { act, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let anna: string;

beforeAll(async () => {
  system = await startTestSystem({}, { ackWorkingMs: 30 * MINUTE, reopenWindowMs: 60_000 });
  anna = await system.addStaff('anna@netix.example');
});

afterAll(async () => {
  await system?.close();
});

const triage = { urgency: 'normal', rootCause: 'product_defect', estimateMinutes: 60 };

interface Entry {
  direction: string;
  kind: string;
  internal: boolean;
  from: string | null;
  to: string[];
  cc: string[];
  subject: string | null;
  text: string;
  attachments: { id: number; filename: string; contentType: string; size: number; url: string }[];
}

async function conversation(number: string): Promise<Entry[]> {
  const ticket = await system.api(anna, `/api/tickets/${number}`);
  expect(ticket.status).toBe(200);
  return ticket.body.conversation;
}

test("a client's reply to the completion letter is in the conversation with its text", async () => {
  const { number, client } = await openTicket(system, {
    subject: 'Не проводится документ',
    text: 'При проведении документа ошибка 0x80070005.',
  });
  const beforeTriage = system.sink.mark();
  await act(system, anna, number, 'triage', triage);
  await waitForLetter(system, { to: client, number, kind: 'promise', after: beforeTriage });
  const beforeResolving = system.sink.mark();
  await act(system, anna, number, 'resolve', {
    whatWasFixed: 'Права на папку обмена',
    how: 'Выдали права службе',
    prevention: 'Не меняйте учётную запись службы',
  });
  const completion = await waitForLetter(system, {
    to: client,
    number,
    kind: 'completion',
    after: beforeResolving,
  });

  await system.sendMail({
    from: client,
    subject: `Re: ${completion.subject}`,
    inReplyTo: completion.messageId,
    references: completion.messageId,
    text: 'Всё равно не работает, ошибка та же\n\n> Права на папку обмена',
  });

  const entries = await eventually(async () => {
    const entries = await conversation(number);
    expect(entries.at(-1)).toMatchObject({ direction: 'in', kind: 'reply', from: client });
    return entries;
  });
  const reply = entries.at(-1)!;
  expect(reply.text).toContain('Всё равно не работает, ошибка та же');
  expect(reply.text).toContain('> Права на папку обмена'); // the full text: quotes are kept
  expect(reply.subject).toBe(`Re: ${completion.subject}`);

  // Oldest first: the request, our receipt and promise, the resolution (internal), the completion, the reply.
  expect(entries.map((entry) => `${entry.direction}:${entry.kind}`)).toEqual([
    'in:request',
    'out:receipt',
    'out:promise',
    'note:resolution',
    'out:completion',
    'in:reply',
  ]);
  const [request, receipt] = entries;
  expect(request).toMatchObject({ from: client, subject: 'Не проводится документ', internal: false });
  expect(request!.text).toContain('ошибка 0x80070005');
  expect(receipt).toMatchObject({ to: [client], internal: false });
  expect(receipt!.text).toContain(number);
  const resolution = entries.find((entry) => entry.kind === 'resolution')!;
  expect(resolution).toMatchObject({ internal: true, from: 'anna@netix.example' });
  expect(resolution.text).toContain('Выдали права службе');
});

test('a staff comment appears where it was made, marked internal; mail on Cc is shown', async () => {
  const { number, client } = await openTicket(system);
  await act(system, anna, number, 'comment', { text: 'Похоже на проблему с кэшем' });
  const entries = await conversation(number);
  expect(entries.at(-1)).toMatchObject({
    direction: 'note',
    kind: 'comment',
    internal: true,
    from: 'anna@netix.example',
    text: 'Похоже на проблему с кэшем',
  });

  await system.sendMail({
    from: client,
    cc: 'boss@client.example',
    subject: `Re: [${number}] Отчёт не формируется`,
    text: 'Добавил руководителя в копию.',
  });
  await eventually(async () => {
    const reply = (await conversation(number)).at(-1)!;
    expect(reply).toMatchObject({ direction: 'in', kind: 'reply', cc: ['boss@client.example'] });
    expect(reply.text).toContain('Добавил руководителя в копию.');
  });
});

test('attachments are listed with the mail and download with their bytes, a safe name and never as HTML', async () => {
  const log = 'ORA-01555: snapshot too old\nstack trace…\n';
  const since = system.sink.mark();
  const client = `logs-${Date.now()}@client.example`;
  await system.sendMail({
    from: client,
    subject: 'Падает выгрузка',
    text: 'Журнал во вложении.',
    attachments: [
      { filename: 'журнал ошибок.log', content: log, contentType: 'text/plain' },
      { filename: 'page.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
    ],
  });
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  const number = /TRC-\d{6}/.exec(receipt.subject)![0];

  const request = await eventually(async () => {
    const [request] = await conversation(number);
    expect(request!.attachments).toHaveLength(2);
    return request!;
  });
  const [logFile, page] = request.attachments;
  expect(logFile).toMatchObject({
    filename: 'журнал ошибок.log',
    contentType: 'text/plain',
    size: Buffer.byteLength(log),
    url: `/api/attachments/${logFile!.id}`,
  });

  const download = (url: string, token = anna) =>
    fetch(`${system.apiUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const logResponse = await download(logFile!.url);
  expect(logResponse.status).toBe(200);
  expect(await logResponse.text()).toBe(log);
  expect(logResponse.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(logResponse.headers.get('x-content-type-options')).toBe('nosniff');
  expect(logResponse.headers.get('content-disposition')).toBe(
    `attachment; filename="?????? ??????.log"; filename*=UTF-8''${encodeURIComponent('журнал ошибок')}.log`,
  );

  const pageResponse = await download(page!.url);
  expect(pageResponse.headers.get('content-type')).toBe('application/octet-stream');
  expect(pageResponse.headers.get('content-disposition')).toBe('attachment; filename=page.html');
  expect(await pageResponse.text()).toBe('<script>alert(1)</script>');

  expect((await download(page!.url, 'not-a-token')).status).toBe(401);
  expect((await download('/api/attachments/999999999')).status).toBe(404);
});

test('mail stored before its text was kept is decoded on first read, and kept', async () => {
  const { number } = await openTicket(system, { text: 'Старое письмо без сохранённого текста.' });
  await eventually(async () => expect((await conversation(number))[0]!.text).toContain('Старое письмо'));
  await system.db.query(
    `UPDATE inbound_messages SET body_text = NULL
      WHERE id = (SELECT source_message_id FROM tickets WHERE number = $1)`,
    [number],
  );
  expect((await conversation(number))[0]!.text).toContain('Старое письмо без сохранённого текста.');
  const kept = await system.db.query(
    `SELECT m.body_text FROM inbound_messages m JOIN tickets t ON t.source_message_id = m.id WHERE t.number = $1`,
    [number],
  );
  expect(kept.rows[0].body_text).toContain('Старое письмо без сохранённого текста.');
});
