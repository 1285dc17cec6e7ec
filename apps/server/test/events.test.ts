import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';
import { expectSafeCsv } from './support/csv.ts';

const LINK = 'https://konferenz.example.org/j/dialogtour-geheim';
const PIN = '987654';

describe.each(databaseKinds())('events on $dialect', (kind) => {
  let t: TestApp;
  let admin: string;
  let member: string;
  let chair: string;
  let outsider: string;
  let rzStaff: string;
  let ovB: number;
  let rz: number;

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    const db = t.database.db;
    const kv = (await units.getUnit(db, t.ids.ov)).parentId!;
    ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Berg', code: 'OVB', parentId: kv }))
      .id;
    rz = (
      await units.createUnit(db, {
        type: 'regionalzentrum',
        name: 'Regionalzentrum Süd',
        code: 'RZ-S',
        parentId: t.ids.lv,
        contact: {
          street: 'Hauptstraße 1',
          postcode: '72070',
          city: 'Tübingen',
          phone: '07071 1',
          email: 'rz@example.org',
        },
      })
    ).id;
    const kvS = (await units.createUnit(db, { type: 'kreisverband', name: 'SPD Kreis Süd', code: 'KVS', parentId: rz }))
      .id;
    const ovS = (
      await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Süd', code: 'OVS', parentId: kvS })
    ).id;
    await addMember(t.database, {
      unitId: t.ids.ov,
      email: 'chair@example.org',
      number: '300',
      roles: [{ unitId: t.ids.ov, role: 'chair' }],
    });
    await addMember(t.database, { unitId: ovB, email: 'berg@example.org', number: '400' });
    const staff = await addMember(t.database, { unitId: ovS, email: 'rz@example.org', number: '500' });
    await db
      .insertInto('member_roles')
      .values({ member_id: staff, unit_id: rz, role: 'rz_staff', source: 'app', created_at: Date.now() })
      .execute();
    [admin, member, chair, outsider, rzStaff] = (await Promise.all(
      ['admin@example.org', 'mitglied@example.org', 'chair@example.org', 'berg@example.org', 'rz@example.org'].map(
        (e) => signIn(t.app, e),
      ),
    )) as [string, string, string, string, string];
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, cookie?: string, payload?: object) =>
    t.app.inject({
      method,
      url: url.startsWith('/api') || url.startsWith('/share') || url.startsWith('/calendar') ? url : `/api/v1${url}`,
      headers: cookie ? { cookie } : {},
      ...(payload ? { payload } : {}),
    });

  const year = new Date().getUTCFullYear() + 1;
  const base = {
    kind: 'video_conference',
    title: 'Dialogtour: Mobilität',
    topic: 'Mobilität',
    description: 'Mit dem **Spitzenkandidaten**. <script>alert(1)</script>',
    startsAt: `${year}-04-08T19:00`,
    endsAt: `${year}-04-08T20:30`,
    online: true,
    guests: [{ name: 'Anna Beispiel', role: 'Spitzenkandidatin' }],
    audience: 'all',
  };

  async function createEvent(cookie: string, unitId: number, body: object = {}) {
    const response = await call('POST', `/units/${unitId}/events`, cookie, { ...base, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number } & Record<string, unknown>;
  }

  async function mailsTo(address: string) {
    return t.database.db.selectFrom('mails').selectAll().where('to_address', '=', address).orderBy('id').execute();
  }

  it('answers 401 without a session', async () => {
    expect((await call('GET', '/events')).statusCode).toBe(401);
  });

  it('lets only organisers create events, in their own unit', async () => {
    // Not allowed answers exactly like a unit that does not exist (404), never 403.
    const nowhere = await call('POST', `/units/999999/events`, chair, base);
    expect(nowhere.statusCode).toBe(404);
    const sameAsNowhere = (res: Awaited<ReturnType<typeof call>>) => {
      expect(res.statusCode).toBe(404);
      expect({ ...res.json(), instance: undefined }).toEqual({ ...nowhere.json(), instance: undefined });
    };
    sameAsNowhere(await call('POST', `/units/${t.ids.ov}/events`, member, base));
    sameAsNowhere(await call('POST', `/units/${ovB}/events`, chair, base));
    sameAsNowhere(await call('POST', `/units/${ovB}/event-series`, chair, { title: 'Reihe' }));
    expect((await call('POST', `/units/${t.ids.lv}/events`, rzStaff, base)).statusCode).toBe(404);
    expect((await call('POST', `/units/999999/events`, admin, base)).statusCode).toBe(404);
    const event = await createEvent(chair, t.ids.ov, {
      title: 'Ortsvereinssitzung',
      kind: 'meeting',
      audience: 'unit',
    });
    expect(event).toMatchObject({
      startsAt: `${year}-04-08T17:00:00.000Z`,
      startsAtLocal: `${year}-04-08T19:00+02:00`,
      abilities: { manage: true },
    });
    expect(event.descriptionHtml).toContain('<strong>Spitzenkandidaten</strong>');
    expect(event.descriptionHtml).not.toContain('<script>');
  });

  it('refuses an end before the start and the hours the clocks change, changing nothing', async () => {
    const before = await t.database.db.selectFrom('events').select('id').execute();
    const cases: [object, string][] = [
      [{ endsAt: `${year}-04-08T18:00` }, 'event_ends_before_start'],
      [{ startsAt: '2027-03-28T02:30', endsAt: '2027-03-28T04:00' }, 'event_time_nonexistent'],
      [{ startsAt: '2026-10-25T02:30', endsAt: '2026-10-25T04:00' }, 'event_time_ambiguous'],
      [{ audience: 'role' }, 'event_audience_invalid'],
      [{ startsAt: `${year}-02-30T10:00` }, 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const response = await call('POST', `/units/${t.ids.lv}/events`, admin, { ...base, ...body });
      expect(response.statusCode, code).toBe(422);
      expect(response.json().code).toBe(code);
    }
    expect(await t.database.db.selectFrom('events').select('id').execute()).toEqual(before);
  });

  it('takes an ambiguous hour with its offset and shows it right', async () => {
    const event = await createEvent(admin, t.ids.lv, {
      startsAt: '2026-10-25T02:30+01:00',
      endsAt: '2026-10-25T03:30+01:00',
    });
    expect(event).toMatchObject({ startsAt: '2026-10-25T01:30:00.000Z', startsAtLocal: '2026-10-25T02:30+01:00' });
  });

  it('hides an event from members outside its audience everywhere (404)', async () => {
    const event = await createEvent(chair, t.ids.ov, { title: 'Nur für Tal', audience: 'unit' });
    expect((await call('GET', `/events/${event.id}`, member)).statusCode).toBe(200);
    for (const [method, url] of [
      ['GET', `/events/${event.id}`],
      ['POST', `/events/${event.id}/registration`],
      ['GET', `/events/${event.id}/questions`],
      ['POST', `/events/${event.id}/questions`],
      ['GET', `/events/${event.id}/calendar.ics`],
      ['GET', `/events/${event.id}/meeting-data`],
    ] as const) {
      const response = await call(
        method,
        url,
        outsider,
        method === 'POST' && url.endsWith('questions') ? { body: 'Hallo?' } : undefined,
      );
      expect(response.statusCode, url).toBe(404);
    }
    const list = (await call('GET', '/events', outsider)).json();
    expect(list.items.map((e: { id: number }) => e.id)).not.toContain(event.id);
    const own = (await call('GET', '/events', member)).json();
    expect(own.items.map((e: { id: number }) => e.id)).toContain(event.id);
  });

  it('shows a role audience only to holders of the role in the unit', async () => {
    const event = await createEvent(admin, t.ids.ov, {
      title: 'Vorstandsklausur',
      audience: 'role',
      audienceRoles: ['chair', 'board'],
    });
    expect((await call('GET', `/events/${event.id}`, chair)).statusCode).toBe(200);
    expect((await call('GET', `/events/${event.id}`, member)).statusCode).toBe(404);
    expect((await call('POST', `/events/${event.id}/registration`, member)).statusCode).toBe(404);
  });

  it('registers, refuses registering twice, and moves the waitlist up on cancellation with a mail', async () => {
    const event = await createEvent(admin, t.ids.lv, { title: 'Schulung Social Media', kind: 'training', capacity: 1 });
    const first = await call('POST', `/events/${event.id}/registration`, member);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'registered', position: null });
    const twice = await call('POST', `/events/${event.id}/registration`, member);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('event_already_registered');
    const second = await call('POST', `/events/${event.id}/registration`, chair);
    expect(second.json()).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await call('GET', `/events/${event.id}`, chair)).json().counts).toEqual({
      registered: 1,
      waitlisted: 1,
      capacity: 1,
      spotsLeft: 0,
    });

    expect((await call('DELETE', `/events/${event.id}/registration`, member)).statusCode).toBe(204);
    expect((await call('DELETE', `/events/${event.id}/registration`, member)).json().code).toBe('event_not_registered');
    expect((await call('GET', `/events/${event.id}`, chair)).json().myRegistration).toMatchObject({
      status: 'registered',
    });
    const mails = await mailsTo('chair@example.org');
    expect(mails.at(-1)!.subject).toBe('Du hast einen Platz: Schulung Social Media');

    const mine = (await call('GET', '/me/events', chair)).json();
    expect(mine.items.map((e: { id: number }) => e.id)).toContain(event.id);
  });

  it('never overbooks when many register for the last places at the same moment', async () => {
    const event = await createEvent(admin, t.ids.lv, { title: 'Begrenzte Plätze', capacity: 3 });
    const cookies = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        await addMember(t.database, { unitId: t.ids.ov, email: `rush${i}@example.org`, number: `R${i}` });
        return signIn(t.app, `rush${i}@example.org`);
      }),
    );
    const responses = await Promise.all(cookies.map((c) => call('POST', `/events/${event.id}/registration`, c)));
    expect(responses.map((r) => r.statusCode)).toEqual(cookies.map(() => 201));
    const statuses = responses.map((r) => r.json().status);
    expect(statuses.filter((s) => s === 'registered')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(9);
    const positions = responses
      .map((r) => r.json().position)
      .filter((p) => p !== null)
      .sort((a, b) => a - b);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const rows = await t.database.db
      .selectFrom('event_registrations')
      .select('status')
      .where('event_id', '=', event.id)
      .where('status', '=', 'registered')
      .execute();
    expect(rows).toHaveLength(3);
  });

  describe('meeting data', () => {
    let eventId: number;
    let waiting: string;

    beforeAll(async () => {
      const event = await createEvent(admin, t.ids.lv, {
        capacity: 1,
        share: { public: true, fields: ['topic', 'guests', 'description', 'location'] },
      });
      eventId = event.id;
      await call('POST', `/events/${eventId}/registration`, member);
      await addMember(t.database, { unitId: t.ids.ov, email: 'warte@example.org', number: 'W1' });
      waiting = await signIn(t.app, 'warte@example.org');
      expect((await call('POST', `/events/${eventId}/registration`, waiting)).json().status).toBe('waitlisted');
      const set = await call('PUT', `/events/${eventId}/meeting-data`, admin, {
        url: LINK,
        dialIn: '+49 30 1234',
        accessCode: PIN,
      });
      expect(set.statusCode, set.body).toBe(200);
      await t.worker.drain();
    });

    it('shows it to the registered member and the organiser', async () => {
      expect((await call('GET', `/events/${eventId}`, member)).json().meetingData).toMatchObject({
        url: LINK,
        accessCode: PIN,
        version: 1,
      });
      expect((await call('GET', `/events/${eventId}/meeting-data`, member)).json()).toMatchObject({ url: LINK });
      expect((await call('GET', `/events/${eventId}`, admin)).json().meetingData).toMatchObject({ url: LINK });
      const ics = (await call('GET', `/events/${eventId}/calendar.ics`, member)).body;
      expect(ics).toContain(LINK);
    });

    it('never gives it to a non-registrant or the waitlist: API, list, .ics, feed, share page, live log', async () => {
      for (const cookie of [chair, waiting]) {
        const event = await call('GET', `/events/${eventId}`, cookie);
        expect(event.json()).toMatchObject({ hasMeetingData: true, meetingData: null });
        expect(event.body).not.toContain(LINK);
        expect(event.body).not.toContain(PIN);
        expect((await call('GET', `/events/${eventId}/meeting-data`, cookie)).statusCode).toBe(404);
        const ics = await call('GET', `/events/${eventId}/calendar.ics`, cookie);
        expect(ics.statusCode).toBe(200);
        expect(ics.body).not.toContain(LINK);
        expect(ics.body).not.toContain(PIN);
        for (const url of ['/events', '/me/events', `/events/${eventId}/questions`, '/regionalzentren/trainings']) {
          expect((await call('GET', url, cookie)).body).not.toContain(LINK);
        }
        const feed = (await call('POST', '/me/calendar-feed', cookie, { includeMeetingData: true })).json();
        const body = (await call('GET', new URL(feed.url).pathname)).body;
        expect(body).toContain('BEGIN:VCALENDAR');
        expect(body).not.toContain(LINK);
      }
      const share = await call('GET', `/share/events/${eventId}`);
      expect(share.statusCode).toBe(200);
      expect(share.body).not.toContain(LINK);
      expect(share.body).not.toContain(PIN);
      const live = await t.database.db.selectFrom('live_events').select('payload').execute();
      expect(JSON.stringify(live)).not.toContain(LINK);
    });

    it('mails it to registrants only, once per version, and again to everyone after a change', async () => {
      expect((await mailsTo('mitglied@example.org')).filter((m) => m.text_body.includes(LINK))).toHaveLength(1);
      expect((await mailsTo('warte@example.org')).filter((m) => m.text_body.includes(PIN))).toHaveLength(0);
      expect((await mailsTo('chair@example.org')).filter((m) => m.text_body.includes(PIN))).toHaveLength(0);

      // The same data again changes nothing and mails nobody.
      await call('PUT', `/events/${eventId}/meeting-data`, admin, {
        url: LINK,
        dialIn: '+49 30 1234',
        accessCode: PIN,
      });
      await t.worker.drain();
      expect((await mailsTo('mitglied@example.org')).filter((m) => m.text_body.includes(LINK))).toHaveLength(1);

      const changed = await call('PUT', `/events/${eventId}/meeting-data`, admin, {
        url: `${LINK}-neu`,
        accessCode: '111',
      });
      expect(changed.json().meetingData.version).toBe(2);
      await t.worker.drain();
      await t.worker.drain();
      const mails = (await mailsTo('mitglied@example.org')).filter((m) => m.subject.startsWith('Zugangsdaten'));
      expect(mails).toHaveLength(2);
      expect(mails[1]!.text_body).toContain(`${LINK}-neu`);
    });

    it('mails a member who moves up from the waitlist the data at once', async () => {
      expect((await call('DELETE', `/events/${eventId}/registration`, member)).statusCode).toBe(204);
      const mails = await mailsTo('warte@example.org');
      expect(mails.map((m) => m.subject)).toEqual([
        'Du hast einen Platz: Dialogtour: Mobilität',
        'Zugangsdaten: Dialogtour: Mobilität',
      ]);
      expect(mails[1]!.text_body).toContain(`${LINK}-neu`);
      expect((await call('GET', `/events/${eventId}/meeting-data`, waiting)).statusCode).toBe(200);
      expect((await call('GET', `/events/${eventId}/meeting-data`, member)).statusCode).toBe(404);
    });
  });

  it('mails the meeting data at the organiser’s time ("Monday 10:00 before"), not earlier', async () => {
    const event = await createEvent(admin, t.ids.lv, {
      title: 'Dialogtour: Bildung',
      startsAt: `${year}-04-23T19:00`,
      endsAt: `${year}-04-23T20:30`,
      meetingMailAt: `${year}-04-19T10:00`,
    });
    await addMember(t.database, { unitId: t.ids.ov, email: 'montag@example.org', number: 'M1' });
    const monday = await signIn(t.app, 'montag@example.org');
    await call('POST', `/events/${event.id}/registration`, monday);
    await call('PUT', `/events/${event.id}/meeting-data`, admin, { url: LINK });
    await t.worker.drain();
    expect(await mailsTo('montag@example.org')).toHaveLength(0);
    const job = await t.database.db
      .selectFrom('jobs')
      .select(['id', 'run_at'])
      .where('idempotency_key', 'like', `event:${event.id}:fanout:meeting:1:%`)
      .executeTakeFirstOrThrow();
    expect(new Date(job.run_at).toISOString()).toBe(new Date(`${year}-04-19T08:00:00Z`).toISOString());
    // Time passes: the job falls due.
    await t.database.db
      .updateTable('jobs')
      .set({ run_at: Date.now() - 1 })
      .where('id', '=', job.id)
      .execute();
    await t.worker.drain();
    await t.worker.drain();
    const mails = await mailsTo('montag@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain(LINK);
  });

  it('collects questions, sorts them by support, and lets the organiser moderate them live', async () => {
    const event = await createEvent(admin, t.ids.lv, { title: 'Fragen an die Kandidatin' });
    const ask = async (cookie: string, body: string) =>
      (await call('POST', `/events/${event.id}/questions`, cookie, { body })).json();
    const q1 = await ask(member, 'Wie kommt der ÖPNV aufs Land?');
    const q2 = await ask(chair, 'Was wird aus dem Deutschlandticket?');
    const dup = await ask(outsider, 'Deutschlandticket – bleibt es?');
    expect((await call('PUT', `/events/${event.id}/questions/${q2.id}/support`, member)).json()).toMatchObject({
      supportCount: 1,
      supportedByMe: true,
    });
    // Supporting twice counts once; withdrawing takes it back.
    await call('PUT', `/events/${event.id}/questions/${q2.id}/support`, member);
    await call('PUT', `/events/${event.id}/questions/${q2.id}/support`, outsider);
    await call('PUT', `/events/${event.id}/questions/${q1.id}/support`, rzStaff);
    await call('DELETE', `/events/${event.id}/questions/${q1.id}/support`, rzStaff);
    let list = (await call('GET', `/events/${event.id}/questions`, member)).json();
    expect(list.items.map((q: { id: number; supportCount: number }) => [q.id, q.supportCount])).toEqual([
      [q2.id, 2],
      [q1.id, 0],
      [dup.id, 0],
    ]);

    expect((await call('GET', `/events/${event.id}/questions?view=presenter`, member)).statusCode).toBe(404);
    expect((await call('PATCH', `/events/${event.id}/questions/${q1.id}`, member, { hidden: true })).statusCode).toBe(
      404,
    );
    expect(
      (await call('PATCH', `/events/${event.id}/questions/${q1.id}`, admin, { hidden: true, answered: true })).json()
        .code,
    ).toBe('event_question_one_action');
    expect(
      (await call('PATCH', `/events/${event.id}/questions/${dup.id}`, admin, { mergeIntoId: dup.id })).json().code,
    ).toBe('event_question_invalid_merge');
    const merged = await call('PATCH', `/events/${event.id}/questions/${dup.id}`, admin, { mergeIntoId: q2.id });
    expect(merged.json()).toMatchObject({ status: 'merged', mergedIntoId: q2.id });
    await call('PATCH', `/events/${event.id}/questions/${q1.id}`, admin, { hidden: true });

    const presenter = (await call('GET', `/events/${event.id}/questions?view=presenter`, admin)).json();
    expect(presenter.items).toHaveLength(1);
    expect(presenter.items[0]).toMatchObject({
      id: q2.id,
      // The duplicate's author (outsider) already supported it: each member counts once.
      supportCount: 2,
      merged: [{ id: dup.id, body: 'Deutschlandticket – bleibt es?' }],
    });
    list = (await call('GET', `/events/${event.id}/questions`, member)).json();
    expect(list.items.map((q: { id: number }) => q.id)).toEqual([q2.id]);
    const moderation = (await call('GET', `/events/${event.id}/questions?view=moderation`, admin)).json();
    expect(moderation.items.map((q: { status: string }) => q.status).sort()).toEqual(['hidden', 'merged', 'open']);

    const live = await t.database.db
      .selectFrom('live_events')
      .select(['type', 'payload'])
      .where('scope', '=', `event:${event.id}`)
      .execute();
    expect(live.map((e) => e.type)).toContain('event.question_asked');
    expect(live.map((e) => e.type)).toContain('event.question_changed');
  });

  it('exports registrants as CSV with formula cells neutralised, and writes an audit entry', async () => {
    const event = await createEvent(admin, t.ids.lv, { title: 'Export' });
    await addMember(t.database, { unitId: t.ids.ov, email: '=cmd@example.org', number: 'X1' });
    await call('POST', `/events/${event.id}/registration`, await signIn(t.app, '=cmd@example.org'));
    expect((await call('GET', `/events/${event.id}/registrations.csv`, member)).statusCode).toBe(404);
    const csv = await call('GET', `/events/${event.id}/registrations.csv`, admin);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(`"'=cmd@example.org"`);
    expectSafeCsv(csv.body);
    expect(csv.body).toContain('"Erika =cmd"');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'event.registrations_exported')
      .execute();
    expect(audit.length).toBeGreaterThan(0);

    const list = (await call('GET', `/events/${event.id}/registrations`, admin)).json();
    const memberId = list.items[0].memberId;
    const marked = await call('PUT', `/events/${event.id}/registrations/${memberId}/attendance`, admin, {
      attended: true,
    });
    expect(marked.json()).toMatchObject({ attended: true });
    const message = await call('POST', `/events/${event.id}/messages`, admin, {
      subject: 'Raumänderung',
      body: 'Wir treffen uns in Raum 2.',
    });
    expect(message.json()).toEqual({ recipients: 1 });
    await t.worker.drain();
    await t.worker.drain();
    expect((await mailsTo('=cmd@example.org')).map((m) => m.subject)).toContain('Raumänderung – Export');
  });

  it('gives an .ics that ical.js reads back, and a revocable personal feed', async () => {
    const event = await createEvent(admin, t.ids.lv, {
      title: 'Dialogtour: Arbeit im Wandel',
      startsAt: `${year}-04-27T19:00`,
      endsAt: `${year}-04-27T20:30`,
    });
    await call('POST', `/events/${event.id}/registration`, rzStaff);
    const ics = await call('GET', `/events/${event.id}/calendar.ics`, rzStaff);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const vevent = new ICAL.Component(ICAL.parse(ics.body)).getFirstSubcomponent('vevent')!;
    const parsed = new ICAL.Event(vevent);
    expect(parsed.summary).toBe('Dialogtour: Arbeit im Wandel');
    expect(parsed.startDate.toJSDate().toISOString()).toBe(`${year}-04-27T17:00:00.000Z`);
    expect(parsed.endDate.toJSDate().toISOString()).toBe(`${year}-04-27T18:30:00.000Z`);

    const feed = (await call('POST', '/me/calendar-feed', rzStaff, {})).json();
    expect(feed).toMatchObject({ active: true, includeMeetingData: false });
    expect((await call('GET', '/me/calendar-feed', rzStaff)).json()).toEqual({
      active: true,
      includeMeetingData: false,
      createdAt: feed.createdAt,
    });
    const path = new URL(feed.url).pathname;
    const body = (await call('GET', path)).body;
    const events = new ICAL.Component(ICAL.parse(body))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v).summary);
    expect(events).toContain('Dialogtour: Arbeit im Wandel');
    expect((await call('DELETE', '/me/calendar-feed', rzStaff)).statusCode).toBe(204);
    expect((await call('GET', path)).statusCode).toBe(404);
    expect((await call('GET', '/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).statusCode).toBe(404);
  });

  it('keeps a title with line breaks inside its properties of the .ics (no injected UID or URL)', async () => {
    const event = await createEvent(admin, t.ids.lv, { title: 'Harmlos' });
    const title = 'Harmlos\r\nUID:evil@example.org\r\nURL:https://evil.example\nX-INJECTED:1;a,b';
    await t.database.db.updateTable('events').set({ title }).where('id', '=', event.id).execute();
    const ics = await call('GET', `/events/${event.id}/calendar.ics`, admin);
    expect(ics.statusCode).toBe(200);
    expect(ics.body).not.toMatch(/^(UID:evil|URL:https:\/\/evil|X-INJECTED)/m);
    const calendar = new ICAL.Component(ICAL.parse(ics.body));
    // ical.js leaves the text of an X- property as written: escaped, on one logical line.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(
      'Harmlos\\nUID:evil@example.org\\nURL:https://evil.example\\nX-INJECTED:1\\;a\\,b',
    );
    expect(calendar.getFirstPropertyValue('url')).toBeNull();
    expect(calendar.getFirstPropertyValue('x-injected')).toBeNull();
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toMatch(new RegExp(`^event-${event.id}@`));
    expect(new ICAL.Event(vevent).summary).toBe(title.replace(/\r\n/g, '\n'));
    expect(ics.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('serves a share page only for public events, with what the organiser marked, escaped', async () => {
    const hidden = await createEvent(admin, t.ids.lv, { title: 'Intern' });
    expect((await call('GET', `/share/events/${hidden.id}`)).statusCode).toBe(404);
    const event = await createEvent(admin, t.ids.lv, {
      title: 'Dialog <b>"live"</b>',
      topic: 'Geheimes Thema',
      share: { public: true, fields: ['guests'] },
    });
    const page = await call('GET', `/share/events/${event.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<meta property="og:title" content="Dialog &lt;b&gt;&quot;live&quot;&lt;/b&gt;">');
    expect(page.body).toContain('Anna Beispiel');
    expect(page.body).not.toContain('Geheimes Thema');
    expect(page.body).not.toContain('<b>');
  });

  it('shows a member their Regionalzentrum with contact people and trainings, and all trainings by centre', async () => {
    const training = await createEvent(rzStaff, rz, { title: 'Schulung Pressearbeit', kind: 'training' });
    const mine = await call('GET', '/me/regionalzentrum', rzStaff);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      unit: { id: rz, name: 'Regionalzentrum Süd' },
      contact: { city: 'Tübingen', street: 'Hauptstraße 1' },
      people: [{ name: 'Erika rz', role: 'rz_staff' }],
    });
    expect(mine.json().upcomingTrainings.map((e: { id: number }) => e.id)).toEqual([training.id]);
    expect((await call('GET', '/me/regionalzentrum', member)).statusCode).toBe(404);
    const all = (await call('GET', '/regionalzentren/trainings', member)).json();
    expect(all.items).toHaveLength(1);
    expect(all.items[0].trainings.map((e: { id: number }) => e.id)).toEqual([training.id]);
  });

  it('answers setting meeting data with the whole event, as its schema and the OpenAPI document say', async () => {
    const event = await createEvent(admin, t.ids.lv, { title: 'Antwort prüfen' });
    expect((await call('PUT', `/events/${event.id}/meeting-data`, member, { url: LINK })).statusCode).toBe(404);
    const set = await call('PUT', `/events/${event.id}/meeting-data`, admin, { url: LINK, accessCode: PIN });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      id: event.id,
      title: 'Antwort prüfen',
      hasMeetingData: true,
      meetingData: { url: LINK, dialIn: null, accessCode: PIN, version: 1 },
      abilities: { manage: true },
    });
    expect((await call('PUT', `/events/${event.id}/meeting-data`, admin, { url: 'http://x' })).statusCode).toBe(422);
    const doc = (await call('GET', '/api/openapi.json')).json();
    const path = doc.paths['/api/v1/events/{id}/meeting-data'];
    const required = (method: 'put' | 'get') =>
      path[method].responses['200'].content['application/json'].schema.required as string[];
    expect(required('put')).toEqual(expect.arrayContaining(['id', 'title', 'meetingData', 'abilities']));
    expect(required('get')).toEqual(['url', 'dialIn', 'accessCode', 'version']);
    expect(doc.paths['/api/v1/events/filters'].get).toBeDefined();
    expect(doc.paths['/api/v1/units/{id}/event-series'].get).toBeDefined();
    expect(doc.paths['/api/v1/event-series/{id}'].patch).toBeDefined();
  });

  it('lets organisers create, list and edit series; events link to them and the series lists its events', async () => {
    expect((await call('POST', `/units/${t.ids.ov}/event-series`, member, { title: 'Reihe' })).statusCode).toBe(404);
    expect((await call('POST', `/units/${t.ids.ov}/event-series`, chair, { title: '   ' })).statusCode).toBe(422);
    const created = await call('POST', `/units/${t.ids.ov}/event-series`, chair, {
      title: 'Stammtisch-Reihe',
      description: 'Jeden Monat.',
    });
    expect(created.statusCode, created.body).toBe(201);
    const series = created.json();
    expect(series).toMatchObject({ title: 'Stammtisch-Reihe', events: [], abilities: { manage: true } });

    // Only organisers of the unit see its list and may edit; everyone else gets "not found".
    expect((await call('GET', `/units/${t.ids.ov}/event-series`, member)).statusCode).toBe(404);
    expect((await call('GET', `/units/${ovB}/event-series`, chair)).statusCode).toBe(404);
    expect((await call('GET', `/units/${t.ids.ov}/event-series`, chair)).json().items).toContainEqual({
      id: series.id,
      title: 'Stammtisch-Reihe',
      description: 'Jeden Monat.',
      eventCount: 0,
    });
    for (const cookie of [member, outsider, rzStaff]) {
      expect((await call('PATCH', `/event-series/${series.id}`, cookie, { title: 'Gekapert' })).statusCode).toBe(404);
    }
    expect((await call('PATCH', '/event-series/999999', admin, { title: 'Nichts' })).statusCode).toBe(404);
    expect((await call('PATCH', `/event-series/${series.id}`, chair, {})).statusCode).toBe(422);
    expect((await call('PATCH', `/event-series/${series.id}`, chair, { title: '' })).statusCode).toBe(422);

    // A series of another unit cannot take the event.
    const other = (await call('POST', `/units/${t.ids.lv}/event-series`, admin, { title: 'LV-Reihe' })).json();
    const refused = await call('POST', `/units/${t.ids.ov}/events`, chair, { ...base, seriesId: other.id });
    expect(refused.json().code).toBe('event_series_invalid');

    const first = await createEvent(chair, t.ids.ov, {
      title: 'Stammtisch Mai',
      seriesId: series.id,
      audience: 'unit',
      startsAt: `${year}-05-06T19:00`,
      endsAt: `${year}-05-06T21:00`,
    });
    const hidden = await createEvent(chair, t.ids.ov, {
      title: 'Stammtisch Vorstand',
      seriesId: series.id,
      audience: 'role',
      audienceRoles: ['chair'],
    });
    expect(first.series).toEqual({ id: series.id, title: 'Stammtisch-Reihe' });

    const edited = await call('PATCH', `/event-series/${series.id}`, chair, { title: 'Stammtisch im Ortsverein' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Stammtisch im Ortsverein', description: 'Jeden Monat.' });
    expect((await call('GET', `/events/${first.id}`, member)).json().series).toEqual({
      id: series.id,
      title: 'Stammtisch im Ortsverein',
    });

    // The member sees the series with the events of it they may see, and may not edit it.
    const asMember = (await call('GET', `/event-series/${series.id}`, member)).json();
    expect(asMember.abilities).toEqual({ manage: false });
    expect(asMember.events.map((e: { id: number }) => e.id)).toEqual([first.id]);
    const asChair = (await call('GET', `/event-series/${series.id}`, chair)).json();
    expect(asChair.events.map((e: { id: number }) => e.id).sort()).toEqual([first.id, hidden.id].sort());
    expect((await call('GET', `/units/${t.ids.ov}/event-series`, chair)).json().items).toContainEqual(
      expect.objectContaining({ id: series.id, eventCount: 2 }),
    );
    // Nothing of it for a member of another Ortsverein.
    expect((await call('GET', `/event-series/${series.id}`, outsider)).statusCode).toBe(404);

    // Creating and changing the series is in the audit log (the refused attempts are not).
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'unit_id', 'data'])
      .where('action', 'like', 'event_series.%')
      .orderBy('id')
      .execute();
    const seriesOf = (data: unknown) => (typeof data === 'string' ? JSON.parse(data) : data) as { seriesId: number };
    const ofThisSeries = audit.filter((a) => seriesOf(a.data).seriesId === series.id);
    expect(ofThisSeries.map((a) => [a.action, a.unit_id])).toEqual([
      ['event_series.created', t.ids.ov],
      ['event_series.updated', t.ids.ov],
    ]);
  });

  it('offers as calendar filters only the units and topics of upcoming events the member may see', async () => {
    const secret = await createEvent(chair, t.ids.ov, {
      title: 'Nur im Tal',
      topic: 'Talsperre intern',
      audience: 'unit',
    });
    const open = await createEvent(admin, t.ids.lv, { title: 'Für alle', topic: 'Landespolitik offen' });
    const past = await call('POST', `/units/${ovB}/events`, admin, {
      ...base,
      topic: 'Längst vorbei',
      startsAt: '2020-01-10T19:00',
      endsAt: '2020-01-10T20:00',
    });
    expect(past.statusCode).toBe(201);
    expect((await call('GET', '/events/filters')).statusCode).toBe(401);

    const forOutsider = (await call('GET', '/events/filters', outsider)).json();
    expect(forOutsider.topics).toContain('Landespolitik offen');
    expect(forOutsider.topics).not.toContain('Talsperre intern');
    expect(forOutsider.topics).not.toContain('Längst vorbei');
    expect(forOutsider.units.map((u: { id: number }) => u.id)).toContain(t.ids.lv);
    expect(forOutsider.units.map((u: { id: number }) => u.id)).not.toContain(t.ids.ov);
    // Their own Ortsverein has no upcoming event: it is no choice either.
    expect(forOutsider.units.map((u: { id: number }) => u.id)).not.toContain(ovB);

    const forMember = (await call('GET', '/events/filters', member)).json();
    expect(forMember.topics).toEqual(expect.arrayContaining(['Talsperre intern', 'Landespolitik offen']));
    expect(forMember.units).toContainEqual(expect.objectContaining({ id: t.ids.ov, type: 'ortsverein' }));
    expect([...forMember.topics].sort((a: string, b: string) => a.localeCompare(b, 'de'))).toEqual(forMember.topics);
    // Each choice finds its events in the calendar.
    const filtered = (await call('GET', '/events?topic=Talsperre%20intern', member)).json();
    expect(filtered.items.map((e: { id: number }) => e.id)).toEqual([secret.id]);
    const byUnit = (await call('GET', `/events?unitId=${t.ids.lv}&topic=Landespolitik%20offen`, outsider)).json();
    expect(byUnit.items.map((e: { id: number }) => e.id)).toEqual([open.id]);
  });

  it('cancels an event and tells registrants', async () => {
    const event = await createEvent(admin, t.ids.lv, { title: 'Fällt aus' });
    await call('POST', `/events/${event.id}/registration`, member);
    const cancelled = await call('POST', `/events/${event.id}/cancel`, admin, { reason: 'Krankheit' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Krankheit' });
    expect((await call('POST', `/events/${event.id}/registration`, chair)).json().code).toBe('event_cancelled');
    await t.worker.drain();
    await t.worker.drain();
    expect((await mailsTo('mitglied@example.org')).map((m) => m.subject)).toContain('Abgesagt: Fällt aus');
  });

  // Last: an Ortsverein event opened to everyone changes what the calendar filters offer outsiders.
  it("gives an event the organising unit as its audience by default; the calendar shows other units' events only when opened", async () => {
    const { audience: _wide, ...withoutAudience } = base;
    const response = await call('POST', `/units/${t.ids.ov}/events`, chair, {
      ...withoutAudience,
      title: 'Sommerfest Tal',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().audience).toBe('unit');
    await createEvent(chair, t.ids.ov, { title: 'Sommerfest für alle', audience: 'all' });
    const titles = async (cookie: string) =>
      ((await call('GET', '/events?limit=100', cookie)).json().items as { title: string }[]).map((e) => e.title);
    // A member of another Ortsverein sees only what the chair opened to everyone.
    const outside = await titles(outsider);
    expect(outside).toContain('Sommerfest für alle');
    expect(outside).not.toContain('Sommerfest Tal');
    expect(await titles(member)).toEqual(expect.arrayContaining(['Sommerfest Tal', 'Sommerfest für alle']));
  });
});
