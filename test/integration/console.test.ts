// The staff console in a real headless Chromium: sign-in by token and by a mailed link, a request that arrived by
// SMTP found in the triage queue, triaged, taken and resolved through the forms (the client's letters checked at
// the SMTP sink), the booking on the workload calendar moved by a lead, and full-text search of a client's reply.
// Runs on the Russian production calendar. Each main page is saved to docs/screenshots/ for the README.
import type { Page } from 'playwright-core';
import { MINUTE } from '../../domain/policy';
import { screenshot } from '../support/browser';
import { checkAndCloseConsole, openConsole, signInWithToken, signOut } from '../support/console';
import { eventually } from '../support/eventually';
import { act, openTicket, waitForLetter, type OpenedTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let page: Page;
let leadToken: string;
let request: OpenedTicket;

const lead = 'lena.lead@netix.example';
const anna = 'anna@netix.example';
const boris = 'boris@netix.example';

beforeAll(async () => {
  system = await startTestSystem({ SUPPORT_CALENDAR: 'russia' }, { ackWorkingMs: 120 * MINUTE });
  leadToken = await system.addStaff(lead, 'lead');
  await system.addStaff(anna);
  await system.addStaff(boris);
  await seedOtherWork();
  page = await openConsole(system);
});

checkAndCloseConsole(() => ({ page, system }));

/** Other tickets, so that the queues, the calendar and the reports (and their screenshots) show a working day. */
async function seedOtherWork() {
  const assessed: [string, string, object][] = [
    [
      'После обновления Windows не запускается',
      'Ошибка 0xc000007b при запуске.',
      { urgency: 'high', rootCause: 'client_environment', estimateMinutes: 240 },
    ],
    [
      'Как выгрузить отчёт в Excel?',
      'Не нашли кнопку выгрузки.',
      { urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 },
    ],
    [
      'Сервер лицензий не отвечает, все стоят',
      'Авария: никто не может войти.',
      { urgency: 'emergency', rootCause: 'product_defect', estimateMinutes: 120 },
    ],
  ];
  for (const [subject, text, assessment] of assessed) {
    const { number } = await openTicket(system, { subject, text });
    expect((await act(system, leadToken, number, 'triage', assessment)).status).toBe(200);
    expect((await act(system, leadToken, number, 'log-time', { minutes: 45 })).status).toBe(200);
  }
  await openTicket(system, { subject: 'Медленно открывается журнал', text: 'Журнал открывается минуту.' });
}

test('a staff member signs in with a link mailed to their address, and signs out', async () => {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Вход в консоль поддержки' }).waitFor();
  await screenshot(page, 'sign-in');

  const since = system.sink.mark();
  await page.getByLabel('Рабочий адрес').fill(anna);
  await page.getByRole('button', { name: 'Прислать ссылку' }).click();
  await page.getByRole('status').filter({ hasText: 'ссылка для входа уже в пути' }).waitFor();
  const letter = await system.sink.waitFor(
    (mail) => mail.to.includes(anna) && mail.headers.get('x-triceps-letter') === 'sign_in_link',
    { after: since },
  );
  const link = /https?:\/\/\S+#\/sign-in\/[\w-]+/.exec(letter.text)?.[0];
  expect(link).toBeDefined();

  await page.goto(link!);
  await page.getByRole('heading', { name: 'Ждут оценки' }).waitFor();
  await page.locator('.top__who', { hasText: 'anna' }).waitFor();
  await signOut(page);

  await page.goto(link!); // the link works once
  await page.getByRole('alert').filter({ hasText: 'Ссылка недействительна' }).waitFor();
});

test('a request that arrived by SMTP waits in the triage queue with its time to answer, and is triaged', async () => {
  await signInWithToken(page, leadToken);
  request = await openTicket(system, {
    subject: 'Не формируется акт сверки',
    text: 'Здравствуйте! При формировании акта сверки за ноябрь программа пишет «Ошибка 500». Ошибка в программе?',
  });
  const row = page.locator(`tr[data-ticket="${request.number}"]`);
  await row.waitFor(); // the queue refreshes on its own
  expect(await row.textContent()).toContain('Не формируется акт сверки');
  expect(await row.locator('[data-deadline]').textContent()).toContain('осталось');
  expect(Number(await page.locator('[data-queue="triage"] .count').textContent())).toBeGreaterThanOrEqual(1);
  await screenshot(page, 'queue-triage');

  await row.getByRole('link', { name: request.number }).click();
  const ticket = page.locator(`article[data-number="${request.number}"]`);
  await ticket.waitFor();
  await ticket.locator('.mail-in .mail__text', { hasText: 'Ошибка 500' }).waitFor();
  const triage = page.locator('form[data-action="triage"]');
  // The automatic guess is pre-filled: a specialist confirms or corrects it.
  expect(await triage.getByLabel('Причина').inputValue()).toBe('product_defect');
  await triage.getByLabel('Трудозатраты, минут').fill('');
  await triage.getByRole('button', { name: 'Оценить' }).click();
  await triage.locator('#triage-estimateMinutes-error').waitFor(); // the 422, beside its field
  expect(await triage.getByLabel('Трудозатраты, минут').getAttribute('aria-invalid')).toBe('true');

  const since = system.sink.mark();
  await triage.getByLabel('Трудозатраты, минут').fill('90');
  await triage.getByRole('button', { name: 'Оценить' }).click();
  await page.getByRole('status').filter({ hasText: 'Готово: Оценить' }).waitFor();
  await page.locator(`article[data-number="${request.number}"][data-status="scheduled"]`).waitFor();
  const promise = await waitForLetter(system, { to: request.client, kind: 'promise', after: since });
  expect(promise.subject).toContain(request.number);
  await screenshot(page, 'ticket');
});

test('the booking shows on the workload calendar, and a lead moves it to another specialist by drag', async () => {
  const booked = await system.api(leadToken, `/api/tickets/${request.number}`);
  const promisedAt: string = booked.body.promisedAt;
  const owner: string = booked.body.assignee;
  const day = promisedAt.slice(0, 10);
  await page.goto(`/#/calendar?from=${day}`);
  const block = page.locator(`[data-specialist="${owner}"] [data-ticket="${request.number}"]`).first();
  await block.waitFor();
  await page.locator('[data-kind="weekend"]').first().waitFor(); // a week always has its weekend
  await screenshot(page, 'calendar');

  const target = owner === anna ? boris : anna;
  const since = system.sink.mark();
  await block.dragTo(page.locator(`[data-specialist="${target}"]`).first());
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const preview = dialog.locator('[data-promised-at]');
  await preview.waitFor(); // the client's new date, before anything is moved
  const previewed = await preview.getAttribute('data-promised-at');
  await dialog.getByRole('button', { name: 'Подтвердить' }).click();

  await page.locator(`[data-specialist="${target}"] [data-ticket="${request.number}"]`).first().waitFor();
  const moved = await system.api(leadToken, `/api/tickets/${request.number}`);
  expect(moved.body.assignee).toBe(target);
  expect(moved.body.promisedAt).toBe(previewed);
  if (previewed !== promisedAt) {
    await waitForLetter(system, { to: request.client, kind: 'new_date', after: since });
  }
});

test('a specialist takes the ticket and resolves it, and the client gets the completion letter', async () => {
  await page.goto(`/#/ticket/${request.number}`);
  const ticket = page.locator(`article[data-number="${request.number}"]`);
  await ticket.waitFor();
  await page.getByRole('tab', { name: 'Взять в работу' }).click();
  await page.locator('form[data-action="take"]').getByRole('button', { name: 'Взять в работу' }).click();
  await page.locator(`article[data-number="${request.number}"][data-status="in_progress"]`).waitFor();

  await page.keyboard.press('r'); // the shortcut opens the resolve form
  const resolve = page.locator('form[data-action="resolve"]');
  await resolve.getByLabel('Что исправлено').fill('Исправлен расчёт сальдо в акте сверки.');
  await resolve.getByRole('button', { name: 'Решить' }).click();
  await resolve.locator('#resolve-how-error').waitFor(); // "how" is required: said beside it

  const since = system.sink.mark();
  await resolve.getByLabel('Как', { exact: true }).fill('Установлено исправление 4.2.1.');
  await resolve.getByLabel('Как избежать в будущем').fill('Обновляйте программу до последней версии.');
  await resolve.getByRole('button', { name: 'Решить' }).click();
  await page.locator(`article[data-number="${request.number}"][data-status="resolved"]`).waitFor();
  const completion = await waitForLetter(system, { to: request.client, kind: 'completion', after: since });
  expect(completion.text).toContain('Исправлен расчёт сальдо');
});

test("search finds a word that only the client's reply holds, with the hit highlighted", async () => {
  await system.sendMail({
    from: request.client,
    subject: `Re: ${request.receipt.subject}`,
    inReplyTo: request.receipt.messageId,
    text: 'Спасибо! Ещё заметили, что на складе «Северный-квазар» остатки не сходятся.',
  });
  await eventually(async () => {
    await page.goto('/#/queue/triage');
    await page.getByRole('searchbox', { name: 'Поиск по переписке' }).first().fill('квазар');
    await page.keyboard.press('Enter');
    await page.locator(`.hit[data-ticket="${request.number}"] mark`).first().waitFor({ timeout: 2000 });
  });
  expect(await page.locator(`.hit[data-ticket="${request.number}"] mark`).first().textContent()).toMatch(
    /квазар/i,
  );
  await screenshot(page, 'search');
});

test('the reports page draws its charts, and the console switches to English', async () => {
  await page.goto('/#/reports');
  await page.locator('canvas').first().waitFor();
  await page.locator('[data-report="emergencies"] canvas').waitFor();
  await screenshot(page, 'reports', { fullPage: true });
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByRole('link', { name: 'Reports' }).waitFor();
  await page.goto('/#/queue/all');
  await page.getByRole('heading', { name: 'All tickets' }).waitFor();
  await page.getByRole('button', { name: 'RU' }).click();
});

test('a bearer token still serves scripts; a cookie without the CSRF header changes nothing', async () => {
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === 'triceps_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  const forged = await fetch(`${system.apiUrl}/api/tickets/${request.number}/comment`, {
    method: 'POST',
    headers: { cookie: `triceps_session=${session!.value}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'forged' }),
  });
  expect(forged.status).toBe(403);
  const scripted = await system.api(leadToken, `/api/tickets/${request.number}`);
  expect(scripted.status).toBe(200);
});
