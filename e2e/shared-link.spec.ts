import { expectAccessible } from './axe.ts';
import { ACCOUNTS, PASSWORD, expect, signIn, test } from './fixtures.ts';
import { threadWithPosts } from './threads.ts';

test('a shared link to a post leads a signed-out member through sign-in to that post', async ({ page, context }) => {
  await signIn(page, ACCOUNTS.member);
  const { path, anchor } = await threadWithPosts(page, 'Infostand am Samstag');
  // The member opens the link on another day, signed out.
  await context.clearCookies();

  await page.goto(path + anchor);
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await expect(page).toHaveURL(`/anmelden?next=${encodeURIComponent(path + anchor)}`);
  await expectAccessible(page, 'sign-in from a shared link');
  await page.getByLabel('E-Mail-Adresse').fill(ACCOUNTS.member);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Infostand am Samstag' })).toBeVisible();
  await expect(page).toHaveURL(path + anchor);
  await expect(page.locator(anchor)).toBeFocused();
  await expect(page.locator(anchor)).toContainText('Ich bin dabei.');
});

test('obvious English addresses lead to their German pages, signed out and in', async ({ page }) => {
  await page.goto('/login');
  await expect(page).toHaveURL('/anmelden');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await page.goto('/register');
  await expect(page).toHaveURL('/registrieren');
  // A protected English address goes to its German page, and signed out on to sign-in and back.
  await page.goto('/events');
  await expect(page).toHaveURL(`/anmelden?next=${encodeURIComponent('/termine')}`);
  await page.getByLabel('E-Mail-Adresse').fill(ACCOUNTS.member);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page).toHaveURL('/termine');
  await page.goto('/rooms');
  await expect(page.getByRole('heading', { level: 1, name: 'Räume' })).toBeVisible();
  await page.goto('/settings');
  await expect(page).toHaveURL('/konto/profil');
  await page.goto('/nothing-here');
  await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
});
