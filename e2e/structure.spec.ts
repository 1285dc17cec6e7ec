import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, signIn, test } from './fixtures.ts';

test('a member browses the party tree, finds Tübingen and sees where it belongs', async ({ page }) => {
  await signIn(page, ACCOUNTS.member);
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Parteistruktur' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Parteistruktur' })).toBeFocused();
  await expect(page).toHaveTitle(/^Parteistruktur – /);

  // The tree opens level by level.
  const toggle = page.getByRole('button', { name: 'Untergliederungen von SPD Baden-Württemberg' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('link', { name: /^Regionalzentrum / }).first()).toBeVisible();
  await expectAccessible(page, 'structure tree');

  await page.getByRole('searchbox', { name: 'Gliederung suchen' }).fill('Tübingen');
  await expect(page.getByRole('heading', { name: 'Suchergebnisse' })).toBeVisible();
  const result = page.getByRole('link', { name: 'SPD Kreisverband Tübingen' });
  await expect(result).toBeVisible();
  await expectAccessible(page, 'structure search');
  await result.click();

  await expect(page.getByRole('heading', { level: 1, name: 'SPD Kreisverband Tübingen' })).toBeFocused();
  await expect(page).toHaveTitle(/^SPD Kreisverband Tübingen – /);
  const breadcrumb = page.getByRole('navigation', { name: 'Pfad' });
  await expect(breadcrumb.getByRole('link', { name: 'SPD Baden-Württemberg' })).toBeVisible();
  await expect(breadcrumb.locator('[aria-current="page"]')).toHaveText('SPD Kreisverband Tübingen');
  await expect(page.getByRole('region', { name: 'Untergliederungen' }).getByRole('link').first()).toBeVisible();
  await expectAccessible(page, 'unit page');

  await breadcrumb.getByRole('link', { name: 'SPD Baden-Württemberg' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'SPD Baden-Württemberg' })).toBeVisible();
  await expectAccessible(page, 'Landesverband page');
});
