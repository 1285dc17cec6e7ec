import { expectAccessible } from './axe.ts';
import { expect, test } from './fixtures.ts';

test('a visitor sees the German welcome, skips to the content by keyboard and switches to English for good', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Willkommen!' })).toBeVisible();
  await expect(page).toHaveTitle(/^Willkommen – /);
  await expect(page.getByRole('heading', { name: 'Demo-Zugänge' })).toBeVisible();
  await expect(page.getByText('mitglied@demo.rotes-netz.de')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Jetzt anmelden' })).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
  await expectAccessible(page, 'home (de)');

  // The skip link is the first stop of the keyboard and lands in <main>.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();

  await page.getByRole('button', { name: 'Sprache: Deutsch' }).click();
  await expectAccessible(page, 'language menu');
  await page.getByRole('menuitemradio', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome!' })).toBeVisible();
  await expect(page).toHaveTitle(/^Welcome – /);
  await expectAccessible(page, 'home (en)');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome!' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeAttached();
  await expect(page.getByRole('button', { name: 'Language: English' })).toBeVisible();

  // The API answers in the chosen language too.
  const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
  await page.reload();
  expect((await response).request().headers()['accept-language']).toBe('en');
});

test('the public pages load without a failed request or an error in the console', async ({ page }) => {
  const failed: string[] = [];
  const errors: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  for (const [path, heading] of [
    ['/', 'Willkommen!'],
    ['/anmelden', 'Anmelden'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }
  expect(failed, 'requests that failed').toEqual([]);
  expect(errors, 'errors in the console').toEqual([]);
});

test('an unknown address shows a page that says so', async ({ page }) => {
  await page.goto('/gibt-es-nicht');
  await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  await expect(page).toHaveTitle(/^Seite nicht gefunden – /);
  await expectAccessible(page, 'not found');
  await page.getByRole('link', { name: 'Zur Startseite' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Willkommen!' })).toBeFocused();
});
