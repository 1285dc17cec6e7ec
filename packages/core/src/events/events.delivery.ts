/**
 * Mails about an event to its registrants, through the job queue. One fan-out job per occasion
 * (meeting data version, reminder, cancellation, organiser message) walks the recipients in
 * batches; each batch writes, in one transaction, a row per member to `event_mail_log` and the
 * mail itself. The log's key (`event:<id>:meeting:<version>:<member>`, …) exists at most once, so
 * a fan-out run again after a crash, or racing a late registration, mails nobody twice.
 *
 * Scheduled jobs carry the time they were scheduled for; when the organiser changes the time or
 * the data, the old job finds itself stale and does nothing, and a new one is enqueued.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { enqueueJob } from '../jobs/jobs.queue.ts';
import type { JobHandler } from '../jobs/jobs.worker.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { eventUrl, queueEventMail, type EventMail } from './events.mails.ts';
import type { EventRow } from './events.repository.ts';

export const EVENT_MAIL_FANOUT_JOB = 'event.mail_fanout';

/** Recipients per transaction of a fan-out. */
const BATCH = 250;

export type FanoutPayload =
  | { eventId: number; mail: 'meeting_data'; version: number; at: number | null }
  | { eventId: number; mail: 'meeting_reminder'; at: number }
  | { eventId: number; mail: 'event_cancelled' }
  | {
      eventId: number;
      mail: 'organiser_message';
      id: string;
      includeWaitlist: boolean;
      subject: string;
      body: string;
      from: string;
    };

/** The log key prefix of a fan-out; the member id completes it. */
function keyPrefix(p: FanoutPayload): string {
  switch (p.mail) {
    case 'meeting_data':
      return `event:${p.eventId}:meeting:${p.version}:`;
    case 'meeting_reminder':
      return `event:${p.eventId}:reminder:`;
    case 'event_cancelled':
      return `event:${p.eventId}:cancelled:`;
    case 'organiser_message':
      return `event:${p.eventId}:message:${p.id}:`;
  }
}

/** When the meeting data goes out for this event row: its set time, or at once. */
export function meetingMailDue(row: Pick<EventRow, 'meeting_mail_at'>, now = nowMs()): boolean {
  return row.meeting_mail_at === null || row.meeting_mail_at <= now;
}

async function enqueueFanout(db: Kysely<DB>, payload: FanoutPayload, runAt: number, key: string): Promise<void> {
  await enqueueJob(db, EVENT_MAIL_FANOUT_JOB, payload, { runAt, idempotencyKey: key, maxAttempts: 20 });
}

/**
 * Schedules the mails an event row calls for: the current meeting data version (at its time) and
 * the reminder. Call in the transaction that changed the row; jobs already enqueued stay unique.
 */
export async function scheduleEventMails(db: Kysely<DB>, row: EventRow): Promise<void> {
  if (row.status !== 'scheduled') return;
  const now = nowMs();
  if (row.meeting_version > 0) {
    await enqueueFanout(
      db,
      { eventId: row.id, mail: 'meeting_data', version: row.meeting_version, at: row.meeting_mail_at },
      Math.max(row.meeting_mail_at ?? now, now),
      `event:${row.id}:fanout:meeting:${row.meeting_version}:${row.meeting_mail_at ?? 'now'}`,
    );
  }
  if (row.reminder_minutes_before !== null) {
    const at = row.starts_at - row.reminder_minutes_before * 60_000;
    if (at > now) {
      await enqueueFanout(
        db,
        { eventId: row.id, mail: 'meeting_reminder', at },
        at,
        `event:${row.id}:fanout:reminder:${at}`,
      );
    }
  }
}

export async function scheduleCancellationMails(db: Kysely<DB>, eventId: number): Promise<void> {
  await enqueueFanout(db, { eventId, mail: 'event_cancelled' }, nowMs(), `event:${eventId}:fanout:cancelled`);
}

export async function scheduleOrganiserMessage(
  db: Kysely<DB>,
  eventId: number,
  message: { subject: string; body: string; from: string; includeWaitlist: boolean },
): Promise<void> {
  const id = randomUUID();
  await enqueueFanout(
    db,
    { eventId, mail: 'organiser_message', id, ...message },
    nowMs(),
    `event:${eventId}:fanout:message:${id}`,
  );
}

