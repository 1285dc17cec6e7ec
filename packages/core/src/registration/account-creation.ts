/**
 * Creating an account from a mailed one-time link — a confirmed registration or an accepted
 * invitation. The link proves the address; the roster says who the member is.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { ConflictError, DomainError } from '../errors.ts';
import { consumeEmailToken, findEmailToken, revokeEmailTokens } from '../tokens/email-tokens.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { startSession, type SessionPolicy } from '../accounts/sessions.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { PRIVACY_NOTICE_VERSION, recordConsent } from '../privacy/consents.ts';
import { assertPasswordAllowed } from './password-policy.ts';

/** A link that is forged, used, expired or meant for something else. */
export class TokenInvalidError extends DomainError {
  constructor() {
    super('token_invalid');
  }
}

export interface AccountFromToken {
  purpose: 'register' | 'invitation';
  token: string;
  password: string;
  userAgent: string | null;
  ipPrefix: string | null;
  /** Language of the request, for the password policy's explanation. */
  locale: Locale;
}

/** Creates the account a link stands for and starts its first session. */
export async function createAccountFromToken(
  db: Kysely<DB>,
  policy: SessionPolicy,
  input: AccountFromToken,
): Promise<{ token: string; accountId: number }> {
  const link = await findEmailToken(db, input.purpose, input.token);
  if (!link?.member_id || !link.email) throw new TokenInvalidError();
  const member = await db
    .selectFrom('members as m')
    .leftJoin('accounts as a', 'a.member_id', 'm.id')
    .select(['m.id', 'm.first_name', 'm.last_name', 'm.member_number', 'm.status', 'a.id as account_id'])
    .where('m.id', '=', link.member_id)
    .executeTakeFirst();
  // A member who left since the link was sent, or registered another way, has no use for it.
  if (!member || member.status !== 'active' || member.account_id !== null) throw new TokenInvalidError();

  const email = link.email.toLowerCase();
  assertPasswordAllowed(
    input.password,
    {
      email,
      memberNumber: member.member_number,
      names: [member.first_name, member.last_name, `${member.first_name} ${member.last_name}`],
    },
    input.locale,
  );
  // Hashing takes a moment; it happens before the transaction, so the transaction stays short.
  const passwordHash = await hashPassword(input.password);
  const locale: Locale = link.data?.locale === 'en' ? 'en' : 'de';

  return db.transaction().execute(async (trx) => {
    if (!(await consumeEmailToken(trx, input.purpose, input.token))) throw new TokenInvalidError();
    const taken = await trx.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new ConflictError('email already used by another account');
    const now = nowMs();
    const { id: accountId } = await trx
      .insertInto('accounts')
      .values({
        member_id: member.id,
        email,
        password_hash: passwordHash,
        locale,
        email_verified_at: now,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Setting the password is where the member takes note of the privacy notice (shown on the page).
    await recordConsent(trx, accountId, 'privacy_notice', PRIVACY_NOTICE_VERSION);
    await revokeEmailTokens(trx, 'register', { memberId: member.id });
    await revokeEmailTokens(trx, 'invitation', { memberId: member.id });
    await recordAudit(trx, {
      action: 'account.registered',
      actorAccountId: accountId,
      subjectMemberId: member.id,
      ipPrefix: input.ipPrefix,
      data: { via: input.purpose },
    });
    const token = await startSession(trx, accountId, policy, input.userAgent);
    return { token, accountId };
  });
}
