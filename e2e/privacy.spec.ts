import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, PASSWORD, signIn, test } from './fixtures.ts';

test('a member opens a profile field to their units, sees it on their public profile, and downloads their data', async ({
  page,
}) => {
  await signIn(page, ACCOUNTS.member);
  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Profil' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profil' })).toBeVisible();
  await expectAccessible(page, 'profile');

  // Everything starts closed.
  const about = page.getByRole('group', { name: 'Wer sieht „Über mich“?' });
  await expect(about.getByRole('radio', { name: 'Niemand' })).toBeChecked();
  await page.getByLabel('Über mich').fill('Ich fahre gern Rad am Neckar.');
  await about.getByRole('radio', { name: 'Meine Gliederungen' }).check();
  await page.getByRole('button', { name: 'Profil speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Dein Profil ist gespeichert.' })).toBeVisible();

  await page.reload();
  await expect(
    page.getByRole('group', { name: 'Wer sieht „Über mich“?' }).getByRole('radio', { name: 'Meine Gliederungen' }),
  ).toBeChecked();
  await page.getByRole('link', { name: 'So sehen andere Mitglieder dein Profil' }).click();
  await expect(page.getByText('Ich fahre gern Rad am Neckar.')).toBeVisible();
  await expectAccessible(page, 'public profile');

  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Meine Daten' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Daten' })).toBeVisible();
  await expectAccessible(page, 'my data');

  await page.getByLabel('Passwort').fill('falsch-falsch');
  await page.getByRole('button', { name: 'Daten anfordern' }).click();
  await expect(page.getByText('Bitte bestätige zuerst noch einmal dein Passwort.')).toBeVisible();
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Daten anfordern' }).click();
  const link = page.getByRole('link', { name: 'ZIP-Datei herunterladen' });
  await expect(link).toBeVisible();
  await expectAccessible(page, 'my data with the link');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(path);
  // A ZIP starts with the local file header "PK\x03\x04".
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');

  // The link works once.
  const again = await page.request.get(await link.getAttribute('href').then((h) => h!));
  expect(again.status()).toBe(400);

  // The delete dialog asks for the password and the word; closing it leaves everything as it was.
  await page.getByRole('button', { name: 'Konto löschen …' }).click();
  const dialog = page.getByRole('dialog', { name: 'Konto wirklich löschen?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'delete dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('an admin filters the audit log; a member does not find it', async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Verwaltung' }).click();
  await page.getByRole('menuitem', { name: 'Protokoll' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Protokoll' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Angemeldet' }).first()).toBeVisible();
  await expectAccessible(page, 'audit log');

  await page.getByLabel('Ereignis').selectOption({ label: 'Angemeldet' });
  await page.getByLabel('Von', { exact: true }).fill('2000-01-01');
  await page.getByRole('button', { name: 'Filtern' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('Angemeldet');
  await expect(page.getByRole('table').getByRole('cell', { name: 'Abgemeldet', exact: true })).toHaveCount(0);
  await expectAccessible(page, 'audit log filtered');

  await page.getByLabel('Von', { exact: true }).fill('2999-01-01');
  await page.getByRole('button', { name: 'Filtern' }).click();
  await expect(page.getByText('Keine Einträge für diesen Filter.')).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, ACCOUNTS.member);
  await page.goto('/admin/protokoll');
  await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
});

test('the chair of an Ortsverein finds its roles from the profile page, with the form to grant one', async ({
  page,
}) => {
  await signIn(page, ACCOUNTS.chair);
  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Profil' }).click();
  await page
    .getByRole('link', { name: /^Rollen in / })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^Rollen: / })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Vorsitz', exact: true })).toBeVisible();
  await expect(page.getByLabel('Rolle', { exact: true })).toBeVisible();
  await expectAccessible(page, 'roles of a unit');
});
