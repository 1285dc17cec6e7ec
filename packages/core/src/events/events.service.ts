/**
 * Events: create, change, cancel, read and list. Every read goes through the events policy;
 * whatever the actor may not see is a 404. Meeting data leaves this module only through
 * `presentEvent` for a viewer who is registered or organises the event.
 */
import type { Kysely, Transaction } from 'kysely';
import type {
  CreateEventBody,
  CreateSeriesBody,
  Event,
  EventGuest,
  EventList,
  EventListQuery,
  EventPublicField,
  EventSeries,
  EventSummary,
  UpdateEventBody,
} from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { fromJson, isoFromMs, nowMs, toBool, toJson } from '../db/database.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { eventScope, inTransaction, recordLiveEvent } from '../live/live.events.ts';
import { recordScopesChanged } from '../live/live.scopes.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { berlinLocalIso, parseEventTime } from './events.time.ts';
import {
  canManageEvent,
  canOrganiseEventsOf,
  canRegisterFor,
  canSeeEvent,
  visibleEventIds,
  type PolicyEvent,
} from './events.policy.ts';
import {
  loadEvent,
  loadEvents,
  lockEvent,
  ownRegistrations,
  registrationCounts,
  type Counts,
  type EventRecord,
  type OwnRegistration,
} from './events.repository.ts';
import { scheduleCancellationMails, scheduleEventMails } from './events.delivery.ts';
import { promoteFromWaitlist } from './events.registration.ts';

export function policyOf(record: EventRecord): PolicyEvent {
  return { unitId: record.row.unit_id, audience: record.row.audience, audienceRoles: record.audienceRoles };
}

/** The event if the actor may see it; 404 otherwise, exactly as for a missing id. */
export async function requireVisibleEvent(db: Kysely<DB>, actor: Actor, eventId: number): Promise<EventRecord> {
  const record = await loadEvent(db, eventId);
  if (!record || !canSeeEvent(actor, policyOf(record))) throw new NotFoundError('event');
  return record;
}

/** The event if the actor organises it; 404 otherwise (organiser pages of others do not exist). */
export async function requireManagedEvent(db: Kysely<DB>, actor: Actor, eventId: number): Promise<EventRecord> {
  const record = await requireVisibleEvent(db, actor, eventId);
  if (!canManageEvent(actor, policyOf(record))) throw new NotFoundError('event');
  return record;
}

function presentCounts(capacity: number | null, counts: Counts) {
  return {
    registered: counts.registered,
    waitlisted: counts.waitlisted,
    capacity,
    spotsLeft: capacity === null ? null : Math.max(0, capacity - counts.registered),
  };
}

export function presentSummary(record: EventRecord, counts: Counts, own: OwnRegistration | undefined): EventSummary {
  const { row } = record;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    topic: row.topic,
    unit: record.unit,
    series: record.series,
    startsAt: isoFromMs(row.starts_at),
    endsAt: isoFromMs(row.ends_at),
    startsAtLocal: berlinLocalIso(row.starts_at),
    endsAtLocal: berlinLocalIso(row.ends_at),
    online: toBool(row.online),
    location: row.location,
    status: row.status,
    counts: presentCounts(row.capacity, counts),
    myRegistration: own
      ? { status: own.status, position: own.position, registeredAt: isoFromMs(own.registeredAt) }
      : null,
  };
}

export function shareUrl(publicUrl: string, eventId: number): string {
  return `${publicUrl.replace(/\/$/, '')}/share/events/${eventId}`;
}

