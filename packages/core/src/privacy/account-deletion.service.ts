/**
 * Deleting one's account. In one transaction: the account goes (its sessions, factors, tokens and
 * consents cascade), the roster entry keeps only its member number and reads "Gelöschtes
 * Mitglied" with status 'deleted' — so contributions keep an author and a later roster import does
 * not bring the person back — memberships, roles and the profile are removed. Files (photo,
 * pending exports) are removed after the commit.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { nowMs } from '../db/database.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { confirmPassword, pendingExportFiles } from './data-export.service.ts';
import { removePhoto } from './photos.ts';

/** Deletes the actor's account after confirming the password. */
export async function deleteAccount(
  db: Kysely<DB>,
  actor: Actor,
  password: string,
  ctx: { uploadDir: string; ipPrefix: string | null },
): Promise<void> {
  await confirmPassword(db, actor.accountId, password);
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
