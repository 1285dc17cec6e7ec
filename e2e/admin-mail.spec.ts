import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, signIn, test } from './fixtures.ts';
import { mailTexts } from './mail.ts';

test('an admin sends a test mail, sees it in the sent mail and reads it in a dialog', async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Verwaltung' }).click();
  await page.getByRole('menuitem', { name: 'Gesendete E-Mails' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gesendete E-Mails' })).toBeFocused();
  await expect(page).toHaveTitle(/^Gesendete E-Mails – /);
  await expectAccessible(page, 'sent mail');

  await page.getByRole('button', { name: 'Testmail senden' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Die Testmail an deine Adresse ist in der Warteschlange.' }),
  ).toBeVisible();

  // The worker runs in the server process; the list refreshes by itself.
  const row = page.getByRole('row').filter({ hasText: ACCOUNTS.admin }).first();
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row.getByText(/^(Gesendet|Abgelegt)$/)).toBeVisible({ timeout: 15_000 });
  await expectAccessible(page, 'sent mail with a mail');

  const open = row.getByRole('button');
  const subject = (await open.textContent())?.trim() ?? '';
  expect(subject).not.toBe('');
  await open.click();
  const dialog = page.getByRole('dialog', { name: subject });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('pre')).not.toBeEmpty();
  await expect(dialog.locator('iframe, script, style')).toHaveCount(0);
  await expectAccessible(page, 'mail dialog');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
});

test('an admin sees a member’s reset mail listed, but not its link', async ({ page }) => {
  const reset = await page.request.post('/api/v1/auth/password-reset', { data: { email: ACCOUNTS.member } });
  expect(reset.status()).toBe(202);
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/mails');
  const row = page.getByRole('row').filter({ hasText: ACCOUNTS.member }).filter({ hasText: 'Passwort zurücksetzen' });
  await expect(row.first()).toBeVisible({ timeout: 15_000 });
  await row.first().getByRole('button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/enthält einen Link, einen Code oder Zugangsdaten/)).toBeVisible();
  await expect(dialog.locator('pre')).toHaveCount(0);
  await expect(dialog).not.toContainText('token=');
  await expectAccessible(page, 'withheld mail dialog');
  // The member's mailbox has it.
  expect(mailTexts(ACCOUNTS.member).some((m) => m.text.includes('token='))).toBe(true);
});

test('a member sees no sent mail: not in the navigation, and the address is not found', async ({ page }) => {
  await signIn(page, ACCOUNTS.member);
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link')).toHaveText([
    'Meine Partei',
    'Parteistruktur',
    'Termine',
    'Programm',
    'Räume',
  ]);
  await expect(page.getByRole('link', { name: 'Gesendete E-Mails' })).toHaveCount(0);
  await page.goto('/admin/mails');
  await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectAccessible(page, 'sent mail as member');
});
