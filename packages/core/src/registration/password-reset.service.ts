/**
 * Password reset by mail. Like registration, the request only queues a job, so the answer does
 * not tell whether an address has an account. Completing a reset sets the password and ends every
 * session, and never signs the member in: the next sign-in asks for the second factor as always.
 * An account gets at most one reset mail per `RESET_MAIL_INTERVAL_MS` (its link stays valid for an
 * hour), so nobody can flood a member's inbox by asking again and again.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { enqueueJob } from '../jobs/jobs.queue.ts';
import type { JobHandler } from '../jobs/jobs.worker.ts';
import { consumeEmailToken, findEmailToken, issueEmailToken, revokeEmailTokens } from '../tokens/email-tokens.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { hitRateLimit } from '../limits/rate-limits.repository.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import { queueAccountMail, tokenLink, type MailSettings } from './registration.mails.ts';
import { TokenInvalidError } from './account-creation.ts';

export const PASSWORD_RESET_JOB = 'password_reset.request';
export const RESET_TOKEN_TTL_MS = 60 * 60_000;
/** One reset mail per account in this time; further requests in it send nothing. */
export const RESET_MAIL_INTERVAL_MS = 10 * 60_000;

/** Queues the reset; the caller answers the same way whether the address has an account or not. */
export async function requestPasswordReset(db: Kysely<DB>, input: { email: string; locale: Locale }): Promise<void> {
  await db.transaction().execute((trx) => enqueueJob(trx, PASSWORD_RESET_JOB, input, { maxAttempts: 5 }));
}

/** The job that mails a reset link when the address belongs to an active member's account. */
export function passwordResetHandler(db: Kysely<DB>, settings: MailSettings): JobHandler {
  return async (payload, { job }) => {
    const input = payload as Partial<{ email: string }>;
    if (!input.email) return;
    await db.transaction().execute(async (trx) => {
      const account = await trx
        .selectFrom('accounts as a')
        .innerJoin('members as m', 'm.id', 'a.member_id')
        .select(['a.id', 'a.email', 'a.locale', 'm.first_name', 'm.status'])
        .where('a.email', '=', input.email!.trim().toLowerCase())
        .executeTakeFirst();
      const due =
        account?.status === 'active' &&
        (await hitRateLimit(trx, `reset-mail:${account.id}`, RESET_MAIL_INTERVAL_MS)).count === 1;
      if (account && due) {
        const token = await issueEmailToken(trx, {
          purpose: 'reset_password',
          ttlMs: RESET_TOKEN_TTL_MS,
          accountId: account.id,
        });
        await queueAccountMail(trx, settings, 'reset_password', {
          to: account.email,
          locale: account.locale,
          name: account.first_name,
          url: tokenLink(settings, '/passwort-zuruecksetzen', token),
        });
      }
      await trx.updateTable('jobs').set({ payload: '{}' }).where('id', '=', job.id).execute();
    });
  };
}

/** Sets a new password from a reset link, ends all sessions and tells the member by mail. */
export async function completePasswordReset(
  db: Kysely<DB>,
  settings: MailSettings,
  input: { token: string; password: string; ipPrefix: string | null; locale: Locale },
): Promise<void> {
  const link = await findEmailToken(db, 'reset_password', input.token);
  if (!link?.account_id) throw new TokenInvalidError();
  const account = await accountWithMember(db, link.account_id);
  if (!account || account.status !== 'active') throw new TokenInvalidError();
  assertPasswordAllowed(input.password, passwordContext(account), input.locale);
  const passwordHash = await hashPassword(input.password);

  await db.transaction().execute(async (trx) => {
    if (!(await consumeEmailToken(trx, 'reset_password', input.token))) throw new TokenInvalidError();
    await setPassword(trx, account.id, passwordHash);
    // Whoever may have known the old password is signed out everywhere.
    await trx.deleteFrom('sessions').where('account_id', '=', account.id).execute();
    await revokeEmailTokens(trx, 'reset_password', { accountId: account.id });
    await recordAudit(trx, {
      action: 'account.password_reset',
      actorAccountId: account.id,
      subjectMemberId: account.member_id,
      ipPrefix: input.ipPrefix,
    });
    await queueAccountMail(trx, settings, 'password_changed', {
      to: account.email,
      locale: account.locale,
      name: account.first_name,
    });
  });
}

/** An account with the roster data the password policy needs. */
export async function accountWithMember(db: Kysely<DB>, accountId: number) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select([
      'a.id',
      'a.email',
      'a.locale',
      'a.password_hash',
      'a.member_id',
      'm.first_name',
      'm.last_name',
      'm.member_number',
      'm.status',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
}

export function passwordContext(account: {
  email: string;
  member_number: string;
  first_name: string;
  last_name: string;
}) {
  return {
    email: account.email,
    memberNumber: account.member_number,
    names: [account.first_name, account.last_name, `${account.first_name} ${account.last_name}`],
  };
}

export async function setPassword(trx: Kysely<DB>, accountId: number, passwordHash: string): Promise<void> {
  const now = nowMs();
  await trx
    .updateTable('accounts')
    .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
    .where('id', '=', accountId)
    .execute();
}
