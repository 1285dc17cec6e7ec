// page.evaluate() callbacks run in the browser:
/// <reference lib="dom" />
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, hasHorizontalScroll, signIn, test } from './fixtures.ts';

test.use({ viewport: { width: 320, height: 640 } });

test('at 320 px nothing scrolls sideways and the navigation opens from the menu button', async ({ page }) => {
  // Six pages, each checked by axe, on a shared machine: more than the default minute.
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Willkommen!' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectAccessible(page, 'home at 320 px');

  const menu = page.getByRole('button', { name: 'Menü' });
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Start' })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'Start' })).toBeVisible();
  expect(await hasHorizontalScroll(page)).toBe(false);
  await expectAccessible(page, 'open menu at 320 px');

  await signIn(page, ACCOUNTS.admin);
  expect(await hasHorizontalScroll(page)).toBe(false);
  await expectAccessible(page, 'Meine Partei at 320 px');

  await menu.click();
  await nav.getByRole('link', { name: 'Gesendete E-Mails' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gesendete E-Mails' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await page.getByRole('button', { name: 'Testmail senden' }).click();
  await expect(page.getByRole('row').filter({ hasText: ACCOUNTS.admin }).first()).toBeVisible({ timeout: 15_000 });
  expect(await hasHorizontalScroll(page)).toBe(false);
  await expectAccessible(page, 'sent mail at 320 px');

  // The tree, two levels deep, with its long compound names.
  await page.goto('/struktur');
  await page.getByRole('button', { name: 'Untergliederungen von SPD Baden-Württemberg' }).click();
  await page
    .getByRole('button', { name: /^Untergliederungen von Regionalzentrum / })
    .first()
    .click();
  await expect(page.getByRole('link', { name: /^SPD Kreisverband / }).first()).toBeVisible();
  expect(await hasHorizontalScroll(page)).toBe(false);
  await expectAccessible(page, 'structure tree at 320 px');

  await page.goto('/struktur?q=T%C3%BCbingen');
  await expect(page.getByRole('link', { name: 'SPD Kreisverband Tübingen' })).toBeVisible();
  expect(await hasHorizontalScroll(page)).toBe(false);
  await expectAccessible(page, 'structure at 320 px');
});
