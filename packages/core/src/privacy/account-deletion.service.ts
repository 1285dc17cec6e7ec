/**
 * Deleting one's account. In one transaction: the account goes (its sessions, factors, tokens and
 * consents cascade), the roster entry keeps only its member number and reads "Gelöschtes
 * Mitglied" with status 'deleted' — so contributions keep an author and a later roster import does
 * not bring the person back — memberships, roles and the profile are removed. Contributions others
 * see or count stay under that name: posts, threads, reactions, poll votes, reports, event
 * registrations and questions, ideas, amendments and supports. What only ever served the member
 * goes: drafts, notifications, read markers, room settings and invitations, the calendar feed.
 * Files (photo, pending exports) are removed after the commit.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { nowMs } from '../db/database.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DomainError } from '../errors.ts';
import { cancelRegistration } from '../events/events.registration.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { confirmPassword, pendingExportFiles } from './data-export.service.ts';
import { removePhoto } from './photos.ts';

/**
 * Seats at events still to come go back, as if the member had cancelled: the waitlist moves up
 * and is told. Past registrations stay (attendance lists keep "Gelöschtes Mitglied").
 */
async function leaveUpcomingEvents(db: Kysely<DB>, actor: Actor, mail: MailSettings): Promise<void> {
  const upcoming = await db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select('r.event_id')
    .where('r.member_id', '=', actor.memberId)
    .where('e.ends_at', '>', nowMs())
    .execute();
  for (const { event_id } of upcoming) {
    // An event that ended or vanished meanwhile has no seat to give back.
    await cancelRegistration(db, actor, event_id, mail).catch((error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
    });
  }
}

/** Deletes the actor's account after confirming the password. */
export async function deleteAccount(
  db: Kysely<DB>,
  actor: Actor,
  password: string,
  ctx: { uploadDir: string; ipPrefix: string | null; mail: MailSettings },
): Promise<void> {
  await confirmPassword(db, actor.accountId, password);
  await leaveUpcomingEvents(db, actor, ctx.mail);
  const { photo, exports } = await db.transaction().execute(async (trx) => {
    const profile = await trx
      .selectFrom('profiles')
      .select('photo')
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst();
    const exportFiles = await pendingExportFiles(trx, actor.accountId);
    await trx.deleteFrom('profiles').where('member_id', '=', actor.memberId).execute();
    await trx.deleteFrom('member_roles').where('member_id', '=', actor.memberId).execute();
    await trx.deleteFrom('member_units').where('member_id', '=', actor.memberId).execute();
    await trx.deleteFrom('email_tokens').where('member_id', '=', actor.memberId).execute();
    for (const table of [
      'drafts',
      'notifications',
      'thread_reads',
      'room_settings',
      'room_invites',
      'calendar_feeds',
    ] as const) {
      await trx.deleteFrom(table).where('member_id', '=', actor.memberId).execute();
    }
    await trx.deleteFrom('accounts').where('id', '=', actor.accountId).execute();
    await trx
      .updateTable('members')
      .set({
        first_name: 'Gelöschtes',
        last_name: 'Mitglied',
        email: null,
        birth_date: null,
        status: 'deleted',
        updated_at: nowMs(),
      })
      .where('id', '=', actor.memberId)
      .execute();
    // Only the member id remains: no name, no address, no account.
    await recordAudit(trx, { action: 'account.deleted', subjectMemberId: actor.memberId });
    return { photo: profile?.photo ?? null, exports: exportFiles };
  });
  await removePhoto(ctx.uploadDir, photo);
  await Promise.all(exports.map((file) => rm(join(ctx.uploadDir, 'exports', file), { force: true })));
}
