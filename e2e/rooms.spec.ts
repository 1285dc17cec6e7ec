import type { Browser, Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect as baseExpect, PASSWORD, test } from './fixtures.ts';

// Live updates cross two browsers and the server on a shared machine: allow them time, never a deadline.
const expect = baseExpect.configure({ timeout: 30_000 });

const OV = 'SPD Ortsverein Tübingen';

/** Signs in through the form like `signIn` of the fixtures, with the patience of this spec's `expect`. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
}

/** A second person at their own browser: a fresh context with the config's base URL. */
async function secondBrowser(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL! });
  return context.newPage();
}

/** From anywhere, through the navigation and the room list, into the Ortsverein's "Allgemein". */
async function openAllgemein(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Räume' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Räume' })).toBeVisible();
  await page
    .getByRole('region', { name: new RegExp(OV) })
    .getByRole('link', { name: 'Allgemein', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Allgemein' })).toBeVisible();
}

test('two members of an Ortsverein discuss live in "Allgemein"; a member elsewhere sees none of it', async ({
  page,
  browser,
  baseURL,
}) => {
  // Three browsers on a shared, busy machine: each step is slow, none is timed.
  test.setTimeout(420_000);
  const vera = page;
  await signIn(vera, ACCOUNTS.chair);
  const mia = await secondBrowser(browser, baseURL);
  await signIn(mia, ACCOUNTS.member);

  // Both open the room list and their "Allgemein".
  await vera.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Räume' }).click();
  await expect(vera.getByRole('region', { name: new RegExp(OV) })).toBeVisible();
  await expectAccessible(vera, 'room list');
  await vera
    .getByRole('region', { name: new RegExp(OV) })
    .getByRole('link', { name: 'Allgemein', exact: true })
    .click();
  await expect(vera.getByRole('heading', { level: 1, name: 'Allgemein' })).toBeVisible();
  await expectAccessible(vera, 'room');
  await openAllgemein(mia);

  // Vera starts a thread with a poll.
  await vera.getByRole('button', { name: 'Neues Thema beginnen' }).click();
  await vera.getByLabel('Titel').fill('Sommerfest am Neckar');
  await vera.getByRole('textbox', { name: 'Erster Beitrag' }).fill('Wer hilft beim **Aufbau**?');
  await vera.getByRole('checkbox', { name: 'Meinungsbild hinzufügen' }).check();
  await vera.getByLabel('Frage').fill('Samstag oder Sonntag?');
  await vera.getByLabel('Antwort 1').fill('Samstag');
  await vera.getByLabel('Antwort 2').fill('Sonntag');
  await expectAccessible(vera, 'new thread form');
  await vera.getByRole('button', { name: 'Thema veröffentlichen' }).click();
  await expect(vera.getByRole('heading', { level: 1, name: 'Sommerfest am Neckar' })).toBeVisible();
  await expect(vera.locator('.post-body strong', { hasText: 'Aufbau' })).toBeVisible();

  // Vera votes first, so that she sees the results (they show after one's own vote).
  await vera.getByRole('radio', { name: 'Samstag' }).check();
  await vera.getByRole('button', { name: 'Abstimmen' }).click();
  await expect(vera.getByText('1 Stimme (100 %)')).toBeVisible();
  await expectAccessible(vera, 'thread with poll results');

  // Mia sees the thread appear in the room without reloading, and opens it.
  const link = mia.getByRole('link', { name: 'Sommerfest am Neckar' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(mia.getByRole('heading', { level: 1, name: 'Sommerfest am Neckar' })).toBeVisible();
  await expectAccessible(mia, 'thread');

  // Mia replies; Vera sees it arrive, announced politely.
  await mia.getByRole('textbox', { name: 'Deine Antwort' }).fill('Ich bringe Bänke mit!');
  await mia.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(mia.getByRole('article').filter({ hasText: 'Ich bringe Bänke mit!' })).toBeVisible();
  const reply = vera.getByRole('article', { name: 'Mia Mitglied' });
  await expect(reply).toContainText('Ich bringe Bänke mit!');
  await expect(vera.locator('[aria-live="polite"]').filter({ hasText: 'Neuer Beitrag von Mia Mitglied' })).toHaveCount(
    1,
  );

  // Mia reacts to Vera's post with the keyboard-operable menu; Vera sees the reaction.
  const first = mia.getByRole('article', { name: 'Vera Vorsitz' });
  await first.getByRole('button', { name: 'Reagieren' }).click();
  await mia.getByRole('menuitem', { name: /Daumen hoch/ }).click();
  await expect(first.getByRole('button', { name: 'Daumen hoch: 1 Reaktion, von dir' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(
    vera.getByRole('article', { name: 'Vera Vorsitz' }).getByRole('button', { name: 'Daumen hoch: 1 Reaktion' }),
  ).toBeVisible();

  // Mia votes; Vera's results change without a reload.
  await mia.getByRole('radio', { name: 'Samstag' }).check();
  await mia.getByRole('button', { name: 'Abstimmen' }).click();
  await expect(mia.getByText('2 Stimmen (100 %)')).toBeVisible();
  await expect(vera.getByText('2 Stimmen (100 %)')).toBeVisible();
  await expect(vera.getByText('2 Personen haben abgestimmt.')).toBeVisible();
  await expectAccessible(vera, 'thread after live updates');

  // Vera answers Mia's post; Mia's bell counts the notification and leads to the list.
  await vera.getByRole('textbox', { name: 'Deine Antwort' }).fill('Danke, Mia!');
  await reply.getByRole('button', { name: 'Antworten auf den Beitrag von Mia Mitglied' }).click();
  await vera.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(mia.getByRole('article').filter({ hasText: 'Danke, Mia!' })).toBeVisible();
  const bell = mia.getByRole('link', { name: /^Benachrichtigungen, \d+ ungelesen$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(mia.getByRole('heading', { level: 1, name: 'Benachrichtigungen' })).toBeVisible();
  await expect(
    mia.getByRole('link', { name: 'Vera Vorsitz hat dir in „Sommerfest am Neckar“ geantwortet' }),
  ).toBeVisible();
  await expectAccessible(mia, 'notifications');
  await mia.getByRole('button', { name: 'Alle als gelesen markieren' }).click();
  await expect(mia.getByRole('link', { name: 'Benachrichtigungen, keine ungelesen' })).toBeVisible();

  const threadUrl = vera.url();
  const roomUrl = threadUrl.replace(/\/themen\/\d+$/, '');

  // Rolf works for the Regionalzentrum and lives in another Ortsverein: none of this is his.
  const rolf = await secondBrowser(browser, baseURL);
  await signIn(rolf, ACCOUNTS.regional);
  await rolf.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Räume' }).click();
  await expect(rolf.getByRole('heading', { level: 1, name: 'Räume' })).toBeVisible();
  await expect(rolf.getByRole('region').first()).toBeVisible();
  await expect(rolf.getByRole('region', { name: new RegExp(OV) })).toHaveCount(0);
  await rolf.goto(threadUrl);
  await expect(rolf.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  await expect(rolf.getByText('Sommerfest am Neckar')).toHaveCount(0);
  await rolf.goto(roomUrl);
  await expect(rolf.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  await expectAccessible(rolf, 'room of another Ortsverein');
});

test('a mention shows as the name while writing and reaches the post with its person; a typed name resolves', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.chair);
  await openAllgemein(page);
  await page.getByRole('button', { name: 'Neues Thema beginnen' }).click();
  await page.getByLabel('Titel').fill('Wer macht den Infostand?');
  const text = page.getByRole('textbox', { name: 'Erster Beitrag' });

  // A suggestion chosen: the text box shows the name, never the stored form with the id.
  await text.pressSequentially('Danke @Mitgl');
  await page
    .getByRole('listbox', { name: 'Vorschläge für Erwähnungen' })
    .getByRole('option', { name: 'Mia Mitglied' })
    .click();
  await expect(text).toHaveValue('Danke @Mia Mitglied ');
  const mentioned = page.locator('.composer__mentions');
  await expect(mentioned).toHaveText('Erwähnt: @Mia Mitglied');

  // A name typed without choosing a suggestion.
  await text.pressSequentially('und @Vorsitz, bis Samstag.');
  await expect(text).toHaveValue('Danke @Mia Mitglied und @Vorsitz, bis Samstag.');

  // The toolbar draws its icons (no emoji that needs a font) and names every button.
  const toolbar = page.getByRole('toolbar', { name: 'Formatierung' });
  for (const name of ['Fett', 'Kursiv', 'Link', 'Liste', 'Zitat']) {
    const button = toolbar.getByRole('button', { name, exact: true });
    await expect(button.locator('svg')).toHaveCount(1);
    await expect(button).toHaveText('');
  }
  await page.getByRole('tab', { name: 'Vorschau' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Vorschau' }).locator('.mention')).toHaveText(['@Mia Mitglied']);
  await expectAccessible(page, 'composer with a mention');
  await page.getByRole('tab', { name: 'Schreiben' }).click();

  await page.getByRole('button', { name: 'Thema veröffentlichen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Wer macht den Infostand?' })).toBeVisible();
  const post = page.getByRole('article', { name: 'Vera Vorsitz' }).first();
  await expect(post.locator('.mention')).toHaveText(['@Mia Mitglied', '@Vera Vorsitz']);
  await expect(post).not.toContainText('(m:');
  // "Mehr" is named starting with what it shows (WCAG 2.5.3).
  await expect(post.getByRole('button', { name: /^Mehr – Aktionen für den Beitrag von Vera Vorsitz$/ })).toBeVisible();

  // Editing shows the names again, not the stored form.
  await post.getByRole('button', { name: /^Mehr/ }).click();
  await page.getByRole('menuitem', { name: 'Bearbeiten' }).click();
  await expect(page.getByRole('textbox', { name: 'Beitrag bearbeiten' })).toHaveValue(
    'Danke @Mia Mitglied und @Vera Vorsitz, bis Samstag.',
  );
  await expectAccessible(page, 'editing a post with mentions');
});

test('the composer keeps a draft, previews safely and formats by keyboard', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.member);
  await openAllgemein(page);
  await page.getByRole('button', { name: 'Neues Thema beginnen' }).click();
  const text = page.getByRole('textbox', { name: 'Erster Beitrag' });
  await text.fill('Hallo <img src=x onerror=alert(1)> ');
  await page.getByRole('toolbar', { name: 'Formatierung' }).getByRole('button', { name: 'Fett' }).click();
  await expect(text).toHaveValue('Hallo <img src=x onerror=alert(1)> **fetter Text**');
  await page.getByRole('tab', { name: 'Vorschau' }).click();
  const preview = page.getByRole('tabpanel', { name: 'Vorschau' });
  await expect(preview.locator('strong', { hasText: 'fetter Text' })).toBeVisible();
  // Typed markup stays text.
  await expect(preview.locator('img')).toHaveCount(0);
  await expect(preview).toContainText('<img src=x onerror=alert(1)>');
  await expectAccessible(page, 'composer preview');

  // The draft is saved while typing and comes back on return.
  await page.getByRole('tab', { name: 'Schreiben' }).click();
  await text.fill('Ein Entwurf, der bleibt.');
  await page.waitForResponse((r) => r.url().includes('/api/v1/drafts/room-') && r.request().method() === 'PUT');
  await page.reload();
  await page.getByRole('button', { name: 'Neues Thema beginnen' }).click();
  await expect(page.getByRole('textbox', { name: 'Erster Beitrag' })).toHaveValue('Ein Entwurf, der bleibt.');
  await expect(page.getByText('Dein Entwurf ist wiederhergestellt.')).toBeVisible();
});

test('the rooms pages fit a 320 px screen', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, ACCOUNTS.member);
  await page.goto('/raeume');
  await expect(page.getByRole('region', { name: new RegExp(OV) })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
  await page
    .getByRole('region', { name: new RegExp(OV) })
    .getByRole('link', { name: 'Allgemein', exact: true })
    .click();
  await page.getByRole('button', { name: 'Neues Thema beginnen' }).click();
  await expect(page.getByRole('textbox', { name: 'Erster Beitrag' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
  await expectAccessible(page, 'room at 320 px');
});
