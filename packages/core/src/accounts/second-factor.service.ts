/**
 * The step after the password: the member proves a second factor and the waiting session is
 * replaced by a fresh, complete one (a new token at every privilege step, so a token planted or
 * read before cannot ride along). Also re-authentication before sensitive changes.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { SecretKey } from '../crypto/secret-box.ts';
import { verifyPassword } from './passwords.ts';
import { markReauthenticated, startSession, type ActiveSession, type SessionPolicy } from './sessions.ts';
import { checkTotpCode, SecondFactorInvalidError, useRecoveryCode, type FactorChange } from './totp.service.ts';
import { AccountThrottledError, type SecondFactorMethod } from './auth.service.ts';
import { hitRateLimit, readRateLimit } from '../limits/rate-limits.repository.ts';

/** How long a confirmation of the password counts for sensitive changes. */
export const REAUTHENTICATION_MS = 10 * 60_000;

export class ReauthenticationRequiredError extends DomainError {
  constructor() {
    super('reauthentication_required');
  }
}

/** Throws unless the member confirmed their password or a factor in this session lately. */
export function requireRecentReauthentication(session: ActiveSession, now = Date.now()): void {
  if (session.reauthenticatedAt === null || now - session.reauthenticatedAt > REAUTHENTICATION_MS) {
    throw new ReauthenticationRequiredError();
  }
}

export interface CompleteSignIn {
  pending: ActiveSession;
  method: SecondFactorMethod;
  userAgent: string | null;
  ipPrefix: string | null;
}

/** Ends the waiting session and starts a complete one; returns the new token. */
export async function completeSignIn(db: Kysely<DB>, policy: SessionPolicy, input: CompleteSignIn): Promise<string> {
  return startComplete(db, policy, input.pending.accountId, input, (trx) =>
    trx.deleteFrom('sessions').where('id', '=', input.pending.id).execute(),
  );
}

/** A password-less sign-in with a passkey: a complete session at once; returns its token. */
export async function signInWithPasskey(
  db: Kysely<DB>,
  policy: SessionPolicy,
  input: { accountId: number; userAgent: string | null; ipPrefix: string | null },
): Promise<string> {
  return startComplete(db, policy, input.accountId, { ...input, method: 'passkey' }, async () => {});
}

async function startComplete(
  db: Kysely<DB>,
  policy: SessionPolicy,
  accountId: number,
  input: { method: SecondFactorMethod; userAgent: string | null; ipPrefix: string | null },
  before: (trx: Kysely<DB>) => Promise<unknown>,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await before(trx);
    const account = await trx
      .selectFrom('accounts')
      .select('member_id')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const token = await startSession(trx, accountId, policy, input.userAgent, {
      ipPrefix: input.ipPrefix,
      reauthenticated: true,
    });
    await recordAudit(trx, {
      action: 'auth.signed_in',
      actorAccountId: accountId,
      subjectMemberId: account.member_id,
      ipPrefix: input.ipPrefix,
      data: { method: input.method },
    });
    return token;
  });
}

/** Wrong codes per account before the second step is throttled, and the window they are counted in. */
const CODE_FAILURE_LIMIT = 10;
const CODE_FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Checks a TOTP or recovery code for the account; audits a failure and throws it. Past ten wrong
 * codes in 15 minutes the account takes no more codes for a while, so that someone who has the
 * password cannot simply try all million codes.
 */
export async function checkSecondFactorCode(
  db: Kysely<DB>,
  key: () => Promise<SecretKey>,
  change: FactorChange,
  method: 'totp' | 'recovery',
  code: string,
): Promise<void> {
  const failureKey = `second-factor-fail:${change.accountId}`;
  const failures = await readRateLimit(db, failureKey);
  if (failures.count >= CODE_FAILURE_LIMIT) {
    throw new AccountThrottledError(Math.max(1, Math.ceil((failures.resetAt - Date.now()) / 1000)));
  }
  const ok =
    method === 'totp'
      ? await checkTotpCode(db, await key(), change.accountId, code)
      : await useRecoveryCode(db, change, code);
  if (ok) return;
  await hitRateLimit(db, failureKey, CODE_FAILURE_WINDOW_MS);
  await recordAudit(db, {
    action: 'auth.second_factor_failed',
    actorAccountId: change.accountId,
    subjectMemberId: change.memberId,
    ipPrefix: change.ipPrefix,
    data: { method },
  });
  throw new SecondFactorInvalidError();
}

/**
 * Confirms the password (or a current TOTP code) again in this session, for the next ten
 * minutes of sensitive changes.
 */
export async function reauthenticate(
  db: Kysely<DB>,
  key: () => Promise<SecretKey>,
  session: ActiveSession,
  change: FactorChange,
  proof: { password?: string | undefined; code?: string | undefined },
): Promise<void> {
  if (proof.password !== undefined) {
    const account = await db
      .selectFrom('accounts')
      .select('password_hash')
      .where('id', '=', session.accountId)
      .executeTakeFirst();
    if (!(await verifyPassword(account?.password_hash ?? null, proof.password))) {
      throw new DomainError('invalid_credentials', 'wrong password on re-authentication');
    }
  } else if (proof.code !== undefined) {
    await checkSecondFactorCode(db, key, change, 'totp', proof.code);
  } else {
    throw new ReauthenticationRequiredError();
  }
  await markReauthenticated(db, session.id);
}