/** Whether the job no longer matches the event (changed data, time, or status). */
function isStale(p: FanoutPayload, row: EventRow): boolean {
  switch (p.mail) {
    case 'meeting_data':
      return row.status !== 'scheduled' || row.meeting_version !== p.version || row.meeting_mail_at !== p.at;
    case 'meeting_reminder':
      return (
        row.status !== 'scheduled' ||
        row.reminder_minutes_before === null ||
        row.starts_at - row.reminder_minutes_before * 60_000 !== p.at
      );
    case 'event_cancelled':
      return row.status !== 'cancelled';
    case 'organiser_message':
      return false;
  }
}

interface Recipient {
  member_id: number;
  first_name: string;
  email: string;
  locale: 'de' | 'en';
}

/** Logs and queues one event mail for one member, unless the key was logged before. */
async function mailOnce(
  trx: Kysely<DB>,
  settings: MailSettings,
  row: EventRow,
  key: string,
  recipient: Recipient,
  mail: EventMail,
  extra: { message?: { subject: string; body: string; from: string } } = {},
): Promise<boolean> {
  const logged = await trx
    .insertInto('event_mail_log')
    .values({ key, event_id: row.id, member_id: recipient.member_id, mail_id: null, created_at: nowMs() })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!logged) return false;
  const withMeeting = mail === 'meeting_data' || mail === 'meeting_reminder';
  const mailId = await queueEventMail(
    trx,
    settings,
    mail,
    { email: recipient.email, locale: recipient.locale },
    {
      name: recipient.first_name,
      title: row.title,
      startsAt: row.starts_at,
      url: eventUrl(settings, row.id),
      reason: row.cancel_reason,
      ...(withMeeting && row.meeting_version > 0
        ? { meeting: { url: row.meeting_url, dialIn: row.meeting_dial_in, accessCode: row.meeting_access_code } }
        : {}),
      ...extra,
    },
  );
  await trx.updateTable('event_mail_log').set({ mail_id: mailId }).where('key', '=', key).execute();
  return true;
}

function recipientsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('accounts as a', 'a.member_id', 'm.id')
    .select(['r.member_id', 'm.first_name', 'a.email', 'a.locale'])
    .where('m.status', '=', 'active');
}

/** Mails the current meeting data to one member who just got a place, if it is already out. */
export async function mailMeetingDataToLateRegistrant(
  trx: Kysely<DB>,
  settings: MailSettings,
  row: EventRow,
  memberId: number,
): Promise<void> {
  if (row.status !== 'scheduled' || row.meeting_version === 0 || !meetingMailDue(row)) return;
  const recipient = await recipientsQuery(trx)
    .where('r.event_id', '=', row.id)
    .where('r.member_id', '=', memberId)
    .where('r.status', '=', 'registered')
    .executeTakeFirst();
  if (!recipient) return;
  await mailOnce(
    trx,
    settings,
    row,
    `event:${row.id}:meeting:${row.meeting_version}:${memberId}`,
    recipient,
    'meeting_data',
  );
}

/** The fan-out job handler. Safe to run again: logged members are skipped. */
export function eventMailFanoutHandler(db: Kysely<DB>, settings: MailSettings): JobHandler {
  return async (raw) => {
    const p = raw as FanoutPayload;
    const prefix = keyPrefix(p);
    for (;;) {
      const done = await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('events').selectAll().where('id', '=', p.eventId).executeTakeFirst();
        if (!row || isStale(p, row)) return true;
        const statuses =
          p.mail === 'event_cancelled' || (p.mail === 'organiser_message' && p.includeWaitlist)
            ? (['registered', 'waitlisted'] as const)
            : (['registered'] as const);
        const batch = await recipientsQuery(trx)
          .where('r.event_id', '=', p.eventId)
          .where('r.status', 'in', statuses)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('event_mail_log as l')
                  .select('l.key')
                  .where('l.event_id', '=', p.eventId)
                  .whereRef('l.member_id', '=', 'r.member_id')
                  .where('l.key', '=', sql<string>`${prefix} || cast(r.member_id as text)`),
              ),
            ),
          )
          .orderBy('r.member_id')
          .limit(BATCH)
          .execute();
        const message = p.mail === 'organiser_message' ? { subject: p.subject, body: p.body, from: p.from } : undefined;
        for (const recipient of batch) {
          await mailOnce(
            trx,
            settings,
            row,
            `${prefix}${recipient.member_id}`,
            recipient,
            p.mail,
            message ? { message } : {},
          );
        }
        return batch.length < BATCH;
      });
      if (done) return;
    }
  };
}
