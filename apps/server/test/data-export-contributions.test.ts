/**
 * The data export carries the member's contributions — rooms, events, programme — and only theirs:
 * another member's post in the same thread, question or idea is referenced at most by id and
 * title, never by text or name. Deleting the account afterwards keeps the contributions under
 * "Gelöschtes Mitglied".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, generalRoom, PASSWORD, signIn, type TestApp } from './support/app.ts';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const OTHERS_POST = 'Geheimnis von Olga: Ich ziehe nach Berlin.';
const OTHERS_QUESTION = 'Olgas Frage zur Barrierefreiheit';
const OTHERS_IDEA_TEXT = 'Olgas Begründung für kostenlose Kitas';
const PIN = '55443322';

/** Phases with "now" inside the one named. */
function phasesAround(phase: 'ideas' | 'draft' | 'amendments') {
  const offset = { ideas: 0, draft: 3, amendments: 6 }[phase];
  const start = Date.now() - (offset + 1) * HOUR;
  return {
    ideasFrom: iso(start),
    ideasUntil: iso(start + 2 * HOUR),
    draftFrom: iso(start + 3 * HOUR),
    draftUntil: iso(start + 5 * HOUR),
    amendmentsFrom: iso(start + 6 * HOUR),
    amendmentsUntil: iso(start + 8 * HOUR),
  };
}

