import { generate } from 'otplib';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, PASSWORD, expect, test } from './fixtures.ts';
import { threadWithPosts } from './threads.ts';

// The Regionalzentrum account: no other journey signs in with it, so its second factor stays ours.
const EMAIL = ACCOUNTS.regional;

async function passwordStep(page: Page) {
  await page.goto('/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(EMAIL);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Abmelden' }).click();
  await expect(page.getByText('Du bist abgemeldet.')).toBeVisible();
}

test('a member turns on the authenticator app, keeps the recovery codes and signs in with a code', async ({ page }) => {
  // Three sign-ins, one of them through a shared link, on a shared CI runner.
  test.setTimeout(120_000);
  await passwordStep(page);
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Sicherheit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sicherheit' })).toBeVisible();
  await expect(page.getByText('(dieses Gerät)')).toBeVisible();
  await expectAccessible(page, 'security settings');

  await page.getByRole('button', { name: 'Authenticator-App einrichten' }).click();
  await expect(page.getByRole('img', { name: 'QR-Code für die Authenticator-App' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await expectAccessible(page, 'authenticator setup');
  const code = page.getByLabel('Code aus der App');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await code.fill('12');
  await page.getByRole('button', { name: 'Code bestätigen' }).click();
  await expect(code).toHaveAccessibleDescription('Bitte gib den sechsstelligen Code aus der App ein.');
  await code.fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Code bestätigen' }).click();

  await expect(page.getByRole('heading', { name: 'Deine Wiederherstellungscodes' })).toBeFocused();
  const codes = await page
    .getByRole('list', { name: 'Deine Wiederherstellungscodes' })
    .getByRole('listitem')
    .allTextContents();
  expect(codes).toHaveLength(10);
  await expectAccessible(page, 'recovery codes');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Als .txt herunterladen' }).click();
  expect((await download).suggestedFilename()).toBe('wiederherstellungscodes.txt');
  const done = page.getByRole('button', { name: 'Fertig' });
  await expect(done).toBeDisabled();
  await page.getByLabel('Ich habe die Codes sicher gespeichert.').check();
  await done.click();
  await expect(page.getByText('Eingeschaltet. Du hast noch 10 unbenutzte Wiederherstellungscodes.')).toBeVisible();
  const shared = await threadWithPosts(page, 'Schulungstermine im Frühjahr');
  await signOut(page);

  // From a shared link to a post: password, then the code of the next period (the one used at
  // setup is never taken twice), then back at the post.
  await page.goto(shared.path + shared.anchor);
  await expect(page).toHaveURL(`/anmelden?next=${encodeURIComponent(shared.path + shared.anchor)}`);
  await page.getByLabel('E-Mail-Adresse').fill(EMAIL);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Anmeldung bestätigen' })).toBeFocused();
  const totp = page.getByLabel('Code aus der Authenticator-App');
  await expect(totp).toHaveAttribute('inputmode', 'numeric');
  await expectAccessible(page, 'second step');
  await totp.fill('000000');
  await page.getByRole('button', { name: 'Bestätigen', exact: true }).click();
  await expect(totp).toHaveAccessibleDescription(/stimmt nicht oder wurde schon benutzt/);
  await totp.fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole('button', { name: 'Bestätigen', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Schulungstermine im Frühjahr' })).toBeVisible();
  await expect(page).toHaveURL(shared.path + shared.anchor);
  await expect(page.locator(shared.anchor)).toBeFocused();
  await expect(page.getByRole('button', { name: / – Konto$/ })).toBeVisible();
  await signOut(page);

  // A recovery code instead.
  await passwordStep(page);
  await page.getByRole('button', { name: 'Wiederherstellungscode verwenden' }).click();
  await page.getByLabel('Wiederherstellungscode').fill(codes[0]!);
  await page.getByRole('button', { name: 'Bestätigen', exact: true }).click();
  await expect(page.getByRole('button', { name: / – Konto$/ })).toBeVisible();
  await page.goto('/konto/sicherheit');
  await expect(page.getByText('Eingeschaltet. Du hast noch 9 unbenutzte Wiederherstellungscodes.')).toBeVisible();
});
