/**
 * Signing in: the password, then — when the member has one — a second factor. A wrong email and a
 * wrong password give the same answer after the same work, so the answer does not reveal who has
 * an account. Wrong passwords are counted per address — whether or not it has an account, so the
 * throttle (429) is no oracle for who is a member; past the limit the address accepts no more
 * passwords for a while, except from the account owner's known devices.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { hitRateLimit, readRateLimit } from '../limits/rate-limits.repository.ts';
import { verifyPassword } from './passwords.ts';
import { startSession, type SessionPolicy } from './sessions.ts';
import { isKnownDevice } from './known-devices.ts';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('invalid_credentials');
  }
}

/** Too many wrong passwords for this account lately; `retryAfterSeconds` says how long to wait. */
export class AccountThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', 'account throttled after wrong passwords');
  }
}

/** Wrong passwords per address before it is throttled, and the window they are counted in. */
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * 60_000;

export type SecondFactorMethod = 'totp' | 'recovery' | 'passkey';

export interface SignIn {
  email: string;
  password: string;
  userAgent: string | null;
  ipPrefix?: string | null;
  /** The browser's known-device token, if it sent one. */
  deviceToken?: string | undefined;
}

export interface SignInResult {
  token: string;
  accountId: number;
  /** Empty when the sign-in is complete; otherwise the second factors the member can use. */
  secondFactor: SecondFactorMethod[];
}

/** Counted by the address's hash: unknown addresses are throttled alike, and not stored in clear. */
const failureKey = (email: string) =>
  `sign-in-fail:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;

/**
 * Checks the credentials and starts a fresh session — complete, or waiting for the second factor
 * when the member has one. Returns its token (for the cookie) and the account id.
 */
export async function signIn(db: Kysely<DB>, policy: SessionPolicy, input: SignIn): Promise<SignInResult> {
  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select(['a.id', 'a.password_hash', 'a.member_id', 'm.status'])
    .where('a.email', '=', input.email.trim().toLowerCase())
    .executeTakeFirst();

  const key = failureKey(input.email);
  if (!account || !(await isKnownDevice(db, account.id, input.deviceToken))) {
    const failures = await readRateLimit(db, key);
    if (failures.count >= ACCOUNT_FAILURE_LIMIT) {
      throw new AccountThrottledError(Math.max(1, Math.ceil((failures.resetAt - Date.now()) / 1000)));
    }
  }

  const ok = await verifyPassword(account?.password_hash ?? null, input.password);
  if (!account || !ok || account.status !== 'active') {
    await hitRateLimit(db, key, ACCOUNT_FAILURE_WINDOW_MS);
    if (account) {
      await recordAudit(db, {
        action: 'auth.sign_in_failed',
        actorAccountId: account.id,
        subjectMemberId: account.member_id,
        ipPrefix: input.ipPrefix ?? null,
        data: { reason: ok ? 'inactive' : 'password' },
      });
    }
    throw new InvalidCredentialsError();
  }

  const secondFactor = await secondFactorsOf(db, account.id);
  const token = await startSession(db, account.id, policy, input.userAgent, {
    secondFactorPending: secondFactor.length > 0,
    ipPrefix: input.ipPrefix ?? null,
    reauthenticated: secondFactor.length === 0,
  });
  if (secondFactor.length === 0) {
    await recordAudit(db, {
      action: 'auth.signed_in',
      actorAccountId: account.id,
      subjectMemberId: account.member_id,
      ipPrefix: input.ipPrefix ?? null,
      data: { method: 'password' },
    });
  }
  return { token, accountId: account.id, secondFactor };
}

/** The second factors an account has set up (empty: the password alone signs in). */
export async function secondFactorsOf(db: Kysely<DB>, accountId: number): Promise<SecondFactorMethod[]> {
  const [totp, passkeys] = await Promise.all([
    db
      .selectFrom('totp_factors')
      .select('account_id')
      .where('account_id', '=', accountId)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst(),
    db.selectFrom('passkeys').select('id').where('account_id', '=', accountId).limit(1).executeTakeFirst(),
  ]);
  return [...(totp ? (['totp', 'recovery'] as const) : []), ...(passkeys ? (['passkey'] as const) : [])];
}