/** The event page for one viewer. */
export async function presentEvent(
  db: Kysely<DB>,
  actor: Actor,
  record: EventRecord,
  settings: Pick<MailSettings, 'publicUrl'>,
): Promise<Event> {
  const { row } = record;
  const [counts, own] = await Promise.all([
    registrationCounts(db, [row.id]),
    ownRegistrations(db, actor.memberId, [row.id]),
  ]);
  const mine = own.get(row.id);
  const policy = policyOf(record);
  const manage = canManageEvent(actor, policy);
  const now = nowMs();
  const open = row.status === 'scheduled' && row.ends_at > now;
  const seesMeeting = row.meeting_version > 0 && (manage || mine?.status === 'registered');
  const sharePublic = toBool(row.share_public);
  return {
    ...presentSummary(record, counts.get(row.id)!, mine),
    descriptionMarkdown: row.description,
    descriptionHtml: row.description_html,
    guests: fromJson<EventGuest[]>(row.guests),
    audience: row.audience,
    audienceRoles: record.audienceRoles,
    hasMeetingData: row.meeting_version > 0,
    meetingData: seesMeeting
      ? {
          url: row.meeting_url,
          dialIn: row.meeting_dial_in,
          accessCode: row.meeting_access_code,
          version: row.meeting_version,
        }
      : null,
    meetingMailAt: manage ? isoFromMs(row.meeting_mail_at) : null,
    reminderMinutesBefore: manage ? row.reminder_minutes_before : null,
    share: {
      public: sharePublic,
      fields: fromJson<EventPublicField[]>(row.share_fields),
      url: sharePublic ? shareUrl(settings.publicUrl, row.id) : null,
    },
    cancelledAt: isoFromMs(row.cancelled_at),
    cancelReason: row.cancel_reason,
    abilities: {
      register: open && !mine && canRegisterFor(actor, policy),
      cancelRegistration: open && mine !== undefined,
      manage,
      moderateQuestions: manage,
      askQuestion: open,
    },
    createdAt: isoFromMs(row.created_at),
    updatedAt: isoFromMs(row.updated_at),
  };
}

export async function getEvent(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  settings: Pick<MailSettings, 'publicUrl'>,
): Promise<Event> {
  return presentEvent(db, actor, await requireVisibleEvent(db, actor, eventId), settings);
}

type EventFields = Partial<CreateEventBody>;

interface Checked {
  startsAt?: number;
  endsAt?: number;
  meetingMailAt?: number | null;
}

/** Checks what no schema can: times, audience roles, the series. */
async function checkFields(
  db: Kysely<DB>,
  unitId: number,
  fields: EventFields,
  current?: { starts_at: number; ends_at: number; audience: string },
): Promise<Checked> {
  const checked: Checked = {};
  if (fields.startsAt !== undefined) checked.startsAt = parseEventTime(fields.startsAt, 'startsAt');
  if (fields.endsAt !== undefined) checked.endsAt = parseEventTime(fields.endsAt, 'endsAt');
  if (fields.meetingMailAt !== undefined) {
    checked.meetingMailAt =
      fields.meetingMailAt === null ? null : parseEventTime(fields.meetingMailAt, 'meetingMailAt');
  }
  const starts = checked.startsAt ?? current?.starts_at;
  const ends = checked.endsAt ?? current?.ends_at;
  if (starts !== undefined && ends !== undefined && ends <= starts) {
    throw new DomainError('event_ends_before_start', 'ends before it starts', [
      { path: '/endsAt', message: 'must be after startsAt' },
    ]);
  }
  if (checked.meetingMailAt != null && starts !== undefined && checked.meetingMailAt >= starts) {
    throw new DomainError('event_meeting_mail_after_start', 'meeting mail after start', [
      { path: '/meetingMailAt', message: 'must be before startsAt' },
    ]);
  }
  const audience = fields.audience ?? current?.audience;
  const roles = fields.audienceRoles;
  if (
    (fields.audience === 'role' && (!roles || roles.length === 0)) ||
    (audience !== 'role' && roles !== undefined && roles.length > 0)
  ) {
    throw new DomainError('event_audience_invalid', 'audience roles mismatch', [
      { path: '/audienceRoles', message: 'required for audience role, only there' },
    ]);
  }
  if (fields.seriesId != null) {
    const series = await db
      .selectFrom('event_series')
      .select('unit_id')
      .where('id', '=', fields.seriesId)
      .executeTakeFirst();
    if (!series || series.unit_id !== unitId) {
      throw new DomainError('event_series_invalid', 'series of another unit', [
        { path: '/seriesId', message: 'not a series of this unit' },
      ]);
    }
  }
  return checked;
}

