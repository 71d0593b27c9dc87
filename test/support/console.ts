// The staff console in a real headless Chromium for a test file: one page opened on the system's console, checked
// for script errors after each test and closed with the system after all; and signing in on it.
import type { Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser';
import type { TestSystem } from './testSystem';

const scriptErrors = new WeakMap<Page, string[]>();

/** A laptop-sized page on the system's console, in a browser of its own. */
export async function openConsole(system: TestSystem): Promise<Page> {
  const browser = await launchBrowser();
  const { page, errors } = await openPage(browser, system.apiUrl);
  scriptErrors.set(page, errors);
  return page;
}

/**
 * Registers the file's hooks: after each test, no script error on the console's page so far; after all, its
 * browser and then the system closed. `opened` reads the file's variables, set in its beforeAll.
 */
export function checkAndCloseConsole(opened: () => { page?: Page; system?: TestSystem }): void {
  afterAll(async () => {
    const { page, system } = opened();
    await page?.context().browser()?.close();
    await system?.close();
  });
  afterEach(() => {
    const { page } = opened();
    expect(page && scriptErrors.get(page)).toEqual([]);
  });
}

/** Signs in afresh (whoever was signed in before) with a token and waits for the triage queue staff land on. */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/');
  await page.getByLabel('Токен', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Ждут оценки' }).waitFor();
}

/** Signs out with the button and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.getByRole('heading', { name: 'Вход в консоль поддержки' }).waitFor();
}
