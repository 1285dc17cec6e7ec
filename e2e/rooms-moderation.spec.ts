import type { Browser, Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect as baseExpect, hasHorizontalScroll, PASSWORD, test } from './fixtures.ts';

// Two browsers and the server share a busy machine: allow time, never a deadline.
const expect = baseExpect.configure({ timeout: 30_000 });

const OV = 'SPD Ortsverein Tübingen';
const NOT_FOUND = 'Seite nicht gefunden';

/** Signs in through the form, with the patience of this spec's `expect`. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
}

/** A second person at their own browser. */
async function secondBrowser(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL! });
  return context.newPage();
}

/** Through the navigation and the room list into a room of the Ortsverein. */
async function openRoom(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Räume' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Räume' })).toBeVisible();
  await page
    .getByRole('region', { name: new RegExp(OV) })
    .getByRole('link', { name, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** The chair adds a room to her Ortsverein through "Neuer Raum" and lands in it. */
async function createRoom(page: Page, name: string, audience: 'Alle Mitglieder' | 'Nur Eingeladene'): Promise<void> {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Räume' }).click();
  await page.getByRole('link', { name: 'Neuer Raum' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Raum' })).toBeVisible();
  await expect(page.getByLabel('Gliederung', { exact: true })).toContainText(OV);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: new RegExp(`^${audience}`) }).check();
  await expectAccessible(page, 'new room form');
  await page.getByRole('button', { name: 'Raum anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Opens a thread with its first post in the room that is open. */
async function startThread(page: Page, title: string, body: string): Promise<void> {
  await page.getByRole('button', { name: 'Neues Thema beginnen' }).click();
  await page.getByLabel('Titel').fill(title);
  await page.getByRole('textbox', { name: 'Erster Beitrag' }).fill(body);
  await page.getByRole('button', { name: 'Thema veröffentlichen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** Chooses an action from a post's "Mehr" menu. */
async function postAction(page: Page, post: ReturnType<Page['getByRole']>, action: string): Promise<void> {
  await post.getByRole('button', { name: /^Mehr – Aktionen für den Beitrag von/ }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

test('a report reaches the chair, who hides and restores the post and bans a member for a week', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const vera = page;
  await signIn(vera, ACCOUNTS.chair);
  await createRoom(vera, 'Plakatgruppe', 'Alle Mitglieder');
  await startThread(vera, 'Plakate für den Wahlkampf', 'Wer klebt am Samstag mit? Treffpunkt 9 Uhr.');
  const threadUrl = vera.url();

  // Mia reports Vera's post, with a reason.
  const mia = await secondBrowser(browser, baseURL);
  await signIn(mia, ACCOUNTS.member);
  await mia.goto(threadUrl);
  const veraPost = mia.getByRole('article', { name: 'Vera Vorsitz' });
  await expect(veraPost).toContainText('Treffpunkt 9 Uhr');
  await mia.getByRole('textbox', { name: 'Deine Antwort' }).fill('Ich komme, bringe aber keinen Kleister mit.');
  await mia.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(mia.getByRole('article', { name: 'Mia Mitglied' })).toContainText('keinen Kleister');
  await postAction(mia, veraPost, 'Melden');
  const reportDialog = mia.getByRole('dialog', { name: 'Beitrag melden' });
  await reportDialog.getByLabel('Grund').fill('Die Uhrzeit verstößt gegen die Nachtruhe.');
  await expectAccessible(mia, 'report dialog');
  await reportDialog.getByRole('button', { name: 'Meldung senden' }).click();
  await expect(mia.getByText('Danke, deine Meldung ist bei der Moderation.')).toBeVisible();

  // Vera finds it in the moderation queue and hides it with a reason.
  await vera.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Verwaltung' }).click();
  await vera.getByRole('menuitem', { name: 'Moderation' }).click();
  await expect(vera.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible();
  const report = vera.getByRole('listitem', { name: 'Beitrag von Vera Vorsitz – 1 Meldung' });
  await expect(report).toContainText('Die Uhrzeit verstößt gegen die Nachtruhe.');
  await expect(report).toContainText('Treffpunkt 9 Uhr');
  await expectAccessible(vera, 'moderation queue');
  await report.getByRole('button', { name: 'Beitrag von Vera Vorsitz ausblenden' }).click();
  const hideDialog = vera.getByRole('dialog', { name: 'Beitrag ausblenden' });
  await hideDialog.getByLabel('Grund').fill('Bis zur Klärung der Uhrzeit');
  await hideDialog.getByRole('button', { name: 'Ausblenden' }).click();
  await expect(vera.getByText('Der Beitrag ist ausgeblendet.')).toBeVisible();
  // Hiding settles the reports: the case leaves the queue.
  await expect(report).toHaveCount(0);
  await expectAccessible(vera, 'moderation queue after hiding');

  // Mia sees a note in its place, not the text.
  await mia.reload();
  await expect(veraPost).toContainText('Dieser Beitrag wurde von der Moderation ausgeblendet.');
  await expect(veraPost).not.toContainText('Treffpunkt 9 Uhr');
  await expectAccessible(mia, 'thread with a hidden post');

  // Vera still reads it, with the reason, and restores it; Mia reads it again.
  await vera.goto(threadUrl);
  const hidden = vera.getByRole('article', { name: 'Vera Vorsitz' });
  await expect(hidden).toContainText(
    'Ausgeblendet – nur für die Moderation sichtbar. Grund: Bis zur Klärung der Uhrzeit',
  );
  await expect(hidden).toContainText('Treffpunkt 9 Uhr');
  await expectAccessible(vera, 'thread with a hidden post, for moderators');
  await postAction(vera, hidden, 'Wieder einblenden');
  await expect(vera.getByText('Der Beitrag ist wieder sichtbar.')).toBeVisible();
  await expect(hidden).not.toContainText('Ausgeblendet');
  await mia.reload();
  await expect(veraPost).toContainText('Treffpunkt 9 Uhr');

  // Vera bans Mia from the room for a week, from Mia's post.
  const miaPost = vera.getByRole('article', { name: 'Mia Mitglied' });
  await postAction(vera, miaPost, 'Im Raum sperren');
  const banDialog = vera.getByRole('dialog', { name: 'Mia Mitglied im Raum sperren' });
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await expect(banDialog.getByLabel('Gesperrt bis einschließlich')).toHaveValue(inAWeek);
  await banDialog.getByLabel('Grund (für die Person sichtbar)').fill('Wiederholt unsachlich');
  await expectAccessible(vera, 'ban dialog');
  await banDialog.getByRole('button', { name: 'Sperren' }).click();
  await expect(vera.getByText('Mia Mitglied ist gesperrt.')).toBeVisible();

  // Mia still reads, but neither replies nor starts a thread; the server refuses her too.
  await mia.reload();
  await expect(mia.getByText('Du bist in diesem Raum gesperrt und kannst nicht schreiben.')).toBeVisible();
  await expect(mia.getByRole('textbox', { name: 'Deine Antwort' })).toHaveCount(0);
  await expect(veraPost).toContainText('Treffpunkt 9 Uhr');
  await expectAccessible(mia, 'thread while banned');
  await mia.getByRole('navigation', { name: 'Brotkrumen' }).getByRole('link', { name: 'Plakatgruppe' }).click();
  await expect(
    mia.getByText(/bis .* gesperrt und kannst bis dahin nicht schreiben\. Grund: Wiederholt unsachlich/),
  ).toBeVisible();
  await expect(mia.getByRole('button', { name: 'Neues Thema beginnen' })).toHaveCount(0);
  const threadId = threadUrl.split('/').pop();
  const refused = await mia.request.post(`/api/v1/threads/${threadId}/posts`, { data: { body: 'Trotzdem!' } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe('room_banned');

  // The ban is listed in the room's settings, where Vera lifts it.
  await vera.goto(`${threadUrl.replace(/\/themen\/\d+$/, '')}/einstellungen`);
  await expect(vera.getByRole('heading', { level: 1, name: 'Einstellungen: Plakatgruppe' })).toBeVisible();
  await expect(vera.getByText(/Mia Mitglied\s*bis .* – Wiederholt unsachlich/)).toBeVisible();
  await expectAccessible(vera, 'room settings with a ban');
  await vera.getByRole('button', { name: 'Sperre von Mia Mitglied aufheben' }).click();
  await expect(vera.getByText('Niemand ist gesperrt.')).toBeVisible();
  await mia.reload();
  await expect(mia.getByRole('button', { name: 'Neues Thema beginnen' })).toBeVisible();
});

test('the chair sets up an invite-only room with a code of conduct and invites a member by searching', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const vera = page;
  await signIn(vera, ACCOUNTS.chair);
  await createRoom(vera, 'Wahlkampfteam', 'Nur Eingeladene');
  const roomUrl = vera.url();
  await vera.getByRole('link', { name: 'Einstellungen' }).click();
  await expect(vera.getByRole('heading', { level: 1, name: 'Einstellungen: Wahlkampfteam' })).toBeVisible();

  // The code of conduct.
  await vera.getByLabel('Verhaltensregeln (optional)').fill('Wir bleiben freundlich und sachlich.');
  await vera.getByRole('button', { name: 'Speichern' }).click();
  await expect(vera.getByText('Der Raum ist gespeichert.')).toBeVisible();

  // Inviting Mia: type the start of her name (any case, any accent), choose by keyboard.
  await expect(vera.getByText('Noch niemand eingeladen.')).toBeVisible();
  const search = vera.getByRole('combobox', { name: 'Mitglied einladen' });
  await search.fill('MÍA MITGL');
  const option = vera.getByRole('option', { name: 'Mia Mitglied' });
  await expect(option).toBeVisible();
  await expect(vera.getByRole('status').filter({ hasText: /^1 Mitglied gefunden\.$/ })).toBeVisible();
  await expect(search).toHaveAttribute('aria-expanded', 'true');
  await expect(vera.getByRole('listbox')).not.toContainText('@');
  await expectAccessible(vera, 'invite search with results');
  await search.press('ArrowDown');
  await expect(search).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  await search.press('Enter');
  await expect(vera.getByText('Mia Mitglied ist eingeladen.')).toBeVisible();
  const invites = vera.getByRole('list').filter({ hasText: 'eingeladen am' });
  await expect(invites.getByRole('listitem')).toHaveCount(1);
  await expect(invites).toContainText('Mia Mitglied');
  await expect(search).toHaveValue('');

  // Searching again shows her as invited; Escape closes the list.
  await search.fill('mia mitglied');
  await expect(vera.getByRole('option', { name: 'Mia Mitglied' })).toHaveAttribute('aria-disabled', 'true');
  await search.press('Escape');
  await expect(vera.getByRole('listbox')).toHaveCount(0);
  await expect(search).toHaveAttribute('aria-expanded', 'false');
  await search.fill('zzqx');
  await expect(vera.getByRole('status').filter({ hasText: /^Kein Mitglied gefunden\.$/ })).toBeVisible();
  await search.press('Escape');
  await expectAccessible(vera, 'room settings');

  // Mia sees the room among her Ortsverein's, accepts the rules once and can write.
  const mia = await secondBrowser(browser, baseURL);
  await signIn(mia, ACCOUNTS.member);
  await openRoom(mia, 'Wahlkampfteam');
  await expectAccessible(mia, 'invite-only room');
  await mia.getByRole('button', { name: 'Neues Thema beginnen' }).click();
  const rules = mia.getByRole('dialog', { name: 'Verhaltensregeln für Wahlkampfteam' });
  await expect(rules).toContainText('Wir bleiben freundlich und sachlich.');
  await expectAccessible(mia, 'code of conduct');
  await rules.getByRole('button', { name: 'Gelesen und angenommen' }).click();
  await expect(rules).toHaveCount(0);
  await mia.getByLabel('Titel').fill('Infostand am Holzmarkt');
  await mia.getByRole('textbox', { name: 'Erster Beitrag' }).fill('Ich übernehme die erste Schicht.');
  await mia.getByRole('button', { name: 'Thema veröffentlichen' }).click();
  await expect(mia.getByRole('heading', { level: 1, name: 'Infostand am Holzmarkt' })).toBeVisible();
  // Accepted once: the next thread starts without the rules.
  await openRoom(mia, 'Wahlkampfteam');
  await startThread(mia, 'Plakate am Bahnhof', 'Wer hat Kabelbinder?');
  await expect(mia.getByRole('dialog')).toHaveCount(0);

  // Rolf, not invited, finds nothing there.
  const rolf = await secondBrowser(browser, baseURL);
  await signIn(rolf, ACCOUNTS.regional);
  await rolf.goto(roomUrl);
  await expect(rolf.getByRole('heading', { level: 1, name: NOT_FOUND })).toBeVisible();
  await expect(rolf.getByText('Wahlkampfteam')).toHaveCount(0);
  await expectAccessible(rolf, 'invite-only room for someone not invited');
});

test('an author edits a post, everyone sees "edited" and its history, and the author deletes it', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.member);
  await openRoom(page, 'Allgemein');
  await startThread(page, 'Protokoll der Mitgliederversammlung', 'Der Entwurf kommt am Freitag.');
  await page.getByRole('textbox', { name: 'Deine Antwort' }).fill('Beginn war um 19 Uhr.');
  await page.getByRole('button', { name: 'Antwort senden' }).click();
  const written = page.getByRole('article').filter({ hasText: 'Beginn war um 19 Uhr.' });
  await expect(written).toBeVisible();
  // The same post while its text changes: by its anchor.
  const reply = page.locator(`article#${await written.getAttribute('id')}`);

  await postAction(page, reply, 'Bearbeiten');
  const editor = reply.getByRole('textbox', { name: 'Beitrag bearbeiten' });
  await expect(editor).toHaveValue('Beginn war um 19 Uhr.');
  await editor.fill('Beginn war um 19:30 Uhr.');
  await reply.getByRole('button', { name: 'Änderung speichern' }).click();
  await expect(page.getByText('Deine Änderung ist gespeichert.')).toBeVisible();
  const edited = reply;
  await expect(edited).toContainText('Beginn war um 19:30 Uhr.');
  const editedMark = edited.getByRole('button', { name: /^bearbeitet am / });
  await expect(editedMark).toBeVisible();
  await expectAccessible(page, 'thread with an edited post');

  await editedMark.click();
  const history = page.getByRole('dialog', { name: 'Frühere Fassungen' });
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await expect(history.getByRole('listitem').first()).toContainText('Aktuelle Fassung');
  await expect(history.getByRole('listitem').first()).toContainText('Beginn war um 19:30 Uhr.');
  await expect(history.getByRole('listitem').nth(1)).toContainText(/Fassung, ersetzt am .* von Mia Mitglied/);
  await expect(history.getByRole('listitem').nth(1)).toContainText('Beginn war um 19 Uhr.');
  await expectAccessible(page, 'post history');
  await page.keyboard.press('Escape');
  await expect(history).toHaveCount(0);

  await postAction(page, edited, 'Löschen');
  const confirm = page.getByRole('dialog', { name: 'Beitrag löschen?' });
  await confirm.getByRole('button', { name: 'Ja, löschen' }).click();
  await expect(page.getByText('Der Beitrag ist gelöscht.')).toBeVisible();
  await expect(page.getByText('Dieser Beitrag wurde gelöscht.')).toBeVisible();
  await expect(page.getByText('Beginn war um 19:30 Uhr.')).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('Dieser Beitrag wurde gelöscht.')).toBeVisible();
  await expect(page.getByText(/Beginn war um 19/)).toHaveCount(0);
  await expectAccessible(page, 'thread with a deleted post');
});

test('room settings and the invite search fit a 320 px screen', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, ACCOUNTS.chair);
  await page.goto('/raeume/neu');
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Raum' })).toBeVisible();
  await expect(page.getByLabel('Gliederung', { exact: true })).toContainText(OV);
  await page.getByLabel('Name', { exact: true }).fill('Kleine Runde');
  await page.getByRole('radio', { name: /^Nur Eingeladene/ }).check();
  expect(await hasHorizontalScroll(page)).toBe(false);
  await page.getByRole('button', { name: 'Raum anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kleine Runde' })).toBeVisible();
  await page.getByRole('link', { name: 'Einstellungen' }).click();
  const search = page.getByRole('combobox', { name: 'Mitglied einladen' });
  await search.fill('mia mit');
  await expect(page.getByRole('option', { name: 'Mia Mitglied' })).toBeVisible();
  expect(await hasHorizontalScroll(page)).toBe(false);
  await expectAccessible(page, 'invite search at 320 px');
});

// A 2×2 PNG and a small PDF, as a member would pick them from disk.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAE0lEQVQImWM4wcBwggGMTzAwAAAZDgMhwQXcYQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

test('a post carries an image and a PDF picked in the composer; the PDF downloads as an attachment', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.member);
  await openRoom(page, 'Allgemein');
  await page.getByRole('button', { name: 'Neues Thema beginnen' }).click();
  await page.getByLabel('Titel').fill('Flyer für das Sommerfest');
  await page.getByRole('textbox', { name: 'Erster Beitrag' }).fill('Entwurf und Plakatmotiv anbei.');
  await page.getByLabel('Dateien anhängen').setInputFiles([
    { name: 'plakat.png', mimeType: 'image/png', buffer: PNG },
    { name: 'flyer.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await expect(page.getByText(/hochgeladen \(/)).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'flyer.pdf entfernen' })).toBeVisible();
  await expectAccessible(page, 'composer with attachments');
  await page.getByRole('button', { name: 'Thema veröffentlichen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Flyer für das Sommerfest' })).toBeVisible();

  const post = page.getByRole('article', { name: 'Mia Mitglied' });
  const files = post.getByRole('list', { name: 'Anhänge' });
  await expect(files.getByRole('img', { name: 'Bild: plakat.png' })).toBeVisible();
  const link = files.getByRole('link', { name: /^flyer\.pdf herunterladen/ });
  await expect(link).toBeVisible();
  await expectAccessible(page, 'post with attachments');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('flyer.pdf');

  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="flyer\.pdf"/);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['content-security-policy']).toContain('sandbox');
  expect((await response.body()).equals(PDF)).toBe(true);
});