describe.each(databaseKinds())('the data export’s contributions on $dialect', (kind) => {
  let t: TestApp;
  let uploads: string;
  let member: string;
  let other: string;
  let admin: string;
  let commission: string;
  let room: number;
  let threadId: number;
  let trainingId: number;
  let othersPostId: number;
  let files: Record<string, Uint8Array>;

  beforeAll(async () => {
    uploads = await mkdtemp(join(tmpdir(), 'rn-export-c-'));
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000', UPLOAD_DIR: uploads });
    await addMember(t.database, { unitId: t.ids.ov, email: 'olga@example.org', number: '300' });
    const commissionId = await addMember(t.database, {
      unitId: t.ids.ov,
      email: 'kommission@example.org',
      number: '400',
    });
    await t.database.db
      .insertInto('member_roles')
      .values({
        member_id: commissionId,
        unit_id: t.ids.lv,
        role: 'programme_commission',
        source: 'app',
        created_at: Date.now(),
      })
      .execute();
    room = await generalRoom(t.database.db, t.ids.ov);
    [member, other, admin, commission] = (await Promise.all(
      ['mitglied', 'olga', 'admin', 'kommission'].map((n) => signIn(t.app, `${n}@example.org`)),
    )) as [string, string, string, string];
  });
  afterAll(async () => {
    await t.close();
    await rm(uploads, { recursive: true, force: true });
  });

  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    cookie: string,
    payload?: object,
  ) => {
    const response = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.body ? response.json() : null;
  };

  it('contributes in rooms: a thread with a post, a reply quoting another member, a reaction, a vote, a report', async () => {
    const thread = await call('POST', `/rooms/${room}/threads`, member, {
      title: 'Sommerfest',
      body: 'Mein erster Entwurf fürs Sommerfest',
    });
    threadId = thread.id;
    const [mine] = (await call('GET', `/threads/${threadId}/posts`, member)).items;
    await call('PATCH', `/posts/${mine.id}`, member, { body: 'Mein Beitrag zum Sommerfest' });

    othersPostId = (await call('POST', `/threads/${threadId}/posts`, other, { body: OTHERS_POST })).id;
    await call('POST', `/threads/${threadId}/posts`, member, { body: 'Meine Antwort darauf', quoteId: othersPostId });
    await call('PUT', `/posts/${othersPostId}/reactions/${encodeURIComponent('👍')}`, member);
    await call('POST', `/posts/${othersPostId}/reports`, member, { reason: 'Gehört nicht hierher' });

    const poll = await call('POST', `/rooms/${room}/threads`, other, {
      title: 'Plakate',
      body: 'Stimmt ab!',
      poll: { question: 'Welche Farbe?', options: ['Rot', 'Weiß'], secret: true },
    });
    const { poll: view } = await call('GET', `/threads/${poll.id}`, member);
    await call('POST', `/polls/${view.id}/votes`, member, { optionIds: [view.options[1].id] });

    await call('PUT', `/rooms/${room}/settings`, member, { muted: true });
    await call('PUT', `/drafts/thread-${threadId}`, member, { body: 'Noch nicht abgeschickt' });
  });

  it('contributes to events: a registration, a question and a supported question, a calendar feed', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const event = await call('POST', `/units/${t.ids.lv}/events`, admin, {
      kind: 'video_conference',
      title: 'Dialogtour: Mobilität',
      description: 'Mit Gästen',
      startsAt: `${year}-04-08T19:00`,
      endsAt: `${year}-04-08T20:30`,
      online: true,
      guests: [],
      audience: 'all',
    });
    await call('PUT', `/events/${event.id}/meeting-data`, admin, {
      url: 'https://konferenz.example.org/j/geheim',
      accessCode: PIN,
    });
    await call('POST', `/events/${event.id}/registration`, member);
    await call('POST', `/events/${event.id}/registration`, other);
    await call('POST', `/events/${event.id}/questions`, member, { body: 'Meine Frage zum Nahverkehr' });
    const question = await call('POST', `/events/${event.id}/questions`, other, { body: OTHERS_QUESTION });
    await call('PUT', `/events/${event.id}/questions/${question.id}/support`, member);
    await call('POST', '/me/calendar-feed', member, { includeMeetingData: true });
    // A full training: the member holds its one seat, the other member waits for it.
    const training = await call('POST', `/units/${t.ids.lv}/events`, admin, {
      kind: 'training',
      title: 'Schulung: Pressearbeit',
      description: 'Für Vorstände',
      startsAt: `${year}-05-06T18:00`,
      endsAt: `${year}-05-06T20:00`,
      online: true,
      guests: [],
      audience: 'all',
      capacity: 1,
    });
    trainingId = training.id;
    await call('POST', `/events/${trainingId}/registration`, member);
    await call('POST', `/events/${trainingId}/registration`, other);
    expect((await call('GET', `/events/${trainingId}`, other)).myRegistration.status).toBe('waitlisted');
  });

  it('contributes to the programme: an idea, a supported idea, an amendment filed and one supported', async () => {
    const process = await call('POST', '/programme/processes', admin, {
      title: 'Regierungsprogramm',
      description: 'Eure Ideen',
      phases: phasesAround('ideas'),
      amendmentThreshold: 2,
      chapters: [{ title: 'Bildung' }],
    });
    const chapterId = process.chapters[0].id;
    const idea = await call('POST', `/programme/processes/${process.id}/ideas`, member, {
      chapterId,
      title: 'Mehr Lehrkräfte',
      body: 'Meine Idee: kleinere Klassen',
    });
    const othersIdea = await call('POST', `/programme/processes/${process.id}/ideas`, other, {
      chapterId,
      title: 'Kostenlose Kitas',
      body: OTHERS_IDEA_TEXT,
    });
    await call('PUT', `/programme/ideas/${othersIdea.id}/support`, member);
    await call('PUT', `/programme/ideas/${idea.id}/answer`, commission, {
      status: 'accepted',
      answer: 'Übernehmen wir in Kapitel 1.',
      expectedVersion: 1,
    });

    await call('PATCH', `/programme/processes/${process.id}`, admin, { phases: phasesAround('draft') });
    const text = `# Bildung\n\n${Array.from({ length: 120 }, (_, i) => `wort${i}`).join(' ')}`;
    await call('POST', `/programme/processes/${process.id}/drafts`, commission, { chapters: [{ chapterId, text }] });
    await call('PATCH', `/programme/processes/${process.id}`, admin, { phases: phasesAround('amendments') });
    const amendment = (from: number, reason: string) => ({
      draftVersion: 1,
      kind: 'delete',
      fromLine: from,
      toLine: from,
      text: '',
      reason,
    });
    await call('POST', `/programme/processes/${process.id}/amendments`, member, amendment(3, 'Meine Streichung'));
    const othersAmendment = await call(
      'POST',
      `/programme/processes/${process.id}/amendments`,
      other,
      amendment(4, 'Olgas Begründung zur Streichung'),
    );
    await call('PUT', `/programme/amendments/${othersAmendment.id}/support`, member);
  });

  it('exports all of it, with nothing the other member wrote', async () => {
    const started = await call('POST', '/me/data-export', member, { password: PASSWORD });
    const download = await t.app.inject({
      method: 'GET',
      url: new URL(started.downloadUrl).pathname,
      headers: { cookie: member },
    });
    expect(download.statusCode).toBe(200);
    files = unzipSync(new Uint8Array(download.rawPayload));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['rooms.json', 'events.json', 'programme.json']));
    const readme = strFromU8(files['README.txt']!);
    for (const name of ['rooms.json', 'events.json', 'programme.json']) {
      expect(readme.split(name).length - 1, name).toBe(2); // listed in German and in English
    }
    expect(readme).not.toContain('Later contributions');

    const everything = Object.entries(files)
      .filter(([name]) => name !== 'README.txt')
      .map(([, bytes]) => strFromU8(bytes))
      .join('\n');
    for (const foreign of [OTHERS_POST, OTHERS_QUESTION, OTHERS_IDEA_TEXT, 'Olgas Begründung zur Streichung']) {
      expect(everything).not.toContain(foreign);
    }
    expect(everything).not.toContain('Erika olga');
    expect(everything).not.toContain('olga@example.org');
  });

  it('holds the member’s room contributions', () => {
    const rooms = JSON.parse(strFromU8(files['rooms.json']!));
    // The idea's discussion thread opened with the member's first post, too.
    expect(rooms.posts.map((p: { thread: string; text: string }) => [p.thread, p.text])).toEqual([
      ['Sommerfest', 'Mein Beitrag zum Sommerfest'],
      ['Sommerfest', 'Meine Antwort darauf'],
      ['Mehr Lehrkräfte', expect.stringContaining('Meine Idee')],
    ]);
    expect(rooms.posts[1]).toMatchObject({ room: 'Allgemein', thread: 'Sommerfest', quotesPostId: othersPostId });
    expect(rooms.posts[0].editedAt).not.toBeNull();
    expect(rooms.postRevisions).toEqual([
      expect.objectContaining({ textBeforeEdit: 'Mein erster Entwurf fürs Sommerfest', editedByYou: true }),
    ]);
    expect(rooms.threadsOpened).toEqual([
      expect.objectContaining({ id: threadId, title: 'Sommerfest' }),
      expect.objectContaining({ title: 'Mehr Lehrkräfte' }),
    ]);
    expect(rooms.reactions).toEqual([
      expect.objectContaining({ postId: othersPostId, emoji: '👍', thread: 'Sommerfest' }),
    ]);
    expect(rooms.pollVotes).toEqual([
      expect.objectContaining({ question: 'Welche Farbe?', secret: true, choices: ['Weiß'], thread: 'Plakate' }),
    ]);
    expect(rooms.reportsFiled).toEqual([
      expect.objectContaining({ postId: othersPostId, reason: 'Gehört nicht hierher', status: 'open' }),
    ]);
    expect(rooms.roomSettings).toEqual([expect.objectContaining({ room: 'Allgemein', muted: true })]);
    expect(rooms.drafts).toEqual([
      expect.objectContaining({ for: `thread-${threadId}`, text: 'Noch nicht abgeschickt' }),
    ]);
    expect(rooms.bansReceived).toEqual([]);
  });

  it('holds the member’s events, without meeting data or the feed address', () => {
    const raw = strFromU8(files['events.json']!);
    const events = JSON.parse(raw);
    expect(events.registrations).toEqual([
      expect.objectContaining({ event: 'Dialogtour: Mobilität', status: 'registered', attended: null }),
      expect.objectContaining({ event: 'Schulung: Pressearbeit', status: 'registered' }),
    ]);
    expect(events.registrations[0].startsAt).toMatch(/^\d{4}-04-08T/);
    expect(events.questionsAsked).toEqual([expect.objectContaining({ text: 'Meine Frage zum Nahverkehr' })]);
    expect(events.questionsSupported).toEqual([expect.objectContaining({ event: 'Dialogtour: Mobilität' })]);
    expect(events.calendarFeed).toMatchObject({ active: true, includesMeetingData: true });
    expect(raw).not.toContain(PIN);
    expect(raw).not.toContain('konferenz.example.org');
  });

  it('holds the member’s ideas and amendments', () => {
    const programme = JSON.parse(strFromU8(files['programme.json']!));
    expect(programme.ideasSubmitted).toEqual([
      expect.objectContaining({
        title: 'Mehr Lehrkräfte',
        text: 'Meine Idee: kleinere Klassen',
        status: 'accepted',
        officialAnswer: 'Übernehmen wir in Kapitel 1.',
      }),
    ]);
    expect(programme.ideasSupported).toEqual([expect.objectContaining({ title: 'Kostenlose Kitas' })]);
    expect(programme.amendmentsFiled).toEqual([
      expect.objectContaining({ reason: 'Meine Streichung', kind: 'delete', lines: { from: 3, to: 3 } }),
    ]);
    expect(programme.amendmentsSupported).toEqual([expect.objectContaining({ lines: { from: 4, to: 4 } })]);
  });

  it('deletes the account: contributions stay, signed “Gelöschtes Mitglied”; private leftovers go', async () => {
    const db = t.database.db;
    const privateTables = ['drafts', 'notifications', 'room_settings', 'calendar_feeds', 'thread_reads'] as const;
    const counts = () =>
      Promise.all(
        privateTables.map(async (table) =>
          (await db.selectFrom(table).select('member_id').where('member_id', '=', t.ids.member).execute()).length > 0
            ? table
            : null,
        ),
      );
    expect(await counts()).toEqual([...privateTables]);

    const deleted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/delete',
      headers: { cookie: member },
      payload: { password: PASSWORD, confirm: 'LÖSCHEN' },
    });
    expect(deleted.statusCode).toBe(204);
    const posts = (await call('GET', `/threads/${threadId}/posts`, other)).items;
    expect(posts.map((p: { body: string; author: { displayName: string } }) => [p.author.displayName, p.body])).toEqual(
      [
        ['Gelöschtes Mitglied', 'Mein Beitrag zum Sommerfest'],
        ['Erika olga', OTHERS_POST],
        ['Gelöschtes Mitglied', 'Meine Antwort darauf'],
      ],
    );
    // What only served the member is gone …
    expect(await counts()).toEqual(privateTables.map(() => null));
    // … what others see or count stays, under the anonymised roster entry.
    const kept = await Promise.all([
      db.selectFrom('reactions').select('emoji').where('member_id', '=', t.ids.member).execute(),
      db.selectFrom('poll_votes').select('option_id').where('member_id', '=', t.ids.member).execute(),
      db.selectFrom('reports').select('id').where('reporter_id', '=', t.ids.member).execute(),
      db.selectFrom('event_questions').select('id').where('author_id', '=', t.ids.member).execute(),
      db.selectFrom('idea_supports').select('idea_id').where('member_id', '=', t.ids.member).execute(),
      db.selectFrom('amendments').select('id').where('filer_id', '=', t.ids.member).execute(),
    ]);
    expect(kept.map((rows) => rows.length)).toEqual([1, 1, 1, 1, 1, 1]);
    // Seats at events still to come go back, and the waitlist moves up.
    expect(
      await db.selectFrom('event_registrations').select('event_id').where('member_id', '=', t.ids.member).execute(),
    ).toEqual([]);
    expect((await call('GET', `/events/${trainingId}`, other)).myRegistration.status).toBe('registered');
  });
});
