import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { seedDemoEvents } from '../src/demo/events.ts';
import { berlinLocalIso } from '../src/events/events.time.ts';
import { isPlausibleWorkingDay } from '../src/demo/working-days.ts';
import { databaseKinds } from './support/databases.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe.each(databaseKinds())('demo events on $dialect', (kind) => {
  let database: Database;

  beforeAll(async () => {
    database = await kind.open();
    await seedDemo(database.db, { members: 2000, seed: 7 });
    await seedDemoEvents(database.db, { now: NOW });
  }, 180_000);
  afterAll(() => database.close());

  it('plans the dialogue tour as three upcoming video conferences with the Monday mail', async () => {
    const tour = await database.db
      .selectFrom('events')
      .select(['title', 'starts_at', 'meeting_mail_at', 'meeting_version', 'kind'])
      .where('series_id', 'is not', null)
      .orderBy('starts_at')
      .execute();
    expect(tour.map((e) => [e.title, berlinLocalIso(e.starts_at), berlinLocalIso(e.meeting_mail_at!)])).toEqual([
      ['Dialogtour: Mobilität', '2027-04-08T19:00+02:00', '2027-04-05T10:00+02:00'],
      ['Dialogtour: Bildung', '2027-04-23T19:00+02:00', '2027-04-19T10:00+02:00'],
      ['Dialogtour: Arbeit im Wandel', '2027-04-27T19:00+02:00', '2027-04-26T10:00+02:00'],
    ]);
    expect(tour.every((e) => e.kind === 'video_conference' && e.meeting_version === 1)).toBe(true);
    // The Monday mail waits for its Monday: nothing with meeting data is queued yet.
    const mails = await database.db.selectFrom('mails').select('text_body').execute();
    expect(mails.filter((m) => m.text_body.includes('konferenz.demo'))).toHaveLength(0);
  });

  it('gives every Regionalzentrum trainings and the demo member registrations and questions', async () => {
    const centres = await database.db.selectFrom('units').select('id').where('type', '=', 'regionalzentrum').execute();
    const trainings = await database.db.selectFrom('events').select('unit_id').where('kind', '=', 'training').execute();
    expect(new Set(trainings.map((t) => t.unit_id))).toEqual(new Set(centres.map((c) => c.id)));
    // Seeded on 25 November, the trainings reach into the Christmas break and must skip it.
    const days = (await database.db.selectFrom('events').select('starts_at').execute()).map((e) =>
      berlinLocalIso(e.starts_at).slice(0, 10),
    );
    expect(days.some((d) => d > '2026-12-23')).toBe(true);
    expect(days.filter((d) => !isPlausibleWorkingDay(d))).toEqual([]);
    const questions = await database.db
      .selectFrom('event_questions')
      .select('support_count')
      .orderBy('support_count', 'desc')
      .execute();
    expect(questions.map((q) => q.support_count)).toEqual([2, 1, 0]);
  });
});
