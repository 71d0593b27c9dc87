// Search over the written record through the staff API: Russian inflections, prefixes, exact numbers, addresses
// and codes, text that only a reply or an attached log holds, ranking, snippets and paging.
import { MINUTE } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { act, openTicket, waitForLetter, type OpenedTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let anna: string;
let invoice: OpenedTicket; // счёт-фактура in the text, ORA-01555 and a hex code
let settings: OpenedTicket; // "настройки" in the subject
let mention: OpenedTicket; // "настройки" once in the text
let logs: OpenedTicket; // an attached log
let replied: OpenedTicket; // a word only in the client's reply

interface Hit {
  number: string;
  subject: string;
  status: string;
  source: string;
  snippet: string;
}

async function search(q: string, extra = ''): Promise<{ hits: Hit[]; nextCursor: string | null }> {
  const response = await system.api(anna, `/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(response.status).toBe(200);
  return response.body;
}

const numbersFound = async (q: string) => (await search(q)).hits.map((hit) => hit.number);

beforeAll(async () => {
  system = await startTestSystem({}, { ackWorkingMs: 30 * MINUTE });
  anna = await system.addStaff('anna@netix.example');
  invoice = await openTicket(system, {
    subject: 'Не приходит документ',
    text: 'Вторую неделю не приходит счёт-фактура за март. В журнале ORA-01555 и код 0x80070005.',
  });
  settings = await openTicket(system, {
    subject: 'Сбились настройки принтера',
    text: 'После обновления всё печатается на чистом листе.',
  });
  mention = await openTicket(system, {
    subject: 'Медленно открывается журнал',
    text: 'Журнал открывается минуту. Настройки мы не меняли, файлы > 2 ГБ & больше не открываются.',
  });

  const since = system.sink.mark();
  const client = `logs-${Date.now()}@client.example`;
  await system.sendMail({
    from: client,
    subject: 'Падает выгрузка',
    text: 'Журнал во вложении.',
    attachments: [
      {
        filename: 'export.log',
        content: '2026-03-01 10:00:01 FATAL deadlock detected while exporting batch 17\n',
        contentType: 'text/plain',
      },
    ],
  });
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  logs = { number: /TRC-\d{6}/.exec(receipt.subject)![0], client, receipt, since };

  replied = await openTicket(system, { subject: 'Касса не печатает чек', text: 'Касса молчит.' });
  await system.sendMail({
    from: replied.client,
    subject: `Re: ${replied.receipt.subject}`,
    inReplyTo: replied.receipt.messageId,
    text: 'Дополнение: термопринтер мигает красным.',
  });
  // Waits in PostgreSQL: reading the ticket through the API would decode the reply, and search must not need it.
  await eventually(async () => {
    const reply = await system.db.query(
      `SELECT 1 FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = $1 AND e.kind = 'client_reply'`,
      [replied.number],
    );
    expect(reply.rowCount).toBe(1);
  });
});

afterAll(async () => {
  await system?.close();
});

test('inflected forms of a hyphenated compound find each other, ё or е', async () => {
  for (const form of ['счёт-фактура', 'счета-фактуры', 'счетов-фактур', 'счет-фактуру ']) {
    expect(await numbersFound(form)).toEqual([invoice.number]);
  }
});

test('the last word is matched as a prefix while it is being typed', async () => {
  expect((await numbersFound('настр')).sort()).toEqual([settings.number, mention.number].sort());
  expect(await numbersFound('счёт-факт')).toEqual([invoice.number]);
});

test('ticket numbers, addresses and error codes are found exactly', async () => {
  const digits = invoice.number.slice(4);
  expect(await numbersFound(invoice.number)).toEqual([invoice.number]);
  expect(await numbersFound(digits)).toEqual([invoice.number]);
  expect(await numbersFound(`TRC ${Number(digits)}`)).toEqual([invoice.number]);
  expect(await numbersFound(invoice.client)).toEqual([invoice.number]);
  expect(await numbersFound('ORA-01555')).toEqual([invoice.number]);
  expect(await numbersFound('ora-01556')).toEqual([]);
  expect(await numbersFound('0x80070005')).toEqual([invoice.number]);
  // A number and a word: the word within that ticket.
  expect(await numbersFound(`${settings.number} принтер`)).toEqual([settings.number]);
  expect(await numbersFound(`${invoice.number} принтер`)).toEqual([]);
});

test("a word that only the client's reply holds finds the ticket, with the reply as the source", async () => {
  const { hits } = await search('термопринтер');
  expect(hits.map((hit) => [hit.number, hit.source])).toEqual([[replied.number, 'mail']]);
  expect(hits[0]!.snippet).toContain('<mark>термопринтер</mark>');
});

test('a word that only an attached log holds finds the ticket', async () => {
  const { hits } = await search('deadlock');
  expect(hits.map((hit) => [hit.number, hit.source])).toEqual([[logs.number, 'attachment']]);
  expect(hits[0]!.snippet).toContain('<mark>deadlock</mark> detected');
});

test('the words of a query may come from different texts of one ticket', async () => {
  // "принтера" is only in the subject, "листе" only in the request's text.
  expect(await numbersFound('принтера листе')).toEqual([settings.number]);
});

test('staff comments and resolutions are searched too', async () => {
  await act(system, anna, settings.number, 'comment', { text: 'Проверить драйвер спулера' });
  expect(await numbersFound('спулер')).toEqual([settings.number]);
});

test('a match in the subject ranks above a match in the text; the snippet marks it and escapes the rest', async () => {
  const { hits } = await search('настройки');
  expect(hits.map((hit) => hit.number)).toEqual([settings.number, mention.number]);
  expect(hits[0]).toMatchObject({ subject: 'Сбились настройки принтера', status: 'awaiting_triage' });
  expect(hits[1]!.snippet).toContain('<mark>Настройки</mark> мы не меняли');
  expect(hits[1]!.snippet).toContain('файлы &gt; 2 ГБ &amp; больше');
});

test('pages follow each other by cursor, without repeats, until there is none', async () => {
  const all = await numbersFound('журнал');
  expect(all.sort()).toEqual([invoice.number, mention.number, logs.number].sort());
  const first = await search('журнал', '&limit=2');
  expect(first.hits).toHaveLength(2);
  expect(first.nextCursor).toEqual(expect.any(String));
  const second = await search('журнал', `&limit=2&cursor=${first.nextCursor}`);
  expect(second.hits).toHaveLength(1);
  expect(second.nextCursor).toBeNull();
  expect([...first.hits, ...second.hits].map((hit) => hit.number).sort()).toEqual(all.sort());

  const refused = await system.api(anna, '/api/search?q=x&cursor=not-a-cursor');
  expect(refused.status).toBe(422);
});

test('q on the ticket list finds tickets by any of their text, with the other filters', async () => {
  const list = async (query: string) =>
    (await system.api(anna, `/api/tickets?${query}`)).body.tickets.map(
      (ticket: { number: string }) => ticket.number,
    );
  expect(await list(`q=${encodeURIComponent('счетов-фактур')}`)).toEqual([invoice.number]);
  expect(await list(`q=${encodeURIComponent('термопринтер')}`)).toEqual([replied.number]);
  expect(
    await list(`q=${encodeURIComponent('настройки')}&client=${encodeURIComponent(mention.client)}`),
  ).toEqual([mention.number]);
});
