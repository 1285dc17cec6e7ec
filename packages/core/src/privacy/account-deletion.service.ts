/**
 * Deleting one's account. In one transaction: the account goes (its sessions, factors, tokens and
 * consents cascade), the roster entry keeps only its member number and reads "Gelöschtes
 * Mitglied" with status 'deleted' — so contributions keep an author and a later roster import does
 * not bring the person back — memberships, roles and the profile are removed. Contributions others
 * see or count stay under that name: posts, threads, reactions, poll votes, reports, event
 * registrations and questions, ideas, amendments and supports. What only ever served the member
 * goes: drafts, notifications, read markers, room settings and invitations, the calendar feed,
 * the mail kept for the member's address. Others' posts that mention the member show the erased
 * name from then on (text, earlier versions and HTML).
 * Files (photo, pending exports) are removed after the commit.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { nowMs } from '../db/database.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DomainError } from '../errors.ts';
import { cancelRegistration } from '../events/events.registration.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { confirmPassword, pendingExportFiles } from './data-export.service.ts';
import { removePhoto } from './photos.ts';
import { recordErasure } from './erasure-log.ts';
import { forgetMentionsOf } from '../threads/posts.service.ts';

/** The name an erased member's contributions show from then on. */
const ERASED_FIRST_NAME = 'Gelöschtes';
const ERASED_LAST_NAME = 'Mitglied';

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

/**
 * Erases one member's personal data in the caller's transaction (the account, if any, with it);
 * returns the files to remove after the commit. Used by the deletion and again after a restore.
 */
export async function eraseMemberData(
  trx: Kysely<DB>,
  memberId: number,
): Promise<{ photo: string | null; exports: string[]; memberNumber: string }> {
  const profile = await trx.selectFrom('profiles').select('photo').where('member_id', '=', memberId).executeTakeFirst();
  const account = await trx.selectFrom('accounts').select('id').where('member_id', '=', memberId).executeTakeFirst();
  const exportFiles = account ? await pendingExportFiles(trx, account.id) : [];
  const roster = await trx.selectFrom('members').select('email').where('id', '=', memberId).executeTakeFirst();
  const accountEmail = account
    ? await trx.selectFrom('accounts').select('email').where('id', '=', account.id).executeTakeFirst()
    : undefined;
  await trx.deleteFrom('profiles').where('member_id', '=', memberId).execute();
  await trx.deleteFrom('member_roles').where('member_id', '=', memberId).execute();
  await trx.deleteFrom('member_units').where('member_id', '=', memberId).execute();
  await trx.deleteFrom('email_tokens').where('member_id', '=', memberId).execute();
  for (const table of [
    'drafts',
    'notifications',
    'thread_reads',
    'room_settings',
    'room_invites',
    'calendar_feeds',
  ] as const) {
    await trx.deleteFrom(table).where('member_id', '=', memberId).execute();
  }
  await trx.deleteFrom('accounts').where('member_id', '=', memberId).execute();
  const member = await trx
    .updateTable('members')
    .set({
      first_name: ERASED_FIRST_NAME,
      last_name: ERASED_LAST_NAME,
      email: null,
      birth_date: null,
      status: 'deleted',
      updated_at: nowMs(),
    })
    .where('id', '=', memberId)
    .returning('member_number')
    .executeTakeFirstOrThrow();
  // Others' posts that mention the member now show the erased name, not the old one.
  await forgetMentionsOf(trx, memberId, `${ERASED_FIRST_NAME} ${ERASED_LAST_NAME}`);
  // Mail kept for the member ("Hallo Name, …", their links) goes with them; a queued one is not sent.
  const addresses = [roster?.email, accountEmail?.email].filter((a): a is string => !!a).map((a) => a.toLowerCase());
  if (addresses.length > 0) {
    await trx
      .deleteFrom('mails')
      .where(sql<string>`lower(to_address)`, 'in', addresses)
      .execute();
  }
  // Only the member id remains: no name, no address, no account.
  await recordAudit(trx, { action: 'account.deleted', subjectMemberId: memberId });
  return { photo: profile?.photo ?? null, exports: exportFiles, memberNumber: member.member_number };
}

/** Removes an erased member's files (photo, pending exports); after the commit. */
export async function removeErasedFiles(uploadDir: string, files: { photo: string | null; exports: string[] }) {
  await removePhoto(uploadDir, files.photo);
  await Promise.all(files.exports.map((file) => rm(join(uploadDir, 'exports', file), { force: true })));
}

/** Deletes the actor's account after confirming the password. */
export async function deleteAccount(
  db: Kysely<DB>,
  actor: Actor,
  password: string,
  ctx: { uploadDir: string; ipPrefix: string | null; mail: MailSettings; erasureLog: string },
): Promise<void> {
  await confirmPassword(db, actor.accountId, password);
  await leaveUpcomingEvents(db, actor, ctx.mail);
  const erased = await db.transaction().execute((trx) => eraseMemberData(trx, actor.memberId));
  // Kept apart from the database, so a restored backup can be made to forget the member again.
  await recordErasure(ctx.erasureLog, { memberId: actor.memberId, memberNumber: erased.memberNumber });
  await removeErasedFiles(ctx.uploadDir, erased);
}
