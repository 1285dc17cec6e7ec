/**
 * Registration: register, cancel, the waitlist, and the organisers' view (list, CSV export,
 * attendance, messages). A registration takes the event's row lock first, so two members asking
 * for the last place at the same moment get one place and one waitlist spot, never two places.
 */
import type { Kysely, Transaction } from 'kysely';
import type { MessageRegistrantsBody, MyRegistration, Registrant, RegistrantList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isoFromMs, nowMs, toBool } from '../db/database.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { csvDocument } from '../csv.ts';
import { eventScope, inTransaction, memberScope, recordLiveEvent } from '../live/live.events.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { canRegisterFor } from './events.policy.ts';
import { lockEvent, ownRegistrations, registrationCounts, type EventRow } from './events.repository.ts';
import { mailMeetingDataToLateRegistrant, scheduleOrganiserMessage } from './events.delivery.ts';
import { eventUrl, queueEventMail } from './events.mails.ts';
// Imported late by events.service.ts too; the cycle is only between functions called at run time.
import { policyOf, requireManagedEvent, requireVisibleEvent } from './events.service.ts';

function assertOpen(row: EventRow): void {
  if (row.status === 'cancelled') throw new DomainError('event_cancelled');
  if (row.ends_at <= nowMs()) throw new DomainError('event_over');
}

/**
 * Registers the actor: a place while there is one, else the waitlist. A member outside the
 * audience gets 404, like everyone who cannot see the event.
 */
export async function registerForEvent(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  settings: MailSettings,
): Promise<MyRegistration> {
  const record = await requireVisibleEvent(db, actor, eventId);
  if (!canRegisterFor(actor, policyOf(record))) throw new NotFoundError('event');
  await inTransaction(db, async (trx) => {
    const row = await lockEvent(trx, eventId);
    if (!row) throw new NotFoundError('event');
    assertOpen(row);
    const existing = await trx
      .selectFrom('event_registrations')
      .select('status')
      .where('event_id', '=', eventId)
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst();
    if (existing) throw new DomainError('event_already_registered');
    const taken = (await registrationCounts(trx, [eventId])).get(eventId)!.registered;
    const status = row.capacity === null || taken < row.capacity ? 'registered' : 'waitlisted';
    await trx
      .insertInto('event_registrations')
      .values({ event_id: eventId, member_id: actor.memberId, status, registered_at: nowMs(), promoted_at: null })
      .execute();
    if (status === 'registered') await mailMeetingDataToLateRegistrant(trx, settings, row, actor.memberId);
    await recordLiveEvent(trx, eventScope(eventId), 'event.registrations_changed', { eventId });
  });
  const own = (await ownRegistrations(db, actor.memberId, [eventId])).get(eventId)!;
  return { status: own.status, position: own.position, registeredAt: isoFromMs(own.registeredAt) };
}