async function setAudienceRoles(trx: Transaction<DB>, eventId: number, roles: readonly string[]): Promise<void> {
  await trx.deleteFrom('event_audience_roles').where('event_id', '=', eventId).execute();
  if (roles.length > 0) {
    await trx
      .insertInto('event_audience_roles')
      .values(roles.map((role) => ({ event_id: eventId, role: role as never })))
      .execute();
  }
}

/** Creates an event in a unit the actor organises events of. */
export async function createEvent(
  db: Kysely<DB>,
  actor: Actor,
  unitId: number,
  body: CreateEventBody,
  settings: MailSettings,
): Promise<Event> {
  const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new NotFoundError('unit');
  // Not allowed looks exactly like not there, as for rooms and roles.
  if (!canOrganiseEventsOf(actor, unitId)) throw new NotFoundError('unit');
  const checked = await checkFields(db, unitId, body);
  const description = body.description ?? '';
  const now = nowMs();
  const id = await inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('events')
      .values({
        unit_id: unitId,
        series_id: body.seriesId ?? null,
        kind: body.kind,
        title: body.title.trim(),
        topic: body.topic?.trim() || null,
        description,
        description_html: renderMarkdown(description),
        starts_at: checked.startsAt!,
        ends_at: checked.endsAt!,
        online: body.online,
        location: body.location?.trim() || null,
        guests: toJson(body.guests ?? []),
        // The organising unit unless the organiser chose otherwise.
        audience: body.audience ?? 'unit',
        capacity: body.capacity ?? null,
        meeting_mail_at: checked.meetingMailAt ?? null,
        reminder_minutes_before: body.reminderMinutesBefore ?? null,
        share_public: body.share?.public ?? false,
        share_fields: toJson(body.share?.fields ?? []),
        status: 'scheduled',
        created_by: actor.memberId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setAudienceRoles(trx, row.id, body.audienceRoles ?? []);
    await scheduleEventMails(trx, row);
    await recordAudit(trx, {
      action: 'event.created',
      actorAccountId: actor.accountId,
      unitId,
      data: { eventId: row.id, kind: row.kind },
    });
    return row.id;
  });
  return getEvent(db, actor, id, settings);
}

