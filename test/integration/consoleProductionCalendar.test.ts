// The production calendar in the console, in a real Chromium whose clock is set near the end of the loaded years:
// leads and admins see a banner from 2 November of the last loaded year, specialists do not, and loading the next
// year through the API ends it. The calendar page lists the loaded years per country and region.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let browser: Browser;
let admin: string;
let lead: string;
let specialist: string;
const pages: { page: Page; errors: string[] }[] = [];

beforeAll(async () => {
  system = await startTestSystem({ SUPPORT_CALENDAR: 'russia' });
  admin = await system.addStaff('admin@netix.example', 'admin');
  lead = await system.addStaff('lead@netix.example', 'lead');
  specialist = await system.addStaff('anna@netix.example');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

afterEach(() => {
  for (const { errors } of pages.splice(0)) expect(errors).toEqual([]);
});

/** A console signed in with `token` in a browser whose clock shows `now` (Moscow). */
async function consoleAt(token: string, now: string): Promise<Page> {
  const opened = await openPage(browser, system.apiUrl);
  pages.push(opened);
  const { page } = opened;
  await page.clock.setFixedTime(new Date(`${now}+03:00`));
  await page.goto('/');
  await page.getByLabel('Токен', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Ждут оценки' }).waitFor();
  return page;
}

const banner = (page: Page) => page.locator('[data-coverage-warning]');

test('from 2 November of the last loaded year a lead sees the banner; on 1 November not yet', async () => {
  const page = await consoleAt(lead, '2027-11-02T09:30:00');
  await banner(page).waitFor();
  await expect(banner(page).locator('[data-region="ru"]').textContent()).resolves.toContain(
    'Производственный календарь (Россия, ru) загружен только по 31 декабря 2027 г.: загрузите 2028 год',
  );

  const dayBefore = await consoleAt(lead, '2027-11-01T18:00:00');
  await dayBefore.getByRole('link', { name: 'Календарь' }).click();
  await dayBefore.locator('[data-region="ru"] [data-years]').waitFor();
  expect(await banner(dayBefore).count()).toBe(0);
});

test('the calendar page lists the loaded years; an admin is told how to load the next one', async () => {
  const page = await consoleAt(admin, '2027-11-20T11:00:00');
  await banner(page).waitFor();
  expect(await banner(page).textContent()).toContain('PUT /api/production-calendar/ru/2028');
  await page.getByRole('link', { name: 'Календарь' }).click();
  const russia = page.locator('.coverage [data-region="ru"]');
  await russia.waitFor();
  expect(await russia.locator('[data-years]').textContent()).toBe('2026, 2027');
  expect(await russia.textContent()).toContain('по 31 декабря 2027 г.');
  await screenshot(page, 'production-calendar');
});

test('a specialist sees no banner', async () => {
  const page = await consoleAt(specialist, '2027-11-20T11:00:00');
  await page.getByRole('link', { name: 'Календарь' }).click();
  await page.locator('.coverage [data-region="ru"]').waitFor();
  expect(await banner(page).count()).toBe(0);
});

test('once 2028 is loaded through the API, the banner is gone and the page lists 2028', async () => {
  const loaded = await system.api(admin, '/api/production-calendar/ru/2028', {
    method: 'PUT',
    body: { days: [{ date: '2028-01-01', kind: 'holiday', title: 'Новогодние каникулы' }], source: 'test' },
  });
  expect(loaded.status).toBe(200);
  const page = await consoleAt(lead, '2027-11-20T11:00:00');
  await page.getByRole('link', { name: 'Календарь' }).click();
  const russia = page.locator('.coverage [data-region="ru"] [data-years]');
  await russia.waitFor();
  expect(await russia.textContent()).toBe('2026, 2027, 2028');
  expect(await banner(page).count()).toBe(0);
});
