// page.evaluate() callbacks run in the browser:
/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import type { Browser, Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { ACCOUNTS, expect, hasHorizontalScroll, signIn, test } from './fixtures.ts';
import { mailTexts } from './mail.ts';

/**
 * The seed's dialogue tour, run as the issue describes it: three video conferences with the lead
 * candidate, members register, the "Monday mail" with the dial-in data reaches the registrants
 * only, two members send and support questions in advance, the presenter view shows them by
 * support, and the .ics is one that calendar programs read.
 */

interface TourEvent {
  id: number;
  title: string;
  topic: string | null;
  startsAt: string;
  series: { id: number; title: string } | null;
  meetingData: { url: string | null; dialIn: string | null; accessCode: string | null } | null;
}

const TOUR = [
  { topic: 'Mobilität', day: '2027-04-08' },
  { topic: 'Bildung', day: '2027-04-23' },
  { topic: 'Arbeit im Wandel', day: '2027-04-27' },
] as const;

/** The meeting data the journey gives the Mobilität conference when the seed has none. */
const MEETING = {
  url: 'https://konferenz.rotes-netz.example/dialogtour-mobilitaet',
  dialIn: '+49 711 000000-99',
  accessCode: '4711 0815',
};

/** A second browser with its own session, signed in as `email`. */
async function personIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function findByTopic(page: Page, topic: string): Promise<TourEvent | undefined> {
  const res = await page.request.get(`/api/v1/events?topic=${encodeURIComponent(topic)}&from=2027-01-01T00:00:00Z`);
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as { items: TourEvent[] };
  const summary = items.find((e) => e.topic === topic);
  if (!summary) return undefined;
  return (await (await page.request.get(`/api/v1/events/${summary.id}`)).json()) as TourEvent;
}

/** Creates a tour event through the organiser's form, as the Landesverband admin would. */
async function createThroughForm(admin: Page, topic: string, day: string): Promise<void> {
  await admin.goto('/termine');
  await admin.getByRole('link', { name: 'Termin anlegen' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Termin anlegen' })).toBeVisible();
  await admin.getByLabel('Art').selectOption({ label: 'Videokonferenz' });
  await admin.getByLabel('Titel').fill(`Dialogtour: ${topic}`);
  await admin.getByLabel('Thema', { exact: true }).fill(topic);
  await admin
    .getByLabel('Beschreibung')
    .fill(`Videokonferenz mit dem **Spitzenkandidaten** zum Thema ${topic}. <script>alert(1)</script>`);
  await admin.getByLabel('Beginn').fill(`${day}T19:00`);
  await admin.getByLabel('Ende').fill(`${day}T20:30`);
  await admin.getByRole('button', { name: 'Gast hinzufügen' }).click();
  await admin.getByRole('group', { name: 'Gast 1' }).getByLabel('Name').fill('Der Spitzenkandidat');
  await admin.getByRole('group', { name: 'Gast 1' }).getByLabel('Rolle (optional)').fill('Spitzenkandidat');
  if (topic === 'Mobilität') {
    await admin.getByLabel('Link zur Videokonferenz').fill(MEETING.url);
    await admin.getByLabel('Einwahl per Telefon').fill(MEETING.dialIn);
    await admin.getByLabel('Zugangscode').fill(MEETING.accessCode);
  }
  // "Am Montag davor": the Monday mail goes out on the Monday before the conference at 10:00.
  const monday = new Date(`${day}T12:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  await admin.getByLabel('Zugangsdaten verschicken am').fill(`${monday.toISOString().slice(0, 10)}T10:00`);
  if (topic === 'Mobilität') await expectAccessible(admin, 'event form');
  await admin.getByRole('button', { name: 'Termin anlegen' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: `Dialogtour: ${topic}` })).toBeVisible({
    timeout: 30_000,
  });
}

/** The tour from the seed, or created through the form when the seed does not have it. */
async function dialogueTour(admin: Page): Promise<TourEvent[]> {
  const out: TourEvent[] = [];
  for (const { topic, day } of TOUR) {
    let event = await findByTopic(admin, topic);
    if (!event) {
      await createThroughForm(admin, topic, day);
      event = await findByTopic(admin, topic);
    }
    expect(event, `the ${topic} conference`).toBeTruthy();
    out.push(event!);
  }
  return out;
}

test('the dialogue tour: registration, the Monday mail to registrants only, questions by support, .ics', async ({
  page,
  browser,
}) => {
  // A long journey through several sessions; on a busy machine each step takes its time.
  test.setTimeout(600_000);
  // The Landesverband admin organises (the default page: the journey's guard watches it).
  await signIn(page, ACCOUNTS.admin);
  const tour = await dialogueTour(page);
  const mobility = tour[0]!;
  let meeting = mobility.meetingData;
  if (!meeting?.url) {
    // The seed's conference has no link yet: the organiser enters it.
    await page.goto(`/termine/${mobility.id}/bearbeiten`);
    await page.getByLabel('Link zur Videokonferenz').fill(MEETING.url);
    await page.getByLabel('Einwahl per Telefon').fill(MEETING.dialIn);
    await page.getByLabel('Zugangscode').fill(MEETING.accessCode);
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect(page.getByRole('heading', { level: 1, name: mobility.title })).toBeVisible();
    meeting = MEETING;
  }
  const link = meeting.url!;

  // A member finds the tour in the calendar: as a list filtered by topic, and as a month.
  const member = await personIn(browser, ACCOUNTS.member);
  await member.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Termine' }).click();
  await expect(member.getByRole('heading', { level: 1, name: 'Termine' })).toBeVisible();
  // The topics offered are those of upcoming events the member may see: the tour's are among them.
  const topicChoice = member.getByRole('combobox', { name: 'Thema' });
  await expect(topicChoice.getByRole('option', { name: 'Bildung' })).toBeAttached();
  await topicChoice.selectOption('Mobilität');
  await member.getByRole('button', { name: 'Filtern' }).click();
  await expect(member).toHaveURL(/thema=Mobilit/);
  const item = member.getByRole('article').filter({ hasText: mobility.title });
  await expect(item).toBeVisible();
  // Europe/Berlin time although this browser lives in New York.
  await expect(item.getByText('19:00–20:30')).toBeVisible();
  await expect(member.getByRole('heading', { level: 2, name: 'Donnerstag, 8. April 2027' })).toBeVisible();
  await expectAccessible(member, 'calendar list');

  await member.getByRole('button', { name: 'Monat' }).click();
  const grid = member.getByRole('table');
  await expect(grid.getByRole('columnheader', { name: 'Montag' })).toBeVisible();
  // The keyboard walks the grid: Page Down moves a month on, arrows move by days.
  await grid.locator('button[aria-pressed="true"]').focus();
  // From today's month to April 2027, keeping the day of the month (April has 30 days).
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number, number];
  // A new month is a new table body: wait for each before the next key, as a person would.
  for (let i = 1; i <= (2027 - year) * 12 + (4 - month); i++) {
    await member.keyboard.press('PageDown');
    const shown = new Date(Date.UTC(year, month - 1 + i, 1));
    await expect(grid.locator('caption')).toHaveText(
      new Intl.DateTimeFormat('de', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(shown),
    );
    await expect(grid.locator('button[aria-pressed="true"]')).toBeFocused();
  }
  await expect(grid.locator('caption')).toHaveText('April 2027');
  const from = Math.min(day, 30);
  // Each arrow moves the chosen day; wait for it to arrive before the next key, as with Page Down.
  for (let d = from; d !== 8;) {
    await member.keyboard.press(d > 8 ? 'ArrowLeft' : 'ArrowRight');
    d += d > 8 ? -1 : 1;
    const chosen = grid.locator('button[aria-pressed="true"]');
    await expect(chosen).toHaveAccessibleName(new RegExp(`, ${d}\\. April 2027`));
    await expect(chosen).toBeFocused();
  }
  await expect(member.getByRole('button', { name: /^Donnerstag, 8\. April 2027, \d+ Termin/ })).toBeFocused();
  await expect(member.getByRole('heading', { name: 'Termine am Donnerstag, 8. April 2027' })).toBeVisible();
  await expect(grid.getByRole('link', { name: mobility.title })).toBeVisible();
  await expectAccessible(member, 'calendar month');

  // The chair of the Ortsverein does not register: they never see the link, anywhere.
  const chair = await personIn(browser, ACCOUNTS.chair);
  await chair.goto(`/termine/${mobility.id}`);
  await expect(chair.getByRole('heading', { level: 1, name: mobility.title })).toBeVisible();
  await expect(chair.getByRole('heading', { name: 'Zugangsdaten' })).toHaveCount(0);
  expect(await chair.content()).not.toContain(link);
  const asChair = (await (await chair.request.get(`/api/v1/events/${mobility.id}`)).json()) as TourEvent;
  expect(asChair.meetingData).toBeNull();
  expect(JSON.stringify(asChair)).not.toContain(link);
  expect((await chair.request.get(`/api/v1/events/${mobility.id}/meeting-data`)).status()).toBe(404);
  const chairIcs = await chair.request.get(`/api/v1/events/${mobility.id}/calendar.ics`);
  expect(chairIcs.status()).toBe(200);
  expect(await chairIcs.text()).not.toContain(link);
  const chairList = await chair.request.get('/api/v1/events?topic=Mobilit%C3%A4t&from=2027-01-01T00:00:00Z');
  expect(await chairList.text()).not.toContain(link);

  // The chair asks first; the member's later question will be supported and overtake it.
  const chairQuestion = 'Wann kommt das Deutschlandticket auch für Azubis?';
  await chair.getByRole('textbox', { name: 'Deine Frage oder Anregung' }).fill(chairQuestion);
  await chair.getByRole('button', { name: 'Frage senden' }).click();
  await expect(chair.getByRole('status').filter({ hasText: 'Deine Frage ist eingegangen.' })).toBeVisible();
  await expect(chair.getByText(chairQuestion)).toBeVisible();

  // The member registers and sees the meeting data at once.
  await member.getByRole('link', { name: mobility.title }).first().click();
  await expect(member.getByRole('heading', { level: 1, name: mobility.title })).toBeVisible();
  await expect(member.getByText('Donnerstag, 8. April 2027, 19:00–20:30 Uhr')).toBeVisible();
  await expectAccessible(member, 'event page before registering');
  await member.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(
    member.getByRole('complementary', { name: 'Anmeldung' }).getByText('Du bist angemeldet.', { exact: true }),
  ).toBeVisible();
  const access = member.getByRole('region', { name: 'Zugangsdaten' });
  await expect(access.getByRole('link', { name: link })).toBeVisible();
  await expect(access.getByText(meeting.dialIn!)).toBeVisible();
  await expectAccessible(member, 'event page registered');

  const memberQuestion = 'Wie kommt der Bus wieder in jedes Dorf?';
  await member.getByRole('textbox', { name: 'Deine Frage oder Anregung' }).fill(memberQuestion);
  await member.getByRole('button', { name: 'Frage senden' }).click();
  await expect(member.getByText(memberQuestion)).toBeVisible();
  // Support the chair's question? No: the member's own cannot be supported by themselves.
  await expect(member.getByRole('button', { name: `Frage unterstützen: ${memberQuestion}` })).toHaveCount(0);

  // The chair supports the member's question.
  await chair.reload();
  const support = chair.getByRole('button', { name: `Frage unterstützen: ${memberQuestion}` });
  await support.click();
  await expect(support).toHaveAttribute('aria-pressed', 'true');
  const questions = chair.getByRole('list', { name: 'Fragen, nach Unterstützung sortiert' }).getByRole('listitem');
  await expect(questions.first()).toContainText(memberQuestion);
  await expect(questions.first()).toContainText('1 Unterstützung');
  await expectAccessible(chair, 'event page with questions');

  // The .ics downloads and parses; it carries the time in UTC and, for the registrant, the link.
  const [download] = await Promise.all([
    member.waitForEvent('download'),
    member.getByRole('link', { name: 'In den Kalender (.ics)' }).click(),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent');
  expect(vevent).not.toBeNull();
  const event = new ICAL.Event(vevent!);
  expect(event.summary).toBe(mobility.title);
  expect(event.startDate.toJSDate().toISOString()).toBe('2027-04-08T17:00:00.000Z');
  expect(event.endDate.toJSDate().toISOString()).toBe('2027-04-08T18:30:00.000Z');
  expect(event.uid).toBeTruthy();

  // The Monday mail: the organiser brings the sending time forward to a Monday already past, 10:00.
  await page.goto(`/termine/${mobility.id}/bearbeiten`);
  const now = new Date();
  const lastMonday = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7) - 7),
  );
  await page.getByLabel('Zugangsdaten verschicken am').fill(`${lastMonday.toISOString().slice(0, 10)}T10:00`);
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('heading', { level: 1, name: mobility.title })).toBeVisible();

  // Read as the recipients would: the sent-mail page never shows meeting data.
  let mails: { to: string; subject: string; text: string }[] = [];
  await expect(() => {
    mails = mailTexts();
    expect(mails.filter((m) => m.to === ACCOUNTS.member && m.text.includes(link))).not.toHaveLength(0);
  }).toPass({ timeout: 30_000 });
  const toMember = mails.filter((m) => m.to === ACCOUNTS.member && m.text.includes(link));
  expect(toMember.find((m) => m.text.includes(meeting.dialIn!))).toBeTruthy();
  expect(mails.filter((m) => m.text.includes(link) && m.to !== ACCOUNTS.member)).toEqual([]);

  // The presenter view: the supported question first; new questions and support arrive live.
  await page.goto(`/termine/${mobility.id}`);
  await page.getByRole('link', { name: 'Präsentationsansicht' }).click();
  await expect(page.getByRole('heading', { level: 1, name: mobility.title })).toBeVisible();
  const shown = page.getByRole('list', { name: 'Fragen, nach Unterstützung sortiert' }).getByRole('listitem');
  await expect(shown).toHaveCount(2);
  await expect(shown.nth(0)).toContainText(memberQuestion);
  await expect(shown.nth(1)).toContainText(chairQuestion);
  await expectAccessible(page, 'presenter view');

  // Nothing polls: the screen changes only when the live socket says so.
  const questionFetches: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/v1\/events\/\d+\/questions/.test(request.url())) questionFetches.push(request.url());
  });
  await expect(page.getByRole('status').filter({ hasText: 'Wird laufend aktualisiert.' })).toBeVisible();
  await page.waitForTimeout(6_000);
  expect(questionFetches).toEqual([]);

  // A question sent from another browser appears by itself, last (no support yet) …
  const lateQuestion = 'Was heißt das für Pendler aus dem ländlichen Raum?';
  await chair.getByRole('textbox', { name: 'Deine Frage oder Anregung' }).fill(lateQuestion);
  await chair.getByRole('button', { name: 'Frage senden' }).click();
  await expect(shown).toHaveCount(3);
  await expect(shown.nth(2)).toContainText(lateQuestion);
  // … and moves up when a member supports it (1 support, as the member's own; the older first).
  await member.goto(`/termine/${mobility.id}`);
  const supportLate = member.getByRole('button', { name: `Frage unterstützen: ${lateQuestion}` });
  await supportLate.click();
  await expect(supportLate).toHaveAttribute('aria-pressed', 'true');
  await expect(shown.nth(1)).toContainText(lateQuestion);
  await expect(shown.nth(1)).toContainText('1 Unterstützung');
  await expect(shown.nth(2)).toContainText(chairQuestion);
  await expect(shown.nth(0)).toContainText(memberQuestion);

  // Moderation: marked answered, the question leaves the screen.
  await page.goto(`/termine/${mobility.id}/organisation`);
  const registrants = page.getByRole('table', { name: 'Angemeldete' });
  await expect(registrants.getByRole('rowheader')).toHaveCount(1);
  await expectAccessible(page, 'workspace');
  const moderation = page.getByRole('region', { name: 'Fragen moderieren' });
  // The item whose own text is the question (other items name it too, in their merge choice).
  const moderated = moderation
    .getByRole('listitem')
    .filter({ has: page.getByRole('paragraph').filter({ hasText: memberQuestion }) });
  await moderated.getByRole('button', { name: 'Als beantwortet markieren' }).click();
  await expect(moderated.getByRole('button', { name: 'Wieder offen' })).toBeVisible();
  await page.goto(`/termine/${mobility.id}/praesentation`);
  await expect(shown).toHaveCount(2);
  await expect(shown.nth(0)).toContainText(lateQuestion);
  await expect(shown.nth(1)).toContainText(chairQuestion);
  await expect(page.getByText('1 Frage beantwortet')).toBeVisible();

  // The conference belongs to the tour: its page links to the series, which lists all three.
  await member.goto(`/termine/${mobility.id}`);
  const seriesTitle = mobility.series!.title;
  await member.getByRole('link', { name: seriesTitle }).click();
  await expect(member.getByRole('heading', { level: 1, name: seriesTitle })).toBeVisible();
  const stops = member.getByRole('list', { name: 'Termine der Reihe' }).getByRole('listitem');
  await expect(stops).toHaveCount(3);
  for (const [i, stop] of tour.entries()) await expect(stops.nth(i)).toContainText(stop.title);
  await expect(member.getByRole('heading', { name: 'Reihe bearbeiten' })).toHaveCount(0);
  await expectAccessible(member, 'series');

  // My events lists the registration.
  await member.goto('/meine-termine');
  await expect(member.getByRole('heading', { level: 1, name: 'Meine Termine' })).toBeVisible();
  await expect(member.getByRole('link', { name: mobility.title })).toBeVisible();
  await expectAccessible(member, 'my events');

  await member.context().close();
  await chair.context().close();
});

test('a member subscribes to their calendar, revokes the link, and finds their Regionalzentrum', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.member);
  await page.goto('/meine-termine');
  const feed = page.getByRole('region', { name: 'Kalender-Abo' });
  await expect(feed.getByText('Du hast noch keinen Kalender-Link.')).toBeVisible();
  await feed.getByRole('button', { name: 'Kalender-Link erstellen' }).click();
  const url = await feed.getByLabel('Dein Kalender-Link').inputValue();
  const feedPath = new URL(url).pathname;
  expect(feedPath).toMatch(/^\/calendar\/[A-Za-z0-9_-]+\.ics$/);
  const res = await page.request.get(feedPath);
  expect(res.status()).toBe(200);
  expect(new ICAL.Component(ICAL.parse(await res.text())).name).toBe('vcalendar');
  await expectAccessible(page, 'my events with a feed link');

  await feed.getByRole('button', { name: 'Link sperren' }).click();
  await expect(feed.getByText('Du hast noch keinen Kalender-Link.')).toBeVisible();
  expect((await page.request.get(feedPath)).status()).toBe(404);

  await page.getByRole('button', { name: / – Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Mein Regionalzentrum' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mein Regionalzentrum' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Regionalzentrum / })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ansprechpersonen' })).toBeVisible();
  await expectAccessible(page, 'my Regionalzentrum');
  await page.getByRole('link', { name: 'Schulungen aller Regionalzentren' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Schulungen im ganzen Land' })).toBeVisible();
  await expectAccessible(page, 'trainings by centre');
});

test('an organiser starts a series from the event form and describes it on the series page', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.chair);
  await page.goto('/termine/neu');
  await expect(page.getByRole('heading', { level: 1, name: 'Termin anlegen' })).toBeVisible();
  await page.getByLabel('Art').selectOption({ label: 'Sitzung' });
  await page.getByLabel('Titel', { exact: true }).fill('Stammtisch Januar');
  await page.getByLabel('Beginn').fill('2027-01-14T19:00');
  await page.getByLabel('Ende').fill('2027-01-14T21:00');

  // A new series, made on the spot: Enter in its title creates it (and does not save the event).
  await page.getByRole('button', { name: 'Neue Reihe anlegen' }).click();
  const seriesTitle = page.getByLabel('Titel der Reihe');
  await expect(seriesTitle).toBeFocused();
  await seriesTitle.fill('Stammtisch im Ortsverein');
  await expectAccessible(page, 'event form with a new series');
  await seriesTitle.press('Enter');
  const series = page.getByRole('combobox', { name: 'Reihe', exact: true });
  await expect(series).toBeFocused();
  await expect(series.locator('option:checked')).toHaveText('Stammtisch im Ortsverein');
  await expect(page.getByRole('heading', { level: 1, name: 'Termin anlegen' })).toBeVisible();

  await page.getByRole('button', { name: 'Termin anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Stammtisch Januar' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Stammtisch im Ortsverein' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Stammtisch im Ortsverein' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Termine der Reihe' }).getByRole('link')).toHaveText([
    'Stammtisch Januar',
  ]);

  const description = 'Jeden zweiten Donnerstag im Monat, für alle Mitglieder.';
  await page.getByLabel('Beschreibung der Reihe (optional)').fill(description);
  await page.getByRole('button', { name: 'Reihe speichern' }).click();
  await expect(page.getByRole('paragraph').filter({ hasText: description })).toBeVisible();
  await expectAccessible(page, 'series page for its organiser');
});

test.describe('at 320 px', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('the calendar and an event fit without sideways scrolling', async ({ page }) => {
    await signIn(page, ACCOUNTS.member);
    await page.goto('/termine?ansicht=monat&monat=2027-04&tag=2027-04-08');
    await expect(page.getByRole('table')).toBeVisible();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectAccessible(page, 'month at 320 px');
    await page.goto('/termine');
    const first = page.getByRole('article').first().getByRole('link').first();
    if (await first.count()) {
      await first.click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await expectAccessible(page, 'event at 320 px');
    }
  });
});