/** Moves members up from the waitlist while there are places, telling each by mail. */
export async function promoteFromWaitlist(
  trx: Transaction<DB>,
  settings: MailSettings,
  row: EventRow,
): Promise<number[]> {
  if (row.status !== 'scheduled' || row.ends_at <= nowMs()) return [];
  const taken = (await registrationCounts(trx, [row.id])).get(row.id)!.registered;
  const free = row.capacity === null ? Number.MAX_SAFE_INTEGER : row.capacity - taken;
  if (free <= 0) return [];
  const next = await trx
    .selectFrom('event_registrations as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('accounts as a', 'a.member_id', 'm.id')
    .select(['r.member_id', 'm.first_name', 'a.email', 'a.locale'])
    .where('r.event_id', '=', row.id)
    .where('r.status', '=', 'waitlisted')
    .orderBy('r.registered_at')
    .orderBy('r.member_id')
    .limit(Math.min(free, 1000))
    .execute();
  const now = nowMs();
  for (const member of next) {
    await trx
      .updateTable('event_registrations')
      .set({ status: 'registered', promoted_at: now })
      .where('event_id', '=', row.id)
      .where('member_id', '=', member.member_id)
      .execute();
    await queueEventMail(
      trx,
      settings,
      'waitlist_promoted',
      { email: member.email, locale: member.locale },
      { name: member.first_name, title: row.title, startsAt: row.starts_at, url: eventUrl(settings, row.id) },
    );
    await mailMeetingDataToLateRegistrant(trx, settings, row, member.member_id);
    await recordLiveEvent(trx, memberScope(member.member_id), 'event.registration_promoted', { eventId: row.id });
  }
  return next.map((m) => m.member_id);
}

/** Cancels the actor's registration; the first on the waitlist moves up and is told. */
export async function cancelRegistration(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  settings: MailSettings,
): Promise<void> {
  await requireVisibleEvent(db, actor, eventId);
  await inTransaction(db, async (trx) => {
    const row = await lockEvent(trx, eventId);
    if (!row) throw new NotFoundError('event');
    if (row.ends_at <= nowMs()) throw new DomainError('event_over');
    const deleted = await trx
      .deleteFrom('event_registrations')
      .where('event_id', '=', eventId)
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw new DomainError('event_not_registered');
    await promoteFromWaitlist(trx, settings, row);
    await recordLiveEvent(trx, eventScope(eventId), 'event.registrations_changed', { eventId });
  });
}

async function registrantRows(db: Kysely<DB>, eventId: number): Promise<Registrant[]> {
  const rows = await db
    .selectFrom('event_registrations as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('accounts as a', 'a.member_id', 'm.id')
    .select([
      'r.member_id',
      'r.status',
      'r.registered_at',
      'r.attended',
      'm.first_name',
      'm.last_name',
      'a.email',
      'u.name as unit_name',
    ])
    .where('r.event_id', '=', eventId)
    .orderBy('r.status')
    .orderBy('r.registered_at')
    .orderBy('r.member_id')
    .execute();
  let position = 0;
  return rows.map((r) => ({
    memberId: r.member_id,
    name: `${r.first_name} ${r.last_name}`,
    email: r.email,
    unitName: r.unit_name,
    status: r.status,
    position: r.status === 'waitlisted' ? ++position : null,
    registeredAt: isoFromMs(r.registered_at),
    attended: r.attended === null ? null : toBool(r.attended),
  }));
}

/** Registered first, then the waitlist in order. Organisers only. */
export async function listRegistrants(db: Kysely<DB>, actor: Actor, eventId: number): Promise<RegistrantList> {
  const record = await requireManagedEvent(db, actor, eventId);
  const [items, counts] = await Promise.all([registrantRows(db, eventId), registrationCounts(db, [eventId])]);
  const c = counts.get(eventId)!;
  const capacity = record.row.capacity;
  return {
    items,
    counts: { ...c, capacity, spotsLeft: capacity === null ? null : Math.max(0, capacity - c.registered) },
  };
}

/** The registrants as CSV (UTF-8 with BOM, `;`-separated, as German Excel expects). Audited. */
export async function exportRegistrantsCsv(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  ipPrefix: string | null,
): Promise<{ fileName: string; csv: string }> {
  const record = await requireManagedEvent(db, actor, eventId);
  const items = await registrantRows(db, eventId);
  const header = ['Name', 'E-Mail', 'Ortsverein', 'Status', 'Wartelistenplatz', 'Angemeldet am', 'Teilgenommen'];
  const csv = csvDocument(
    header,
    items.map((r) => [
      r.name,
      r.email ?? '',
      r.unitName,
      r.status === 'registered' ? 'angemeldet' : 'Warteliste',
      r.position === null ? '' : String(r.position),
      r.registeredAt,
      r.attended === null ? '' : r.attended ? 'ja' : 'nein',
    ]),
  );
  await recordAudit(db, {
    action: 'event.registrations_exported',
    actorAccountId: actor.accountId,
    unitId: record.row.unit_id,
    ipPrefix,
    data: { eventId, count: items.length },
  });
  return { fileName: `anmeldungen-${eventId}.csv`, csv };
}

/** Marks whether a registrant attended (null: not yet marked). */
export async function markAttendance(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  memberId: number,
  attended: boolean | null,
): Promise<Registrant> {
  await requireManagedEvent(db, actor, eventId);
  const result = await db
    .updateTable('event_registrations')
    .set({ attended })
    .where('event_id', '=', eventId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFoundError('registration');
  return (await registrantRows(db, eventId)).find((r) => r.memberId === memberId)!;
}

/** Writes to everyone registered (and, if asked, the waitlist), through the job queue. */
export async function messageRegistrants(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  body: MessageRegistrantsBody,
): Promise<{ recipients: number }> {
  await requireManagedEvent(db, actor, eventId);
  const counts = (await registrationCounts(db, [eventId])).get(eventId)!;
  await inTransaction(db, (trx) =>
    scheduleOrganiserMessage(trx, eventId, {
      subject: body.subject.trim(),
      body: body.body,
      from: actor.displayName,
      includeWaitlist: body.includeWaitlist ?? false,
    }),
  );
  return { recipients: counts.registered + (body.includeWaitlist ? counts.waitlisted : 0) };
}
