import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, signIn, test } from './fixtures.ts';

const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `Satzteil${from + i}`).join(' ');

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, email);
  return page;
}

/** Sets a datetime-local field to now plus `hours`, as the browser's clock and time zone see it. */
async function setTime(page: Page, label: string, hours: number): Promise<void> {
  const value = await page.evaluate((h) => {
    const d = new Date(Date.now() + h * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, hours);
  await page.getByLabel(label, { exact: true }).fill(value);
}

test('an idea goes from a member to the commission’s answer, and an amendment on lines 12–14 into the next draft', async ({
  browser,
  page: admin,
}) => {
  test.setTimeout(300_000);
  // The LV admin (also on the programme commission) sets up a process; ideas are collected now.
  await signIn(admin, ACCOUNTS.admin);
  await admin.goto('/programm/neu');
  await admin.getByLabel('Titel').fill('Regierungsprogramm Landtagswahl');
  await admin.getByLabel('Beschreibung').fill('Bring deine **Ideen** ein.');
  await admin.getByLabel('Unterstützungen für einen Antrag').fill('1');
  await expectAccessible(admin, 'process form');
  await admin.getByRole('button', { name: 'Anlegen' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Regierungsprogramm Landtagswahl' })).toBeVisible();
  await expect(admin.getByText('Jetzt: Ideen sammeln')).toBeVisible();
  const processUrl = admin.url();
  await expectAccessible(admin, 'process');

  // A member submits an idea.
  const member = await as(browser, ACCOUNTS.member);
  await member.goto(processUrl);
  await member.getByRole('link', { name: 'Idee einreichen' }).first().click();
  await member.getByLabel('Titel').fill('Stündlicher Bus in jedes Dorf');
  await member.getByLabel('Deine Idee').fill('Der ländliche Raum braucht einen **Takt**.');
  await expectAccessible(member, 'idea form');
  await member.getByRole('button', { name: 'Idee einreichen' }).click();
  await expect(member.getByRole('heading', { level: 1, name: 'Stündlicher Bus in jedes Dorf' })).toBeVisible();
  const ideaUrl = member.url();

  // Another member supports it right from the list of ideas, and its page counts the support.
  const chair = await as(browser, ACCOUNTS.chair);
  await chair.goto(`${processUrl}/ideen`);
  const ideaCard = chair.locator('li.idea-card').filter({ hasText: 'Stündlicher Bus in jedes Dorf' });
  await ideaCard.getByRole('button', { name: 'Unterstützen: Stündlicher Bus in jedes Dorf' }).click();
  await expect(ideaCard.getByText('1 Unterstützung', { exact: true })).toBeVisible();
  await expect(
    ideaCard.getByRole('button', { name: 'Unterstützt – zurückziehen: Stündlicher Bus in jedes Dorf' }),
  ).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(chair, 'ideas with support buttons');
  await chair.goto(ideaUrl);
  await expect(chair.getByText('1 Unterstützung', { exact: true })).toBeVisible();
  await expect(chair.getByRole('button', { name: 'Unterstützt – zurückziehen' })).toBeVisible();
  await expectAccessible(chair, 'idea');

  // The commission answers.
  await admin.goto(ideaUrl);
  await admin.getByLabel('Status').selectOption({ label: 'Übernommen' });
  await admin.getByLabel('Offizielle Antwort').fill('Wir nehmen den Takt in das Kapitel Mobilität auf.');
  await admin.getByRole('button', { name: 'Antwort speichern' }).click();
  await expect(admin.getByText('Die Antwort ist gespeichert.')).toBeVisible();

  // The author sees the answer.
  await member.reload();
  await expect(member.getByRole('heading', { name: 'Antwort der Programmkommission' })).toBeVisible();
  await expect(member.getByText('Wir nehmen den Takt in das Kapitel Mobilität auf.')).toBeVisible();
  await expect(member.getByText('Übernommen').first()).toBeVisible();

  // The commission publishes a draft and the admin opens the amendment phase.
  await admin.goto(`${processUrl}/kommission`);
  await expectAccessible(admin, 'commission workspace');
  await admin.getByLabel('Mobilität').fill(`# Mobilität\n\n${words(120)}\n\n${words(120, 200)}`);
  await admin.getByLabel('Bildung').fill(`# Bildung\n\n${words(40, 500)}`);
  await admin.getByRole('button', { name: 'Als neue Fassung veröffentlichen' }).click();
  await expect(admin.getByText('Fassung 1 ist veröffentlicht.')).toBeVisible();
  await admin.goto(processUrl);
  await setTime(admin, 'Ideen sammeln ab', -72);
  await setTime(admin, 'Ideen sammeln bis', -48);
  await setTime(admin, 'Entwurf diskutieren ab', -48);
  await setTime(admin, 'Entwurf diskutieren bis', -24);
  await setTime(admin, 'Änderungsanträge ab', -1);
  await setTime(admin, 'Änderungsanträge bis', 240);
  await admin.getByRole('button', { name: 'Phasen speichern' }).click();
  await expect(admin.getByText('Jetzt: Änderungsanträge')).toBeVisible();

  // The member selects lines 12–14 in the draft and files an amendment.
  await member.goto(`${processUrl}/entwurf`);
  await expect(member.getByRole('heading', { level: 1, name: 'Entwurf, Fassung 1' })).toBeVisible();
  await expectAccessible(member, 'draft');
  // Chapter headings read as headings, without their Markdown marks.
  const draftLines = member.getByRole('list', { name: 'Zeilen des Entwurfs' });
  await expect(draftLines.locator('.draft-line--heading').first()).toHaveText(/^\s*1\s*Mobilität$/);
  await expect(draftLines).not.toContainText('# ');
  await member.getByRole('button', { name: 'Zeile 12 auswählen' }).click();
  await member.getByRole('button', { name: 'Zeile 14 auswählen' }).click();
  await expect(member.getByText('Ausgewählt: Z. 12–14')).toBeVisible();
  await member.getByRole('link', { name: 'Änderungsantrag stellen' }).click();
  await expect(member.getByText('Zu Z. 12–14 der Fassung 1')).toBeVisible();
  await member.getByLabel('Neuer Text').fill('Wir bauen die Stadtbahn bis in jedes Mittelzentrum.');
  await member.getByLabel('Begründung').fill('Die Schiene verbindet das Land.');
  await expectAccessible(member, 'amendment form');
  await member.getByRole('button', { name: 'Antrag stellen' }).click();
  const card = member.locator('li.amendment-card').filter({ hasText: 'Die Schiene verbindet das Land.' });
  await expect(card.locator('ins')).toContainText(['Wir bauen die Stadtbahn bis in jedes Mittelzentrum.']);
  await expect(card.locator('del').first()).toBeVisible();
  await expectAccessible(member, 'amendments');

  // It gets its supporter and counts as submitted.
  await chair.goto(`${processUrl}/antraege`);
  const chairCard = chair.locator('li.amendment-card').filter({ hasText: 'Die Schiene verbindet das Land.' });
  await chairCard.getByRole('button', { name: 'Unterstützen' }).click();
  await expect(chairCard.getByText('1 Unterstützung (nötig: 1)')).toBeVisible();
  await expect(chairCard.getByText('Eingereicht')).toBeVisible();

  // The commission accepts it and merges it into version 2.
  await admin.goto(`${processUrl}/antraege`);
  const adminCard = admin.locator('li.amendment-card').filter({ hasText: 'Die Schiene verbindet das Land.' });
  await adminCard.getByText('Verfahren festlegen (Programmkommission)').click();
  await adminCard.getByLabel('Verfahren').selectOption({ label: 'Annahme' });
  await adminCard.getByRole('button', { name: 'Verfahren speichern' }).click();
  await expect(admin.getByText('Das Verfahren ist gespeichert.')).toBeVisible();
  await admin.goto(`${processUrl}/kommission`);
  await admin.getByRole('button', { name: 'Neue Fassung erstellen' }).click();
  await expect(admin.getByText(/Fassung 2 erstellt; eingearbeitet: Ä\d+/)).toBeVisible();

  await member.goto(`${processUrl}/entwurf/2`);
  // The sentence may wrap onto the next line: look for its words in the draft's lines.
  const lines = member.getByRole('list', { name: 'Zeilen des Entwurfs' });
  for (const word of ['Stadtbahn', 'Mittelzentrum.']) await expect(lines).toContainText(word);

  // The exports open: the CSV round-trips, the PDF parses.
  await admin.goto(`${processUrl}/kommission`);
  const [csvDownload] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: 'Ideen als CSV' }).click(),
  ]);
  const rows = parse(fs.readFileSync(await csvDownload.path()), { bom: true, delimiter: ';', columns: true }) as Record<
    string,
    string
  >[];
  expect(rows.map((r) => r.Titel)).toContain('Stündlicher Bus in jedes Dorf');
  expect(rows.find((r) => r.Titel === 'Stündlicher Bus in jedes Dorf')).toMatchObject({ Status: 'übernommen' });
  const [pdfDownload] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: 'Antragsbuch als PDF' }).click(),
  ]);
  const document = await getDocument({ data: new Uint8Array(fs.readFileSync(await pdfDownload.path())) }).promise;
  const first = await (await document.getPage(1)).getTextContent();
  const text = first.items.map((item) => ('str' in item ? item.str : '')).join(' ');
  expect(text).toContain('Antragsbuch');
  expect(text).toContain('Die Schiene verbindet das Land.');
});
