/**
 * Meeting data: link, dial-in, access code. Stored with the event (not encrypted: the same data
 * travels in plain mails to every registrant, so encrypting the column would protect little), and
 * shown only to members registered (not waitlisted) and to organisers. Every change raises the
 * version and mails everyone registered again, at the organiser's time or at once when it passed.
 */
import type { Kysely } from 'kysely';
import type { Event, MeetingData, MeetingDataBody } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { eventScope, inTransaction, recordLiveEvent } from '../live/live.events.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { canManageEvent } from './events.policy.ts';
import { isRegistered, lockEvent } from './events.repository.ts';
import { scheduleEventMails } from './events.delivery.ts';
import { getEvent, policyOf, requireManagedEvent, requireVisibleEvent } from './events.service.ts';

/** Sets (replaces) the meeting data. Unchanged data changes nothing and mails nobody. */
export async function setMeetingData(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  body: MeetingDataBody,
  settings: MailSettings,
): Promise<Event> {
  await requireManagedEvent(db, actor, eventId);
  const next = {
    meeting_url: body.url?.trim() || null,
    meeting_dial_in: body.dialIn?.trim() || null,
    meeting_access_code: body.accessCode?.trim() || null,
  };
  await inTransaction(db, async (trx) => {
    const row = (await lockEvent(trx, eventId))!;
    if (row.status === 'cancelled') throw new DomainError('event_cancelled');
    if (
      row.meeting_version > 0 &&
      row.meeting_url === next.meeting_url &&
      row.meeting_dial_in === next.meeting_dial_in &&
      row.meeting_access_code === next.meeting_access_code
    ) {
      return;
    }
    const updated = await trx
      .updateTable('events')
      .set((eb) => ({ ...next, meeting_version: eb('meeting_version', '+', 1), updated_at: nowMs() }))
      .where('id', '=', eventId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await scheduleEventMails(trx, updated);
    await recordAudit(trx, {
      action: 'event.meeting_data_changed',
      actorAccountId: actor.accountId,
      unitId: row.unit_id,
      data: { eventId, version: updated.meeting_version },
    });
    // The payload names only the version: the data itself never travels in live events.
    await recordLiveEvent(trx, eventScope(eventId), 'event.meeting_data_changed', {
      eventId,
      version: updated.meeting_version,
    });
  });
  return getEvent(db, actor, eventId, settings);
}

/** The meeting data for a registered member or an organiser; 404 for everyone else. */
export async function getMeetingData(db: Kysely<DB>, actor: Actor, eventId: number): Promise<MeetingData> {
  const record = await requireVisibleEvent(db, actor, eventId);
  const { row } = record;
  const allowed = canManageEvent(actor, policyOf(record)) || (await isRegistered(db, eventId, actor.memberId));
  if (!allowed || row.meeting_version === 0) throw new NotFoundError('meeting data');
  return {
    url: row.meeting_url,
    dialIn: row.meeting_dial_in,
    accessCode: row.meeting_access_code,
    version: row.meeting_version,
  };
}