/** Changes an event. A larger capacity moves the waitlist up; a smaller one than taken is refused. */
export async function updateEvent(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  body: UpdateEventBody,
  settings: MailSettings,
): Promise<Event> {
  const record = await requireManagedEvent(db, actor, eventId);
  const checked = await checkFields(db, record.row.unit_id, body, record.row);
  await inTransaction(db, async (trx) => {
    const { row: before } = record;
    const changes: Record<string, unknown> = {};
    if (body.kind !== undefined) changes.kind = body.kind;
    if (body.title !== undefined) changes.title = body.title.trim();
    if (body.topic !== undefined) changes.topic = body.topic?.trim() || null;
    if (body.description !== undefined) {
      changes.description = body.description;
      changes.description_html = renderMarkdown(body.description);
    }
    if (checked.startsAt !== undefined) changes.starts_at = checked.startsAt;
    if (checked.endsAt !== undefined) changes.ends_at = checked.endsAt;
    if (body.online !== undefined) changes.online = body.online;
    if (body.location !== undefined) changes.location = body.location?.trim() || null;
    if (body.guests !== undefined) changes.guests = toJson(body.guests);
    if (body.audience !== undefined) changes.audience = body.audience;
    if (body.capacity !== undefined) changes.capacity = body.capacity;
    if (body.seriesId !== undefined) changes.series_id = body.seriesId;
    if (checked.meetingMailAt !== undefined) changes.meeting_mail_at = checked.meetingMailAt;
    if (body.reminderMinutesBefore !== undefined) changes.reminder_minutes_before = body.reminderMinutesBefore;
    if (body.share !== undefined) {
      changes.share_public = body.share.public;
      changes.share_fields = toJson(body.share.fields);
    }
    if (body.capacity != null) {
      // Lock the event so the count cannot change under us (registrations lock it too).
      await lockEvent(trx, eventId);
      const taken = (await registrationCounts(trx, [eventId])).get(eventId)!.registered;
      if (body.capacity < taken) throw new DomainError('event_capacity_below_registrations');
    }
    const row = await trx
      .updateTable('events')
      .set({ ...changes, updated_at: nowMs() })
      .where('id', '=', eventId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (body.audience !== undefined || body.audienceRoles !== undefined) {
      await setAudienceRoles(trx, eventId, row.audience === 'role' ? (body.audienceRoles ?? record.audienceRoles) : []);
    }
    if (row.audience === 'role') {
      const count = await trx
        .selectFrom('event_audience_roles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) === 0) throw new DomainError('event_audience_invalid');
    }
    await promoteFromWaitlist(trx, settings, row);
    if (
      row.starts_at !== before.starts_at ||
      row.reminder_minutes_before !== before.reminder_minutes_before ||
      row.meeting_mail_at !== before.meeting_mail_at
    ) {
      await scheduleEventMails(trx, row);
    }
    await recordAudit(trx, {
      action: 'event.updated',
      actorAccountId: actor.accountId,
      unitId: row.unit_id,
      data: { eventId, fields: Object.keys(body) },
    });
    // Who may see the event changed: live subscriptions to it are checked again.
    if (body.audience !== undefined || body.audienceRoles !== undefined) {
      await recordScopesChanged(trx, [eventScope(eventId)]);
    }
    await recordLiveEvent(trx, eventScope(eventId), 'event.changed', { eventId });
  });
  return getEvent(db, actor, eventId, settings);
}

/** Cancels an event; registrants and the waitlist are told by mail. */
export async function cancelEvent(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  reason: string | undefined,
  settings: MailSettings,
): Promise<Event> {
  const record = await requireManagedEvent(db, actor, eventId);
  if (record.row.status === 'cancelled') throw new DomainError('event_cancelled');
  await inTransaction(db, async (trx) => {
    const now = nowMs();
    await trx
      .updateTable('events')
      .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason?.trim() || null, updated_at: now })
      .where('id', '=', eventId)
      .execute();
    await scheduleCancellationMails(trx, eventId);
    await recordAudit(trx, {
      action: 'event.cancelled',
      actorAccountId: actor.accountId,
      unitId: record.row.unit_id,
      data: { eventId },
    });
    await recordLiveEvent(trx, eventScope(eventId), 'event.changed', { eventId });
  });
  return getEvent(db, actor, eventId, settings);
}

/** Summaries of the given records for one viewer, in the given order. */
export async function presentSummaries(db: Kysely<DB>, actor: Actor, records: EventRecord[]): Promise<EventSummary[]> {
  const ids = records.map((r) => r.row.id);
  const [counts, own] = await Promise.all([registrationCounts(db, ids), ownRegistrations(db, actor.memberId, ids)]);
  return records.map((r) => presentSummary(r, counts.get(r.row.id)!, own.get(r.row.id)));
}

const byStart = (a: EventRecord, b: EventRecord) => a.row.starts_at - b.row.starts_at || a.row.id - b.row.id;

