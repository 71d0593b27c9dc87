// The knowledge base over real HTTP, SMTP and PostgreSQL, on the Russian production calendar: leads write
// articles with their revision history, clients read them without a token, receipts suggest them and completion
// letters name the ones that solved the request.
import { createHash } from 'node:crypto';
import { seedKnowledgeBase } from '../../bench/articleRelevance';
import { eventually } from '../support/eventually';
import { act, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let lead: string;
let anna: string; // a specialist
let seeded: Map<string, number>; // bench/articleSet.ts's articles by key

beforeAll(async () => {
  system = await startTestSystem({ SUPPORT_CALENDAR: 'russia' });
  lead = await system.addStaff('lead@netix.example', 'lead');
  anna = await system.addStaff('anna@netix.example', 'specialist');
  seeded = await seedKnowledgeBase(system.db);
});

afterAll(async () => {
  await system?.close();
});

const article = {
  title: 'Не открывается журнал регистрации',
  body: '## Причина\n\nЖурнал **слишком велик**.\n\n<script>alert(1)</script>\n\n[Подробнее](javascript:alert(1))',
  language: 'ru',
  tags: ['Журнал', 'администрирование', 'журнал'],
  rootCause: 'client_environment',
  productArea: 'Администрирование',
};

async function publicPage(url: string) {
  const response = await fetch(url); // no token, no cookie
  return { response, html: await response.text() };
}

describe('articles through the API', () => {
  test('a lead writes an article: 201 with its id, revision 1 and its public url; staff list it', async () => {
    const created = await system.api(lead, '/api/articles', { body: article });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: article.title,
      language: 'ru',
      tags: ['журнал', 'администрирование'],
      rootCause: 'client_environment',
      productArea: 'Администрирование',
      revision: 1,
      archived: false,
      createdBy: 'lead@netix.example',
      url: `${system.apiUrl}/kb/${created.body.id}`,
      suggested: 0,
      solved: 0,
    });
    expect(created.body.html).toContain('<strong>слишком велик</strong>');
    const list = await system.api(anna, '/api/articles?tag=журнал');
    expect(list.body.articles.map((one: { id: number }) => one.id)).toEqual([created.body.id]);
    expect(list.body.total).toBe(1);
  });

  test('a specialist reads articles but may not write them: 403', async () => {
    const refused = await system.api(anna, '/api/articles', { body: article });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/lead or head or admin/);
    const id = seeded.get('kkt-ru')!;
    expect(
      (await system.api(anna, `/api/articles/${id}`, { method: 'PATCH', body: { title: 'x' } })).status,
    ).toBe(403);
    expect((await system.api(anna, `/api/articles/${id}`)).status).toBe(200);
  });

  test('bad input is refused with 422 naming the field', async () => {
    const cases: [object, string][] = [
      [{ ...article, title: '  ' }, 'title'],
      [{ ...article, language: 'de' }, 'language'],
      [{ ...article, body: undefined }, 'body'],
      [{ ...article, tags: 'журнал' }, 'tags'],
      [{ ...article, rootCause: 'gremlins' }, 'rootCause'],
    ];
    for (const [body, field] of cases) {
      const refused = await system.api(lead, '/api/articles', { body });
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect((await system.api(lead, '/api/articles/abc')).status).toBe(422);
    expect((await system.api(lead, '/api/articles/999999')).status).toBe(404);
    expect((await system.api(lead, '/api/articles?state=deleted')).status).toBe(422);
  });

  test('a change is a new revision; the history keeps every one, newest first', async () => {
    const { body: created } = await system.api(lead, '/api/articles', {
      body: { ...article, title: 'Журнал: первая редакция' },
    });
    const revised = await system.api(lead, `/api/articles/${created.id}`, {
      method: 'PATCH',
      body: { title: 'Журнал: вторая редакция', tags: ['журнал'], revision: 1 },
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ revision: 2, title: 'Журнал: вторая редакция', tags: ['журнал'] });
    expect(revised.body.body).toBe(article.body); // untouched fields stay

    const unchanged = await system.api(lead, `/api/articles/${created.id}`, {
      method: 'PATCH',
      body: { title: 'Журнал: вторая редакция' },
    });
    expect(unchanged.body.revision).toBe(2);

    const history = await system.api(anna, `/api/articles/${created.id}/revisions`);
    expect(history.status).toBe(200);
    expect(
      history.body.revisions.map(
        (one: { revision: number; title: string; author: string; tags: string[] }) => [
          one.revision,
          one.title,
          one.author,
          one.tags,
        ],
      ),
    ).toEqual([
      [2, 'Журнал: вторая редакция', 'lead@netix.example', ['журнал']],
      [1, 'Журнал: первая редакция', 'lead@netix.example', ['журнал', 'администрирование']],
    ]);
  });

  test('a change made from an older revision is refused with 409, and nothing is overwritten', async () => {
    const { body: created } = await system.api(lead, '/api/articles', { body: article });
    await system.api(lead, `/api/articles/${created.id}`, {
      method: 'PATCH',
      body: { body: 'Первая правка', revision: 1 },
    });
    const stale = await system.api(lead, `/api/articles/${created.id}`, {
      method: 'PATCH',
      body: { body: 'Вторая правка поверх первой', revision: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/revision 2/);
    expect((await system.api(lead, `/api/articles/${created.id}`)).body.body).toBe('Первая правка');
  });

  test('an archived article leaves the list, is found among the archived, and its page says so', async () => {
    const { body: created } = await system.api(lead, '/api/articles', {
      body: { ...article, title: 'Устаревшая статья про журнал' },
    });
    const archived = await system.api(lead, `/api/articles/${created.id}`, {
      method: 'PATCH',
      body: { archived: true },
    });
    expect(archived.body).toMatchObject({ archived: true, revision: 2 });
    const ids = async (query: string) =>
      (await system.api(anna, `/api/articles${query}`)).body.articles.map((one: { id: number }) => one.id);
    expect(await ids('?q=устаревш')).toEqual([]);
    expect(await ids('?q=устаревш&state=archived')).toEqual([created.id]);
    const { response, html } = await publicPage(created.url);
    expect(response.status).toBe(200);
    expect(html).toContain('Статья в архиве');
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
  });

  test('articles are found by words in either language, by language and by product area', async () => {
    const titles = async (query: string) =>
      (await system.api(anna, `/api/articles${query}`)).body.articles.map(
        (one: { title: string }) => one.title,
      );
    expect(await titles('?q=кассы')).toEqual(['Касса не пробивает чеки: ошибка фискального накопителя']);
    expect(await titles('?q=printers')).toEqual(['Printing produces blank pages']);
    expect(await titles('?q=ORA-01555&language=en')).toEqual([
      'ORA-01555 "snapshot too old" on large reports',
    ]);
    expect(await titles('?productArea=licensing')).toEqual(['License key not found after updating Triceps']);
  });
});

describe('public pages', () => {
  test('the public url needs no token: HTML in the article language, markup shown as text, no script', async () => {
    const { body: created } = await system.api(lead, '/api/articles', { body: article });
    const { response, html } = await publicPage(created.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-language')).toBe('ru');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<h1>Не открывается журнал регистрации</h1>');
    expect(html).toContain('<h2>Причина</h2>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|href="javascript/i);

    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).not.toMatch(/script-src/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(policy).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('an English article has an English page; the index lists a language; no such article is a 404 page', async () => {
    const english = await publicPage(`${system.apiUrl}/kb/${seeded.get('printing-en')}`);
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain('<h1>Printing produces blank pages</h1>');

    const index = await publicPage(`${system.apiUrl}/kb?language=en`);
    expect(index.html).toContain(
      `<a href="/kb/${seeded.get('sync-en')}">Warehouse synchronization stopped</a>`,
    );
    expect(index.html).not.toContain('Касса');

    const missing = await publicPage(`${system.apiUrl}/kb/424242`);
    expect(missing.response.status).toBe(404);
    expect(missing.html).toContain('<html lang=');
  });
});

describe('suggestions in the receipt and articles that solved the request', () => {
  const kkt = () => seeded.get('kkt-ru')!;
  const kktUrl = () => `${system.apiUrl}/kb/${kkt()}`;

  test('the receipt suggests the article that matches the request, with its public address', async () => {
    const { number, receipt } = await openTicket(system, {
      subject: 'Срочно: не работает касса',
      text: 'Добрый день! Касса не пробивает чеки, на экране «Ошибка ФН». Что делать?',
    });
    expect(receipt.text).toContain(
      'загляните в нашу базу знаний: возможно, ответ уже есть в этих статьях:\n' +
        `• Касса не пробивает чеки: ошибка фискального накопителя\n  ${kktUrl()}`,
    );
    expect(receipt.html).toContain(`<a href="${kktUrl()}">Касса не пробивает чеки`);
    const ticket = await system.api(lead, `/api/tickets/${number}`);
    expect(ticket.body.history).toContainEqual(
      expect.objectContaining({
        kind: 'articles_suggested',
        details: { articles: [expect.objectContaining({ id: kkt() })] },
      }),
    );
    expect((await system.api(anna, `/api/articles/${kkt()}`)).body.suggested).toBe(1);
  });

  test('an English request is offered English articles', async () => {
    const { receipt } = await openTicket(system, {
      subject: 'Sync with shops',
      text: 'Hello, warehouse stock does not update from the shops since yesterday, synchronization stopped.',
    });
    expect(receipt.text).toContain(
      `these articles from our knowledge base may already answer it:\n• Warehouse synchronization stopped\n` +
        `  ${system.apiUrl}/kb/${seeded.get('sync-en')}`,
    );
  });

  test('a request no article answers gets a receipt without suggestions', async () => {
    const { number, receipt } = await openTicket(system, {
      subject: 'Счёт на продление поддержки',
      text: 'Добрый день! Пришлите, пожалуйста, счёт на оплату продления поддержки на следующий год.',
    });
    expect(receipt.text).toContain(`зарегистрирован под номером ${number}`);
    expect(receipt.text).not.toMatch(/базу знаний|\/kb\//);
    const ticket = await system.api(lead, `/api/tickets/${number}`);
    expect(ticket.body.history.map((event: { kind: string }) => event.kind)).not.toContain(
      'articles_suggested',
    );
  });

  test('resolving with the article links it: the completion letter names it, and it counts as solved', async () => {
    const { number, client } = await openTicket(system, {
      subject: 'Касса',
      text: 'Пишет что исчерпан ресурс фискального накопителя, что делать с кассой?',
    });
    expect(
      (
        await act(system, lead, number, 'triage', {
          urgency: 'high',
          rootCause: 'client_environment',
          estimateMinutes: 30,
        })
      ).status,
    ).toBe(200);
    const resolution = {
      whatWasFixed: 'Касса снова пробивает чеки',
      how: 'Заменили фискальный накопитель',
      prevention: 'Следите за сроком ФН',
    };
    const unknown = await act(system, anna, number, 'resolve', {
      ...resolution,
      articleIds: [kkt(), 999999],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toMatch(/articleIds: there is no article 999999/);
    const { body: old } = await system.api(lead, '/api/articles', {
      body: { ...article, title: 'Старая касса' },
    });
    await system.api(lead, `/api/articles/${old.id}`, { method: 'PATCH', body: { archived: true } });
    expect((await act(system, anna, number, 'resolve', { ...resolution, articleIds: [old.id] })).status).toBe(
      422,
    );
    expect((await act(system, anna, number, 'resolve', { ...resolution, articleIds: 'kkt' })).status).toBe(
      422,
    );

    const since = system.sink.mark();
    const resolved = await act(system, anna, number, 'resolve', {
      ...resolution,
      articleIds: [kkt(), kkt()],
    });
    expect(resolved.status).toBe(200);
    const completion = await waitForLetter(system, { to: client, kind: 'completion', number, after: since });
    expect(completion.text).toContain(
      'Следите за сроком ФН\n\nПодробнее в нашей базе знаний:\n' +
        `• Касса не пробивает чеки: ошибка фискального накопителя\n  ${kktUrl()}\n\n`,
    );
    expect(completion.html).toContain(`<a href="${kktUrl()}">`);

    await eventually(async () => {
      expect((await system.api(anna, `/api/articles/${kkt()}`)).body).toMatchObject({
        suggested: 2,
        solved: 1,
      });
    });
    const report = await system.api(lead, '/api/reports/articles');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ receiptsWithSuggestions: 3, resolved: 1, resolvedWithArticle: 1 });
    expect(report.body.receipts).toBeGreaterThanOrEqual(4);
    expect(report.body.articles[0]).toEqual({
      id: kkt(),
      title: 'Касса не пробивает чеки: ошибка фискального накопителя',
      language: 'ru',
      suggested: 2,
      solved: 1,
      solvedAfterSuggestion: 1,
    });
  });

  test('an English client reads the linked article in an English completion letter', async () => {
    const { number, client } = await openTicket(system, {
      subject: 'Blank pages',
      text: 'Printing invoices produces blank pages, the preview is fine.',
    });
    await act(system, lead, number, 'triage', {
      urgency: 'normal',
      rootCause: 'client_environment',
      estimateMinutes: 30,
    });
    const since = system.sink.mark();
    const printing = seeded.get('printing-en')!;
    await act(system, lead, number, 'resolve', {
      whatWasFixed: 'Printing works',
      how: 'Reinstalled the driver',
      prevention: "Use the manufacturer's driver",
      articleIds: [printing],
    });
    const completion = await waitForLetter(system, { to: client, kind: 'completion', number, after: since });
    expect(completion.text).toContain(
      `More in our knowledge base:\n• Printing produces blank pages\n  ${system.apiUrl}/kb/${printing}`,
    );
  });
});
