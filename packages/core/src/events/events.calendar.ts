/**
 * Calendars: an .ics file per event, and a personal feed of one's events behind a secret token
 * (`/calendar/<token>.ics`). Only the token's SHA-256 is stored; creating a new feed revokes the
 * old one. Meeting data goes into an .ics only for the registered member it belongs to — in the
 * feed only when the member opted in. Every text goes through ical-generator's escaping and folding;
 * the calendar's own name (`NAME`, `X-WR-CALNAME`) and product id the library writes as given, so
 * they are escaped here — an event title with a line break must not add lines (`UID`, `URL`, …).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import ical, { escape, ICalEventStatus } from 'ical-generator';
import type { CalendarFeed } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isoFromMs, nowMs, toBool } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import { loadActor, type Actor } from '../accounts/actor.ts';
import { markdownToText } from '../markdown/markdown.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { canManageEvent, canSeeEvent } from './events.policy.ts';
import { isRegistered, loadEvents, type EventRecord } from './events.repository.ts';
import { policyOf, requireVisibleEvent } from './events.service.ts';
import { eventUrl } from './events.mails.ts';

type Settings = Pick<MailSettings, 'publicUrl' | 'messageDomain' | 'brand'>;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

function calendarOf(
  settings: Settings,
  name: string,
  entries: { record: EventRecord; withMeeting: boolean }[],
): string {
  const calendar = ical({
    name: escape(name, false),
    prodId: { company: escape(settings.brand.instanceName, false), product: 'Rotes Netz', language: 'DE' },
  });
  for (const { record, withMeeting } of entries) {
    const { row } = record;
    const url = eventUrl(settings, row.id);
    const meeting =
      withMeeting && row.meeting_version > 0
        ? [
            row.meeting_url ? `Link: ${row.meeting_url}` : null,
            row.meeting_dial_in ? `Einwahl: ${row.meeting_dial_in}` : null,
            row.meeting_access_code ? `Zugangscode: ${row.meeting_access_code}` : null,
          ].filter((l): l is string => l !== null)
        : [];
    calendar.createEvent({
      id: `event-${row.id}@${settings.messageDomain}`,
      start: new Date(row.starts_at),
      end: new Date(row.ends_at),
      stamp: new Date(row.updated_at),
      lastModified: new Date(row.updated_at),
      summary: row.title,
      description: [markdownToText(row.description), ...meeting, url].filter((p) => p.length > 0).join('\n\n'),
      location:
        withMeeting && row.meeting_url ? row.meeting_url : (row.location ?? (toBool(row.online) ? 'Online' : null)),
      url,
      status: row.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: row.meeting_version,
    });
  }
  return calendar.toString();
}

/** One event as .ics; with meeting data only for a registered viewer or an organiser. */
export async function eventIcs(db: Kysely<DB>, actor: Actor, eventId: number, settings: Settings): Promise<string> {
  const record = await requireVisibleEvent(db, actor, eventId);
  const withMeeting = canManageEvent(actor, policyOf(record)) || (await isRegistered(db, eventId, actor.memberId));
  return calendarOf(settings, record.row.title, [{ record, withMeeting }]);
}

function presentFeed(row: { include_meeting_data: unknown; created_at: number } | undefined): CalendarFeed {
  return row
    ? { active: true, includeMeetingData: toBool(row.include_meeting_data), createdAt: isoFromMs(row.created_at) }
    : { active: false, includeMeetingData: false, createdAt: null };
}

export async function getCalendarFeed(db: Kysely<DB>, actor: Actor): Promise<CalendarFeed> {
  const row = await db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('member_id', '=', actor.memberId)
    .executeTakeFirst();
  return presentFeed(row);
}

/** Creates the actor's feed, revoking an earlier one; the URL (with the token) is shown only now. */
export async function createCalendarFeed(
  db: Kysely<DB>,
  actor: Actor,
  includeMeetingData: boolean,
  settings: Pick<MailSettings, 'publicUrl'>,
): Promise<CalendarFeed> {
  const token = randomBytes(32).toString('base64url');
  const values = {
    token_hash: sha256(token),
    include_meeting_data: includeMeetingData,
    created_at: nowMs(),
    last_used_at: null,
  };
  await db
    .insertInto('calendar_feeds')
    .values({ member_id: actor.memberId, ...values })
    .onConflict((oc) => oc.column('member_id').doUpdateSet(values))
    .execute();
  return {
    ...presentFeed({ include_meeting_data: includeMeetingData, created_at: values.created_at }),
    url: `${settings.publicUrl.replace(/\/$/, '')}/calendar/${token}.ics`,
  };
}

export async function revokeCalendarFeed(db: Kysely<DB>, actor: Actor): Promise<void> {
  await db.deleteFrom('calendar_feeds').where('member_id', '=', actor.memberId).execute();
}

/** How far back the feed reaches. */
const FEED_PAST_MS = 90 * 86_400_000;

/** The feed behind a token: the member's registered and waitlisted events they can still see. */
export async function calendarFeedIcs(db: Kysely<DB>, token: string, settings: Settings): Promise<string> {
  const feed = await db
    .selectFrom('calendar_feeds as f')
    .innerJoin('accounts as a', 'a.member_id', 'f.member_id')
    .select(['f.member_id', 'f.include_meeting_data', 'a.id as account_id'])
    .where('f.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!feed) throw new NotFoundError('calendar feed');
  const actor = await loadActor(db, feed.account_id);
  if (!actor) throw new NotFoundError('calendar feed');
  const registrations = await db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.event_id', 'r.status'])
    .where('r.member_id', '=', feed.member_id)
    .where('e.ends_at', '>', nowMs() - FEED_PAST_MS)
    .execute();
  const statusOf = new Map(registrations.map((r) => [r.event_id, r.status]));
  const records = (await loadEvents(db, [...statusOf.keys()])).filter((r) => canSeeEvent(actor, policyOf(r)));
  const includeMeeting = toBool(feed.include_meeting_data);
  await db
    .updateTable('calendar_feeds')
    .set({ last_used_at: nowMs() })
    .where('member_id', '=', feed.member_id)
    .execute();
  return calendarOf(
    settings,
    settings.brand.instanceName,
    records
      .sort((a, b) => a.row.starts_at - b.row.starts_at)
      .map((record) => ({ record, withMeeting: includeMeeting && statusOf.get(record.row.id) === 'registered' })),
  );
}
