import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';

const LINK = 'https://konferenz.example.org/j/erinnerung';

/** Scheduled event mails: the reminder before the start, and a moved mail time. */
describe.each(databaseKinds())('scheduled event mails on $dialect', (kind) => {
  let t: TestApp;
  let admin: string;
  let member: string;
  const year = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    [admin, member] = [await signIn(t.app, 'admin@example.org'), await signIn(t.app, 'mitglied@example.org')];
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

  /** Lets a scheduled job fall due now, as if its time had come, and runs the queue. */
  async function timePasses(keyPattern: string): Promise<void> {
    await t.database.db
      .updateTable('jobs')
      .set({ run_at: Date.now() - 1 })
      .where('idempotency_key', 'like', keyPattern)
      .where('status', '=', 'pending')
      .execute();
    await t.worker.drain();
    await t.worker.drain();
  }

  const mailsTo = (address: string) =>
    t.database.db.selectFrom('mails').select(['subject', 'text_body']).where('to_address', '=', address).execute();

  it('sends the reminder before the start with the meeting data, once', async () => {
    const created = await call('POST', `/units/${t.ids.lv}/events`, admin, {
      kind: 'video_conference',
      title: 'Dialogtour: Bildung',
      startsAt: `${year}-04-23T19:00`,
      endsAt: `${year}-04-23T20:30`,
      online: true,
      audience: 'all',
      reminderMinutesBefore: 60,
    });
    const id = created.json().id as number;
    await call('POST', `/events/${id}/registration`, member);
    await call('PUT', `/events/${id}/meeting-data`, admin, { url: LINK });
    await t.worker.drain();
    const job = await t.database.db
      .selectFrom('jobs')
      .select('run_at')
      .where('idempotency_key', 'like', `event:${id}:fanout:reminder:%`)
      .executeTakeFirstOrThrow();
    expect(new Date(job.run_at).toISOString()).toBe(`${year}-04-23T16:00:00.000Z`);
    await timePasses(`event:${id}:fanout:reminder:%`);
    const reminders = (await mailsTo('mitglied@example.org')).filter(
      (m) => m.subject === 'Erinnerung: Dialogtour: Bildung',
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text_body).toContain(LINK);
  });

  it('drops the mail at the old time when the organiser moves it, and sends at the new one', async () => {
    const created = await call('POST', `/units/${t.ids.lv}/events`, admin, {
      kind: 'video_conference',
      title: 'Dialogtour: Arbeit im Wandel',
      startsAt: `${year}-04-27T19:00`,
      endsAt: `${year}-04-27T20:30`,
      online: true,
      audience: 'all',
      meetingMailAt: `${year}-04-20T10:00`,
    });
    const id = created.json().id as number;
    await call('POST', `/events/${id}/registration`, member);
    await call('PUT', `/events/${id}/meeting-data`, admin, { url: LINK });
    const moved = await call('PATCH', `/events/${id}`, admin, { meetingMailAt: `${year}-04-26T10:00` });
    expect(moved.json().meetingMailAt).toBe(`${year}-04-26T08:00:00.000Z`);
    expect((await call('PATCH', `/events/${id}`, admin, { meetingMailAt: `${year}-04-28T10:00` })).json().code).toBe(
      'event_meeting_mail_after_start',
    );
    const oldTime = Date.parse(`${year}-04-20T08:00:00Z`);
    await timePasses(`event:${id}:fanout:meeting:1:${oldTime}`);
    const subject = 'Zugangsdaten: Dialogtour: Arbeit im Wandel';
    expect((await mailsTo('mitglied@example.org')).filter((m) => m.subject === subject)).toHaveLength(0);
    await timePasses(`event:${id}:fanout:meeting:1:%`);
    expect((await mailsTo('mitglied@example.org')).filter((m) => m.subject === subject)).toHaveLength(1);
  });
});