/** Events the actor may see, by start time, in pages keyed by (start, id). Upcoming unless `from`. */
export async function listEvents(db: Kysely<DB>, actor: Actor, query: EventListQuery): Promise<EventList> {
  const limit = query.limit ?? 50;
  const from = query.from ? Date.parse(query.from) : nowMs();
  const cursor = query.cursor?.split('_').map(Number) as [number, number] | undefined;
  const rows = await db
    .selectFrom('events as e')
    .select(['e.id', 'e.starts_at'])
    .where('e.id', 'in', visibleEventIds(db, actor))
    // An event still running counts as upcoming.
    .where('e.ends_at', '>', from)
    .$if(query.to !== undefined, (q) => q.where('e.starts_at', '<', Date.parse(query.to!)))
    .$if(query.kind !== undefined, (q) => q.where('e.kind', '=', query.kind!))
    .$if(query.unitId !== undefined, (q) => q.where('e.unit_id', '=', Number(query.unitId)))
    .$if(query.topic !== undefined, (q) => q.where('e.topic', '=', query.topic!))
    .$if(query.seriesId !== undefined, (q) => q.where('e.series_id', '=', Number(query.seriesId)))
    .$if(cursor !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('e.starts_at', '>', cursor![0]),
          eb.and([eb('e.starts_at', '=', cursor![0]), eb('e.id', '>', cursor![1])]),
        ]),
      ),
    )
    .orderBy('e.starts_at')
    .orderBy('e.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const records = (
    await loadEvents(
      db,
      page.map((r) => r.id),
    )
  ).sort(byStart);
  const last = page.at(-1);
  return {
    items: await presentSummaries(db, actor, records),
    nextCursor: rows.length > limit && last ? `${last.starts_at}_${last.id}` : null,
  };
}

/** The actor's registered and waitlisted events, upcoming (soonest first) or past (latest first). */
export async function listMyEvents(db: Kysely<DB>, actor: Actor, when: 'upcoming' | 'past'): Promise<EventList> {
  const now = nowMs();
  const rows = await db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select('e.id')
    .where('r.member_id', '=', actor.memberId)
    .where('e.ends_at', when === 'upcoming' ? '>' : '<=', now)
    .orderBy('e.starts_at', when === 'upcoming' ? 'asc' : 'desc')
    .limit(200)
    .execute();
  const records = (
    await loadEvents(
      db,
      rows.map((r) => r.id),
    )
  ).filter((r) => canSeeEvent(actor, policyOf(r)));
  records.sort(when === 'upcoming' ? byStart : (a, b) => byStart(b, a));
  return { items: await presentSummaries(db, actor, records), nextCursor: null };
}

/** Creates a series (e.g. the dialogue tour) in a unit the actor organises events of. */
export async function createSeries(
  db: Kysely<DB>,
  actor: Actor,
  unitId: number,
  body: CreateSeriesBody,
): Promise<EventSeries> {
  const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new NotFoundError('unit');
  // Not allowed looks exactly like not there, as for rooms and roles.
  if (!canOrganiseEventsOf(actor, unitId)) throw new NotFoundError('unit');
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('event_series')
      .values({
        unit_id: unitId,
        title: body.title.trim(),
        description: body.description ?? '',
        created_by: actor.memberId,
        created_at: nowMs(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'event_series.created',
      actorAccountId: actor.accountId,
      unitId,
      data: { seriesId: row.id },
    });
    return row.id;
  });
  return getSeries(db, actor, id);
}

/** A series with the events of it the actor may see; 404 when they see none and organise none. */
export async function getSeries(db: Kysely<DB>, actor: Actor, seriesId: number): Promise<EventSeries> {
  const series = await db
    .selectFrom('event_series as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.title', 's.description', 's.unit_id', 'u.name', 'u.type'])
    .where('s.id', '=', seriesId)
    .executeTakeFirst();
  if (!series) throw new NotFoundError('series');
  const ids = await db
    .selectFrom('events')
    .select('id')
    .where('series_id', '=', seriesId)
    .where('id', 'in', visibleEventIds(db, actor))
    .execute();
  if (ids.length === 0 && !canOrganiseEventsOf(actor, series.unit_id)) throw new NotFoundError('series');
  const records = (
    await loadEvents(
      db,
      ids.map((r) => r.id),
    )
  ).sort(byStart);
  return {
    id: series.id,
    unit: { id: series.unit_id, name: series.name, type: series.type },
    title: series.title,
    description: series.description,
    events: await presentSummaries(db, actor, records),
    abilities: { manage: canOrganiseEventsOf(actor, series.unit_id) },
  };
}
