/**
 * The whole way of a newcomer, as the membership issue describes it: register with a demo member
 * number, get the mail (demo: the sent-mail page), set a password, turn on TOTP and a passkey, sign
 * out and in again with each, download one's data and find it complete.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { generate } from 'otplib';
import { request as apiRequest, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, PASSWORD, expect, test } from './fixtures.ts';
import { findNewcomer, mailLink } from './mail.ts';

const NEW_PASSWORD = 'Neckarbrücke im Abendlicht 2026';

async function openAccountMenu(page: Page, item: string) {
  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function signOut(page: Page) {
  await openAccountMenu(page, 'Abmelden');
  await expect(page.getByText('Du bist abgemeldet.')).toBeVisible();
}

/**
 * Confirms the password when the page asks for it (changing factors needs a recent confirmation),
 * then waits for `next`. The request goes to the server first, so wait for whichever comes.
 */
async function confirmPasswordIfAsked(page: Page, next: Locator) {
  const dialog = page.getByRole('dialog', { name: 'Passwort bestätigen' });
  await expect(dialog.or(next).first()).toBeVisible();
  if (await dialog.isVisible()) {
    await expectAccessible(page, 'password confirmation');
    await dialog.getByRole('textbox', { name: 'Passwort', exact: true }).fill(NEW_PASSWORD);
    await dialog.getByRole('button', { name: 'Bestätigen' }).click();
  }
  await expect(next).toBeVisible();
}

test('a newcomer registers, secures the account with TOTP and a passkey, and downloads their data', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const newcomer = findNewcomer();
  const admin = await apiRequest.newContext({ baseURL: baseURL! });
  expect(
    (await admin.post('/api/v1/auth/sign-in', { data: { email: ACCOUNTS.admin, password: PASSWORD } })).status(),
  ).toBe(200);

  // A passkey needs an authenticator: Chromium's virtual one, as a platform authenticator would be.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  // Register and confirm by mail.
  await page.goto('/registrieren');
  await page.getByLabel('Mitgliedsnummer').fill(newcomer.member_number);
  await page.getByLabel('Nachname').fill(newcomer.last_name);
  await page.getByLabel('Geburtsdatum').fill(newcomer.birth_date);
  await page.getByLabel('E-Mail-Adresse').fill(newcomer.email);
  await page.getByRole('button', { name: 'Registrieren', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Wenn du Mitglied bist' })).toBeVisible();
  await expectAccessible(page, 'registration sent');
  await page.goto(await mailLink(newcomer.email, 'Bitte bestätige deine Registrierung'));
  await page.getByLabel('Neues Passwort', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'SPD Ortsverein Tübingen' })).toBeVisible();
  await expectAccessible(page, 'Meine Partei of the newcomer');

  // Turn on the authenticator app.
  await openAccountMenu(page, 'Sicherheit');
  await expect(page.getByRole('heading', { level: 1, name: 'Sicherheit' })).toBeVisible();
  await expectAccessible(page, 'security settings');
  await page.getByRole('button', { name: 'Authenticator-App einrichten' }).click();
  await confirmPasswordIfAsked(page, page.getByTestId('totp-secret'));
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Code aus der App').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Code bestätigen' }).click();
  await expect(page.getByRole('heading', { name: 'Deine Wiederherstellungscodes' })).toBeFocused();
  await expectAccessible(page, 'recovery codes');
  await page.getByLabel('Ich habe die Codes sicher gespeichert.').check();
  await page.getByRole('button', { name: 'Fertig' }).click();
  await expect(page.getByText(/^Eingeschaltet\./)).toBeVisible();

  // Add a passkey.
  await page.getByLabel('Name des Passkeys').fill('Laptop');
  await page.getByRole('button', { name: 'Passkey hinzufügen' }).click();
  await confirmPasswordIfAsked(page, page.getByText('Der Passkey „Laptop“ ist hinzugefügt.'));
  await expectAccessible(page, 'security settings with both factors');
  await signOut(page);

  // Sign in again: password, then a code of the next period (a code is never taken twice).
  await page.goto('/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(newcomer.email);
  await page.getByLabel('Passwort').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Anmeldung bestätigen' })).toBeFocused();
  await expectAccessible(page, 'second step');
  await page
    .getByLabel('Code aus der Authenticator-App')
    .fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole('button', { name: 'Bestätigen', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
  await signOut(page);

  // And with the passkey alone, without a password.
  await page.goto('/anmelden');
  await page.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
  await expectAccessible(page, 'signed in with a passkey');

  // Download all of one's data and find it complete.
  await openAccountMenu(page, 'Meine Daten');
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Daten' })).toBeVisible();
  await page.getByLabel('Passwort').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Daten anfordern' }).click();
  const link = page.getByRole('link', { name: 'ZIP-Datei herunterladen' });
  await expect(link).toBeVisible();
  await expectAccessible(page, 'my data with the link');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const { readFile } = await import('node:fs/promises');
  const files = unzipSync(new Uint8Array(await readFile(await download.path())));
  const text = (name: string) => {
    const entry = Object.keys(files).find((n) => n.endsWith(name));
    expect(entry, `${name} in the ZIP`).toBeTruthy();
    return strFromU8(files[entry!]!);
  };
  expect(text('account.json')).toContain(newcomer.email);
  expect(text('memberships.json')).toContain('SPD Ortsverein Tübingen');
  expect(text('consents.json')).toContain('privacy_notice');
  const sessions = text('sessions.json');
  expect(sessions.length).toBeGreaterThan(10);
  const signIns = text('sign-ins.json');
  expect(signIns).toContain('auth.signed_in');
  expect(text('README.txt')).toMatch(/account\.json/);
  // No secret of the account ever leaves in the export.
  const all = Object.values(files)
    .map((f) => strFromU8(f))
    .join('\n');
  expect(all).not.toContain(secret);
  expect(all).not.toContain(NEW_PASSWORD);
  expect(all).not.toMatch(/\$argon2id\$/);
  await admin.dispose();
});
