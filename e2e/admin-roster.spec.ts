import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, signIn, test } from './fixtures.ts';

/**
 * The roster is the whole membership, so the journey starts from the admin's own export (every
 * demo member) and changes three rows: one member moves, one is new, one row is broken. Other
 * journeys share this demo database, so nothing else changes.
 */
test('an admin uploads the roster, reads the diff, applies it and finds the new member', async ({ page }) => {
  // Exporting, uploading and diffing all 33,000 demo members takes a while on a CI runner.
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.admin);
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await nav.getByRole('button', { name: 'Verwaltung' }).click();
  await page.getByRole('menuitem', { name: 'Mitgliederliste' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mitgliederliste' })).toBeVisible();
  await expectAccessible(page, 'roster upload');

  const exported = await page.request.get('/api/v1/admin/members/export.csv');
  expect(exported.status()).toBe(200);
  // Every cell of the export is quoted (CSV injection); no demo cell holds a `;` or a quote.
  const [header, ...rows] = (await exported.text())
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(';').map((cell) => cell.replace(/^"(.*)"$/, '$1')));
  // A plain member (no functions) who moves to the Ortsverein of another row.
  const index = rows.findIndex((r) => r[7] === '' && r[8] === 'active' && !r[3]!.includes('@demo.'));
  const mover = rows[index]!;
  const target = rows.map((r) => r[5]!).find((code) => code !== mover[5])!;
  rows[index] = [...mover.slice(0, 5), target, ...mover.slice(6)];
  rows.push(['99000001', 'Nora', 'Neumitglied', 'nora@example.org', '14.05.2001', target, '', '', 'active']);
  rows.push(['99000002', 'Kai', '', '', '', target, '', '', 'active']);
  await page.getByLabel('CSV-Datei').setInputFiles({
    name: 'mitglieder.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([header!, ...rows].map((row) => row.join(';')).join('\r\n'), 'utf8'),
  });
  await page.getByRole('button', { name: 'Vorschau erstellen' }).click();

  await expect(page.getByRole('heading', { level: 3, name: 'Umgezogen (1)' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 3, name: 'Neu (1)' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Fehlerhafte Zeilen (1)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Ausgetreten/ })).toHaveCount(0);
  const errors = page.getByRole('table', { name: 'Fehlerhafte Zeilen' });
  await expect(errors.getByRole('row').filter({ hasText: '99000002' })).toContainText(
    `${rows.length + 1}99000002Pflichtangabe fehlt (lastName)`,
  );
  await expect(page.getByRole('table', { name: 'Umgezogen' })).toContainText(`${mover[5]} → ${target}`);
  await expectAccessible(page, 'roster preview');

  await page.getByRole('button', { name: 'Übernehmen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mitgliederliste übernehmen?' });
  await expect(dialog).toContainText('1 neu, 0 geändert, 1 umgezogen, 0 ausgetreten');
  await expectAccessible(page, 'roster confirmation');
  await dialog.getByRole('button', { name: 'Jetzt übernehmen' }).click();
  await expect(page.getByRole('heading', { name: 'Mitgliederliste übernommen' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Neu aufgenommen: 1, aktualisiert: 1, als ausgetreten markiert: 0')).toBeVisible();
  await expectAccessible(page, 'roster applied');

  await nav.getByRole('button', { name: 'Verwaltung' }).click();
  await page.getByRole('menuitem', { name: 'Mitglieder', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mitglieder' })).toBeVisible();
  await page.getByLabel('Name oder Mitgliedsnummer').fill('neumitglied');
  const row = page.getByRole('row').filter({ hasText: '99000001' });
  await expect(row).toBeVisible();
  await expectAccessible(page, 'members');
  await row.getByRole('button', { name: 'Nora Neumitglied' }).click();
  const detail = page.getByRole('dialog', { name: 'Nora Neumitglied' });
  await expect(detail).toContainText(target);
  await expect(detail).toContainText('Keine Funktionen.');
  await expectAccessible(page, 'member detail');
  await page.keyboard.press('Escape');

  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /bearbeiten$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();
  await expectAccessible(page, 'unit edit');
});

/**
 * A wrong file (three rows instead of the whole party) would end almost every membership. The
 * journey stops at the refusal: applying it would empty the demo database the other journeys share.
 */
test('a roster that would make most members leave needs the typed number and a reason', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.admin);
  const me = (await (await page.request.get('/api/v1/me')).json()) as {
    memberships: { unit: { code: string; type: string } }[];
  };
  const ov = me.memberships.find((m) => m.unit.type === 'ortsverein')!.unit.code;
  await page.goto('/admin/mitgliederliste');
  await page.getByLabel('CSV-Datei').setInputFiles({
    name: 'falsche-datei.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      [
        'Mitgliedsnummer;Vorname;Nachname;E-Mail;Geburtsdatum;Ortsverein;Arbeitsgemeinschaften;Funktionen',
        `99100001;Ada;Eins;;;${ov};;`,
        `99100002;Ben;Zwei;;;${ov};;`,
        `99100003;Cem;Drei;;;${ov};;`,
      ].join('\r\n'),
      'utf8',
    ),
  });
  await page.getByRole('button', { name: 'Vorschau erstellen' }).click();
  const departures = page.getByRole('heading', { level: 3, name: /^\d+ Austritte nach Ortsverein$/ });
  await expect(departures).toBeVisible({ timeout: 30_000 });
  const left = Number((await departures.textContent())!.split(' ')[0]);
  expect(left).toBeGreaterThan(30_000);
  // The sample names the Ortsvereine that would be emptied, with a few of their members.
  const sample = page.getByRole('region', { name: /Austritte nach Ortsverein/ }).getByRole('listitem');
  await expect(sample).toHaveCount(10);
  await expect(sample.first()).toContainText(/: .+ und \d+ weitere$/);
  await expectAccessible(page, 'roster preview with a mass departure');

  await page.getByRole('button', { name: 'Übernehmen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mitgliederliste übernehmen?' });
  await expect(dialog).toContainText(`Mit dieser Datei würden ${left} Mitglieder als ausgetreten gelten`);
  await expect(dialog.getByRole('button', { name: 'Jetzt übernehmen' })).toHaveCount(0);
  const number = dialog.getByLabel(`Zur Bestätigung die Zahl der Austritte eingeben (${left})`);
  await number.fill('3');
  await dialog.getByLabel('Warum ist die Datei vollständig?').fill('passt');
  await dialog.getByRole('button', { name: `${left} Austritte übernehmen` }).click();
  await expect(number).toHaveAccessibleDescription('Bitte gib genau die Zahl der Austritte ein.');
  await expect(dialog.getByLabel('Warum ist die Datei vollständig?')).toHaveAccessibleDescription(
    /mindestens 20 Zeichen/,
  );
  await expectAccessible(page, 'mass departure confirmation');
  await page.keyboard.press('Escape');

  // The API refuses it just the same, without the number and the reason.
  const previews = await page.request.post('/api/v1/admin/roster/previews?name=x.csv', {
    headers: { 'content-type': 'text/csv' },
    data: `Mitgliedsnummer;Vorname;Nachname;E-Mail;Geburtsdatum;Ortsverein;Arbeitsgemeinschaften;Funktionen\r\n99100001;Ada;Eins;;;${ov};;`,
  });
  const refused = await page.request.post(`/api/v1/admin/roster/previews/${(await previews.json()).id}/apply`);
  expect(refused.status()).toBe(422);
  expect(await refused.json()).toMatchObject({ code: 'roster_mass_departure' });
  // Nobody left: neither the dialog nor the API changed anything.
  const leavers = await page.request.get('/api/v1/admin/members?status=left');
  expect((await leavers.json()).items).toEqual([]);
});
