// The console's knowledge base in a real headless Chromium, on the Russian production calendar: a lead writes and
// revises an article through the form; a specialist resolves a ticket linking the article its receipt suggested
// (the client's completion letter checked at the SMTP sink); the list and the reports show it suggested and solved.
import type { Page } from 'playwright-core';
import { seedKnowledgeBase } from '../../bench/articleRelevance';
import { screenshot } from '../support/browser';
import { checkAndCloseConsole, openConsole, signInWithToken } from '../support/console';
import { act, openTicket, waitForLetter, type OpenedTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let page: Page;
let leadToken: string;
let annaToken: string;
let seeded: Map<string, number>;
let request: OpenedTicket;

const kktTitle = 'Касса не пробивает чеки: ошибка фискального накопителя';

beforeAll(async () => {
  system = await startTestSystem({ SUPPORT_CALENDAR: 'russia' });
  leadToken = await system.addStaff('lena.lead@netix.example', 'lead');
  annaToken = await system.addStaff('anna@netix.example');
  seeded = await seedKnowledgeBase(system.db);
  request = await openTicket(system, {
    subject: 'Срочно: не работает касса',
    text: 'Касса не пробивает чеки, на экране «Ошибка ФН». Магазин стоит!',
  });
  expect(request.receipt.text).toContain(kktTitle);
  await act(system, leadToken, request.number, 'triage', {
    urgency: 'high',
    rootCause: 'client_environment',
    estimateMinutes: 60,
  });
  page = await openConsole(system);
});

checkAndCloseConsole(() => ({ page, system }));

test('a lead writes an article through the form, sees it rendered, and revises it', async () => {
  await signInWithToken(page, leadToken);
  await page.getByRole('link', { name: 'База знаний' }).click();
  await page.getByRole('heading', { name: /База знаний/ }).waitFor();
  await page.locator(`tr[data-article="${seeded.get('kkt-ru')}"]`).waitFor();

  await page.getByRole('link', { name: 'Новая статья' }).click();
  await page.getByLabel('Текст (Markdown)').fill('## Что делать\n\nПерезапустите **службу обмена**.');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.locator('#article-title-error').waitFor(); // the title is required: said beside it

  await page.getByLabel('Заголовок').fill('Обмен с сайтом остановился');
  await page.getByLabel('Метки (через запятую)').fill('Обмен, сайт');
  await page.getByLabel('Раздел продукта').fill('Интеграции');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  const view = page.locator('article.knowledge-article');
  await view.getByRole('heading', { name: 'Обмен с сайтом остановился' }).waitFor();
  expect(await view.locator('.article-body h2').textContent()).toBe('Что делать');
  expect(await view.locator('.article-body strong').textContent()).toBe('службу обмена');
  const id = await view.getAttribute('data-article');
  expect(await view.getByRole('link', { name: 'Публичная страница' }).getAttribute('href')).toBe(
    `${system.apiUrl}/kb/${id}`,
  );

  await view.getByRole('link', { name: 'Править' }).click();
  await page.getByLabel('Заголовок').fill('Обмен с интернет-магазином остановился');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await view.getByRole('heading', { name: 'Обмен с интернет-магазином остановился' }).waitFor();
  await view.getByText('Редакция 2', { exact: false }).first().waitFor();
  await view.getByText('Редакции (2)').click();
  await view.locator('li[data-revision="1"]').getByText('Обмен с сайтом остановился').waitFor();

  const stored = await system.api(leadToken, `/api/articles/${id}`);
  expect(stored.body).toMatchObject({ revision: 2, tags: ['обмен', 'сайт'], productArea: 'Интеграции' });
});

test('a specialist resolves the ticket linking the suggested article; the client gets it in the letter', async () => {
  await signInWithToken(page, annaToken);
  await page.goto('/#/kb');
  await page.locator(`tr[data-article="${seeded.get('kkt-ru')}"]`).waitFor();
  expect(await page.getByRole('link', { name: 'Новая статья' }).count()).toBe(0); // not a writer

  await page.goto(`/#/ticket/${request.number}`);
  await page.locator(`article[data-number="${request.number}"][data-status="scheduled"]`).waitFor();
  await page.getByRole('tab', { name: 'Решить' }).click();
  const resolve = page.locator('form[data-action="resolve"]');
  const articles = resolve.getByLabel('Статьи базы знаний для клиента');
  await articles.locator('option').first().waitFor({ state: 'attached' });
  // The receipt's suggestion comes first, marked; only Russian articles, the ticket's language, are offered.
  expect(await articles.locator('option').first().textContent()).toBe(`${kktTitle} (предложена в квитанции)`);
  expect(await articles.locator('option', { hasText: 'Printing produces blank pages' }).count()).toBe(0);
  await articles.selectOption(String(seeded.get('kkt-ru')));
  await resolve.getByLabel('Что исправлено').fill('Касса снова пробивает чеки.');
  await resolve.getByLabel('Как', { exact: true }).fill('Заменён фискальный накопитель.');
  await resolve.getByLabel('Как избежать в будущем').fill('Следите за сроком ФН.');
  const since = system.sink.mark();
  await resolve.getByRole('button', { name: 'Решить' }).click();
  await page.locator(`article[data-number="${request.number}"][data-status="resolved"]`).waitFor();
  const completion = await waitForLetter(system, { to: request.client, kind: 'completion', after: since });
  expect(completion.text).toContain(
    `Подробнее в нашей базе знаний:\n• ${kktTitle}\n  ${system.apiUrl}/kb/${seeded.get('kkt-ru')}`,
  );

  await page.goto('/#/kb');
  const row = page.locator(`tr[data-article="${seeded.get('kkt-ru')}"]`);
  await row.locator('[data-field="solved"]', { hasText: '1' }).waitFor();
  expect(await row.locator('[data-field="suggested"]').textContent()).toBe('1');
  await screenshot(page, 'knowledge-base');
});

test('the reports page shows the articles suggested and the articles that solved tickets', async () => {
  await page.goto('/#/reports');
  const report = page.locator('[data-report="articles"]');
  await report.locator('canvas').waitFor();
  await report.getByText('Квитанций с подсказками: 1 из 1; заявок, решённых со статьёй: 1 из 1.').waitFor();
  await report.getByText('Цифры').click();
  const row = report.locator('tbody tr').first();
  expect((await row.locator('th, td').allTextContents()).map((cell) => cell.trim())).toEqual([
    kktTitle,
    '1',
    '1',
    '1',
  ]);
  await page.getByRole('button', { name: 'EN' }).click();
  await report.getByRole('heading', { name: 'Knowledge base: suggestions and tickets solved' }).waitFor();
  await page.getByRole('button', { name: 'RU' }).click();
});
