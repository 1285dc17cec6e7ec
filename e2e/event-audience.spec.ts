import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, signIn, test } from './fixtures.ts';

test("a chair's new event is for the Ortsverein unless the chair deliberately opens it to everyone", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ACCOUNTS.chair);
  await page.goto('/termine/neu');
  await expect(page.getByRole('heading', { level: 1, name: 'Termin anlegen' })).toBeVisible();
  const audience = page.getByRole('group', { name: 'Für wen ist der Termin?' });
  await expect(audience.getByRole('radio', { name: 'Mitglieder der Gliederung und darunter' })).toBeChecked();
  await expect(audience.getByRole('radio', { name: 'Alle Mitglieder' })).not.toBeChecked();

  await page.getByLabel('Art').selectOption({ label: 'Sitzung' });
  await page.getByLabel('Titel', { exact: true }).fill('Mitgliederversammlung Februar');
  await page.getByLabel('Beginn').fill('2027-02-11T19:00');
  await page.getByLabel('Ende').fill('2027-02-11T21:00');

  // Choosing everyone takes a confirmation; without it the form says why and saves nothing.
  await audience.getByRole('radio', { name: 'Alle Mitglieder' }).check();
  const confirm = audience.getByRole('checkbox', { name: /alle Mitglieder im ganzen Landesverband/ });
  await expect(confirm).not.toBeChecked();
  await page.getByRole('button', { name: 'Termin anlegen' }).click();
  await expect(page.getByText('Bitte bestätige, dass alle Mitglieder im Landesverband').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Termin anlegen' })).toBeVisible();
  await expectAccessible(page, 'event form asking to confirm everyone');

  // The chair thinks again: the Ortsverein it is.
  await audience.getByRole('radio', { name: 'Mitglieder der Gliederung und darunter' }).check();
  await expect(confirm).toHaveCount(0);
  await page.getByRole('button', { name: 'Termin anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mitgliederversammlung Februar' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText('Mitglieder der Gliederung und darunter')).toBeVisible();
});
