import { expectAccessible } from './axe.ts';
import { ACCOUNTS, PASSWORD, expect, test } from './fixtures.ts';

test('a member signs in after a wrong password, sees their Ortsverein and signs out', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Jetzt anmelden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeFocused();
  await expect(page).toHaveTitle(/^Anmelden – /);
  await expectAccessible(page, 'sign-in');

  const email = page.getByLabel('E-Mail-Adresse');
  const password = page.getByLabel('Passwort');
  const submit = page.getByRole('button', { name: 'Anmelden', exact: true });

  // Nothing entered: each field gets its own message, linked to it, and the summary links to both.
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await submit.click();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Bitte gib deine E-Mail-Adresse ein.');
  await expect(password).toHaveAccessibleDescription('Bitte gib dein Passwort ein.');
  const fieldSummary = page.getByRole('alert').filter({ hasText: 'Bitte prüfe diese Angaben:' });
  await expect(fieldSummary).toBeFocused();
  await expectAccessible(page, 'sign-in with field errors');
  await fieldSummary.getByRole('link', { name: 'Bitte gib dein Passwort ein.' }).click();
  await expect(password).toBeFocused();

  await email.fill(ACCOUNTS.member);
  await password.fill('falsches-passwort');
  await submit.click();
  const summary = page.getByRole('alert').filter({ hasText: 'E-Mail-Adresse oder Passwort sind falsch.' });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(page.getByRole('form', { name: 'Anmelden' })).toHaveAccessibleDescription(/Passwort sind falsch/);
  await expectAccessible(page, 'sign-in with wrong password');

  await password.fill(PASSWORD);
  await submit.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  const ortsverein = page.getByRole('region', { name: 'Ortsverein' });
  await expect(ortsverein.getByRole('link', { name: /Ortsverein/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Landesverband' })).toBeVisible();
  await expectAccessible(page, 'Meine Partei');

  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Abmelden' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Du bist abgemeldet.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Willkommen!' })).toBeVisible();
  await expectAccessible(page, 'home after sign-out');

  await page.goto('/struktur');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
});

test('after signing in, a member returns to the page they wanted', async ({ page }) => {
  await page.goto('/struktur');
  await expect(page).toHaveURL(/\/anmelden\?next=%2Fstruktur$/);
  await page.getByLabel('E-Mail-Adresse').fill(ACCOUNTS.chair);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Parteistruktur' })).toBeVisible();
  await expectAccessible(page, 'structure after sign-in');
});
