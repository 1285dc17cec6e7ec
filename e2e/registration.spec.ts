import { request as apiRequest } from '@playwright/test';
import { findNewcomer, mailLink, mailTexts } from './mail.ts';
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, PASSWORD, expect, signIn, test } from './fixtures.ts';

test('a newcomer registers, confirms by mail, sets a password and lands signed in', async ({ page, baseURL }) => {
  const newcomer = findNewcomer();
  const admin = await apiRequest.newContext({ baseURL: baseURL! });
  const signedIn = await admin.post('/api/v1/auth/sign-in', { data: { email: ACCOUNTS.admin, password: PASSWORD } });
  expect(signedIn.status()).toBe(200);

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Registrieren' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registrieren' })).toBeVisible();
  await expect(page).toHaveTitle(/^Registrieren – /);
  await expectAccessible(page, 'registration form');

  // Submitting empty names every missing field, linked from the summary.
  await page.getByRole('button', { name: 'Registrieren', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Bitte gib deine Mitgliedsnummer ein' })).toBeVisible();
  await expectAccessible(page, 'registration form with errors');

  await page.getByLabel('Mitgliedsnummer').fill(newcomer.member_number);
  await page.getByLabel('Nachname').fill(newcomer.last_name.toUpperCase());
  await page.getByLabel('Geburtsdatum').fill(newcomer.birth_date);
  await page.getByLabel('E-Mail-Adresse').fill(newcomer.email);
  await page.getByRole('button', { name: 'Registrieren', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Wenn du Mitglied bist' })).toBeVisible();
  await expectAccessible(page, 'registration sent');

  const link = await mailLink(newcomer.email, 'Bitte bestätige deine Registrierung');
  expect(link).toMatch(/^\/registrieren\/bestaetigen\?token=/);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Passwort festlegen' })).toBeVisible();
  await expectAccessible(page, 'set password');

  const password = page.getByLabel('Neues Passwort', { exact: true });
  await expect(password).toHaveAttribute('autocomplete', 'new-password');
  await password.fill('password123');
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'zu bekannt' })).toBeVisible();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'set password with a refused password');

  await password.fill('Sonne über dem Schloss Hohentübingen');
  const toggle = page.getByRole('button', { name: 'Passwort anzeigen' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(password).toHaveAttribute('type', 'text');
  await expect(page.getByText('Die Länge passt.')).toBeVisible();
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
  await expectAccessible(page, 'home after registration');

  // The link worked once.
  await page.goto(link);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Sonne über dem Schloss Hohentübingen');
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dieser Link geht nicht mehr' })).toBeVisible();
  await expectAccessible(page, 'used link');
  await admin.dispose();
});

test('a member who forgot the password asks for a link from the sign-in page', async ({ page }) => {
  await page.goto('/anmelden');
  await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Passwort vergessen' })).toBeVisible();
  await expectAccessible(page, 'forgot password');
  await page.getByLabel('E-Mail-Adresse').fill('niemand@example.org');
  await page.getByRole('button', { name: 'Link anfordern' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Wenn es zu niemand@example.org ein Konto gibt' }),
  ).toBeVisible();
  await expectAccessible(page, 'forgot password sent');

  await page.goto('/passwort-zuruecksetzen?token=erfundenerTokenDerNichtGilt');
  await expect(page.getByRole('heading', { level: 1, name: 'Neues Passwort festlegen' })).toBeVisible();
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Ein langes neues Passwort');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dieser Link geht nicht mehr' })).toBeVisible();
  await expectAccessible(page, 'forged reset link');
});

test('a chair invites a member of the Ortsverein, who accepts; account pages ask for the password', async ({
  page,
  baseURL,
}) => {
  const invitee = findNewcomer();
  const inviteeAddress = `neu.${invitee.member_number}@example.org`;
  const admin = await apiRequest.newContext({ baseURL: baseURL! });
  expect(
    (await admin.post('/api/v1/auth/sign-in', { data: { email: ACCOUNTS.admin, password: PASSWORD } })).status(),
  ).toBe(200);

  await signIn(page, ACCOUNTS.chair);
  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Mitglied einladen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mitglied einladen' })).toBeVisible();
  await expectAccessible(page, 'invite');
  await page.getByLabel('Mitgliedsnummer').fill(invitee.member_number);
  await page.getByLabel('E-Mail-Adresse des Mitglieds').fill(inviteeAddress);
  await page.getByRole('button', { name: 'Einladung senden' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Die Einladung ist unterwegs' })).toBeVisible();
  await expectAccessible(page, 'invite sent');

  // Changing the password asks for the current one first.
  await page.goto('/konto/passwort');
  await expect(page.getByRole('heading', { level: 1, name: 'Passwort ändern' })).toBeVisible();
  await expectAccessible(page, 'change password');
  await page.getByLabel('Aktuelles Passwort', { exact: true }).fill('nicht-mein-passwort');
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Ein ganz neues langes Passwort');
  await page.getByRole('button', { name: 'Passwort ändern' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Das Passwort stimmt nicht.' })).toBeVisible();
  await expectAccessible(page, 'change password refused');

  await page.goto('/konto/e-mail');
  await expect(page.getByRole('heading', { level: 1, name: 'E-Mail-Adresse ändern' })).toBeVisible();
  await expectAccessible(page, 'change email');

  await page.context().clearCookies();
  // The roster has an address for the invitee: the invitation goes there, not to the one typed.
  expect(mailTexts(inviteeAddress)).toEqual([]);
  const link = await mailLink(invitee.email, 'Einladung ins Mitgliedernetz von SPD Ortsverein Tübingen');
  expect(link).toMatch(/^\/einladung\?token=/);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Einladung annehmen' })).toBeVisible();
  await expectAccessible(page, 'accept invitation');
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Neckarfront mit Stocherkahn');
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
  await admin.dispose();
});
