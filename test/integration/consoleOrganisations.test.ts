// Organisations in the staff console, in a real headless Chromium on the Russian production calendar: the
// organisation and its voice callback shown on a ticket, a lead adding an organisation and assigning a client by
// hand through the organisations page, and the reports by organisation and of voice support.
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { MINUTE } from '../../domain/policy';
import { screenshot } from '../support/browser';
import { checkAndCloseConsole, openConsole, signInWithToken, signOut } from '../support/console';
import { act, openTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let page: Page;
let leadToken: string;
let specialistToken: string;

beforeAll(async () => {
  system = await startTestSystem({ SUPPORT_CALENDAR: 'russia' }, { ackWorkingMs: 120 * MINUTE });
  leadToken = await system.addStaff('lena.lead@netix.example', 'lead');
  specialistToken = await system.addStaff('anna@netix.example');
  page = await openConsole(system);
}, 60_000);

checkAndCloseConsole(() => ({ page, system }));

test('a ticket shows its organisation, what the contract includes, and the time of the voice callback', async () => {
  const created = await system.api(leadToken, '/api/organisations', {
    body: { name: 'Северсталь-Сервис', domains: ['severstal.example'], voiceSupport: true, priority: true },
  });
  expect(created.status).toBe(201);
  const { number } = await openTicket(system, {
    from: 'glavbuh@severstal.example',
    subject: 'Не проводится платёжка',
    text: 'Платёжное поручение не проводится. Позвоните мне, пожалуйста.',
  });
  const triaged = await act(system, leadToken, number, 'triage', {
    urgency: 'normal',
    rootCause: 'misuse',
    estimateMinutes: 60,
  });
  expect(triaged.status).toBe(200);
  const callbackAt: string = (await system.api(leadToken, `/api/tickets/${number}`)).body.callbackAt;
  expect(callbackAt).not.toBeNull();

  await signInWithToken(page, specialistToken);
  await page.goto(`/#/ticket/${number}`);
  const organisation = page.locator('[data-field="organisation"]');
  await organisation.waitFor();
  expect(await organisation.getByRole('link').textContent()).toBe('Северсталь-Сервис');
  expect(await organisation.textContent()).toContain('голосовая поддержка');
  expect(await organisation.textContent()).toContain('приоритет');
  const callback = page.locator('[data-field="callbackAt"]');
  expect(await callback.textContent()).toContain(
    DateTime.fromISO(callbackAt).setZone('Europe/Moscow').toFormat('HH:mm'),
  );
  await screenshot(page, 'ticket-organisation');

  // The link leads to the organisation, which a specialist reads but does not change.
  await organisation.getByRole('link').click();
  await page.getByRole('heading', { name: 'Северсталь-Сервис' }).waitFor();
  await page.locator('tr[data-client="glavbuh@severstal.example"]').waitFor();
  expect(await page.locator('form.organisation-form').count()).toBe(0);
  await signOut(page);
});

test('a ticket of a client of no organisation says so, and that the call asked for is a paid extra', async () => {
  const { number } = await openTicket(system, {
    from: 'someone@nowhere.example',
    subject: 'Вопрос по лицензии',
    text: 'Перезвоните мне по поводу лицензии.',
  });
  await signInWithToken(page, specialistToken);
  await page.goto(`/#/ticket/${number}`);
  await page.locator('[data-field="organisation"]', { hasText: 'без организации' }).waitFor();
  await page.locator('.notice', { hasText: 'Просит звонок (платная услуга)' }).waitFor();
  await signOut(page);
});

test('a lead adds an organisation and assigns a client by hand on the organisations page', async () => {
  await signInWithToken(page, leadToken);
  await page.getByRole('link', { name: 'Организации' }).click();
  await page.getByRole('heading', { name: 'Организации', exact: true }).waitFor();
  const form = page.locator('form.organisation-form');
  await form.getByLabel('Название').fill('Дальтранс');
  await form.getByLabel('Домены').fill('gmail.com');
  await form.getByRole('button', { name: 'Добавить' }).click();
  await form.locator('.field-error', { hasText: 'public mail service' }).waitFor(); // the 422, beside its field

  await form.getByLabel('Домены').fill('daltrans.example, dv.daltrans.example');
  await form.getByLabel('Часовой пояс').fill('Asia/Vladivostok');
  await form.getByLabel('с', { exact: true }).fill('08:00');
  await form.getByLabel('до', { exact: true }).fill('17:00');
  await form.getByRole('button', { name: 'Добавить' }).click();
  await page.getByRole('heading', { name: 'Дальтранс' }).waitFor();

  await page.getByLabel('Назначить клиента').fill('Director@Mail.example');
  await page.getByRole('button', { name: 'Назначить', exact: true }).click();
  const assigned = page.locator('tr[data-client="director@mail.example"]');
  await assigned.waitFor();
  expect(await assigned.textContent()).toContain('назначен вручную');
  await screenshot(page, 'organisations');

  const saved = (await system.api(leadToken, '/api/organisations')).body.organisations.find(
    (organisation: { name: string }) => organisation.name === 'Дальтранс',
  );
  expect(saved).toMatchObject({
    domains: ['daltrans.example', 'dv.daltrans.example'],
    timeZone: 'Asia/Vladivostok',
    weeklyHours: { '1': [{ start: '08:00', end: '17:00' }], '5': [{ start: '08:00', end: '17:00' }] },
    clients: 1,
  });
  // The client assigned by hand writes from a public address: the request is the organisation's.
  const { number } = await openTicket(system, { from: 'director@mail.example' });
  expect((await system.api(leadToken, `/api/tickets/${number}`)).body.organisation?.name).toBe('Дальтранс');

  await page.goto('/#/organisations');
  const row = page.locator(`tr[data-organisation="${saved.id}"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain('08:00–17:00');
});

test('the reports show emergencies by organisation and the voice requests and callbacks', async () => {
  await page.goto('/#/reports');
  const voice = page.locator('[data-report="voice"] .report__headline');
  await voice.waitFor();
  expect(await voice.getAttribute('data-requests')).toBe('2');
  expect(await voice.getAttribute('data-callbacks')).toBe('1');
  const byOrganisation = page.locator('[data-report="emergencies"] [data-by="organisation"]');
  await byOrganisation.locator('summary').click();
  expect(await byOrganisation.locator('tbody').textContent()).toContain('Северсталь-Сервис');
  await page.locator('[data-report="effort"] [data-by="organisation"]').waitFor();
  await screenshot(page, 'reports-organisations', { fullPage: true });
});
