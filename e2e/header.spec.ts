// page.evaluate() callbacks run in the browser:
/// <reference lib="dom" />
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, hasHorizontalScroll, signIn, test } from './fixtures.ts';

test('at 360 px the header is one row; the rest opens from the menu button, by keyboard too', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, ACCOUNTS.admin);
  const header = page.getByRole('banner');
  const height = (await header.boundingBox())!.height;
  expect(height, 'one row of 44 px targets, not three').toBeLessThan(80);
  expect(await hasHorizontalScroll(page)).toBe(false);

  const menu = page.getByRole('button', { name: 'Menü' });
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('button', { name: 'Anna Admin – Konto' })).toBeHidden();

  // Opening takes the focus to the first link; administration is a labelled group in the menu.
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'Meine Partei' })).toBeFocused();
  await expect(nav.getByRole('list', { name: 'Verwaltung' }).getByRole('link')).toHaveText([
    'Gesendete E-Mails',
    'Mitgliederliste',
    'Mitglieder',
    'Protokoll',
    'Moderation',
  ]);
  await expect(page.getByRole('button', { name: 'Anna Admin – Konto' })).toBeVisible();
  expect((await header.boundingBox())!.height, 'the menu opens over the page').toBe(height);
  await expectAccessible(page, 'open header menu at 360 px');

  // Escape closes it and gives the focus back to the button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await expect(nav.getByRole('link', { name: 'Meine Partei' })).toBeHidden();
});

test('at 1280 px the admin’s pages gather under "Verwaltung": one-line labels, clear of the edge', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, ACCOUNTS.admin);
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await expect(page.getByRole('button', { name: 'Menü' })).toBeHidden();
  await expect(nav.getByRole('link')).toHaveText(['Meine Partei', 'Parteistruktur', 'Termine', 'Programm', 'Räume']);
  const entries = [...(await nav.getByRole('link').all()), nav.getByRole('button', { name: 'Verwaltung' })];
  const boxes = await Promise.all(entries.map(async (entry) => (await entry.boundingBox())!));
  for (const box of boxes) {
    expect(box.height, 'a one-line label').toBeLessThanOrEqual(48);
    expect(box.y, 'all in one row').toBe(boxes[0]!.y);
    expect(box.x + box.width, 'clear of the right edge').toBeLessThan(1280 - 16);
  }

  await nav.getByRole('button', { name: 'Verwaltung' }).click();
  await expect(page.getByRole('menu', { name: 'Verwaltung' }).getByRole('menuitem')).toHaveText([
    'Gesendete E-Mails',
    'Mitgliederliste',
    'Mitglieder',
    'Protokoll',
    'Moderation',
  ]);
  await expectAccessible(page, 'Verwaltung menu at 1280 px');
  await page.getByRole('menuitem', { name: 'Protokoll' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Protokoll' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Verwaltung' })).toHaveAttribute('data-current', 'true');
});
