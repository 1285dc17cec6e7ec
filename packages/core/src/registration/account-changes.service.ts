/**
 * Changing one's password or email address while signed in. Both ask for the current password —
 * a stolen session alone cannot take over the account — and both tell the member by mail.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { ConflictError, DomainError } from '../errors.ts';
import { verifyPassword, hashPassword } from '../accounts/passwords.ts';
import { consumeEmailToken, issueEmailToken, revokeEmailTokens } from '../tokens/email-tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import { queueAccountMail, tokenLink, type MailSettings } from './registration.mails.ts';
import { TokenInvalidError } from './account-creation.ts';
import { accountWithMember, passwordContext, setPassword } from './password-reset.service.ts';

export const CHANGE_EMAIL_TOKEN_TTL_MS = 24 * 60 * 60_000;

const WRONG_PASSWORD: Record<Locale, string> = {
  de: 'Das Passwort stimmt nicht.',
  en: 'The password is wrong.',
};

async function reauthenticate(db: Kysely<DB>, accountId: number, password: string, locale: Locale) {
  const account = await accountWithMember(db, accountId);
  if (!account || !(await verifyPassword(account.password_hash, password))) {
    throw new DomainError('reauthentication_required', 'current password wrong', [
      { path: '/currentPassword', message: WRONG_PASSWORD[locale] },
    ]);
  }
  return account;
}

/** Sets a new password after checking the current one; ends every other session. */
export async function changePassword(
  db: Kysely<DB>,
  settings: MailSettings,
  input: {
    accountId: number;
    sessionId: number;
    currentPassword: string;
    newPassword: string;
    ipPrefix: string | null;
    locale: Locale;
  },
): Promise<void> {
  const account = await reauthenticate(db, input.accountId, input.currentPassword, input.locale);
  assertPasswordAllowed(input.newPassword, passwordContext(account), input.locale, '/newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await setPassword(trx, account.id, passwordHash);
    await trx.deleteFrom('sessions').where('account_id', '=', account.id).where('id', '!=', input.sessionId).execute();
    await trx.updateTable('sessions').set({ reauthenticated_at: nowMs() }).where('id', '=', input.sessionId).execute();
    await recordAudit(trx, {
      action: 'account.password_changed',
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

/**
 * Sends a confirmation link to the new address. The address changes only once the link is used,
 * so a typo never locks the member out. An address that belongs to another account gets a note
 * instead, and the answer is the same, so this does not reveal who has an account.
 */
export async function requestEmailChange(
  db: Kysely<DB>,
  settings: MailSettings,
  input: { accountId: number; currentPassword: string; newEmail: string; locale: Locale },
): Promise<void> {
  const account = await reauthenticate(db, input.accountId, input.currentPassword, input.locale);
  const email = input.newEmail.trim().toLowerCase();
  await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) {
      if (taken.id !== account.id)
        await queueAccountMail(trx, settings, 'account_exists', { to: email, locale: account.locale });
      return;
    }
    // Only the newest link works.
    await revokeEmailTokens(trx, 'change_email', { accountId: account.id });
    const token = await issueEmailToken(trx, {
      purpose: 'change_email',
      ttlMs: CHANGE_EMAIL_TOKEN_TTL_MS,
      accountId: account.id,
      email,
    });
    await queueAccountMail(trx, settings, 'confirm_email', {
      to: email,
      locale: account.locale,
      name: account.first_name,
      url: tokenLink(settings, '/konto/e-mail/bestaetigen', token),
    });
  });
}

/** Switches to the confirmed address and tells the old one. Returns the new address. */
export async function confirmEmailChange(
  db: Kysely<DB>,
  settings: MailSettings,
  input: { accountId: number; token: string; ipPrefix: string | null },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const link = await consumeEmailToken(trx, 'change_email', input.token);
    // A link is good only for the account that asked for it.
    if (!link?.email || link.account_id !== input.accountId) throw new TokenInvalidError();
    const account = await accountWithMember(trx, input.accountId);
    if (!account) throw new TokenInvalidError();
    const taken = await trx.selectFrom('accounts').select('id').where('email', '=', link.email).executeTakeFirst();
    if (taken) throw new ConflictError('email taken meanwhile');
    const now = nowMs();
    await trx
      .updateTable('accounts')
      .set({ email: link.email, email_verified_at: now, updated_at: now })
      .where('id', '=', account.id)
      .execute();
    await recordAudit(trx, {
      action: 'account.email_changed',
      actorAccountId: account.id,
      subjectMemberId: account.member_id,
      ipPrefix: input.ipPrefix,
    });
    await queueAccountMail(trx, settings, 'email_changed', {
      to: account.email,
      locale: account.locale,
      name: account.first_name,
    });
    return link.email;
  });
}
