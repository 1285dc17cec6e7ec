/**
 * Signing in and out with email and password. A wrong email and a wrong password give the same
 * answer after the same work, so the answer does not reveal who has an account.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { verifyPassword } from './passwords.ts';
import { startSession, type SessionPolicy } from './sessions.ts';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('invalid_credentials');
  }
}

export interface SignIn {
  email: string;
  password: string;
  userAgent: string | null;
}

/** Checks the credentials and starts a fresh session; returns its token and the account id. */
export async function signIn(
  db: Kysely<DB>,
  policy: SessionPolicy,
  input: SignIn,
): Promise<{ token: string; accountId: number }> {
  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select(['a.id', 'a.password_hash', 'm.status'])
    .where('a.email', '=', input.email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(account?.password_hash ?? null, input.password);
  if (!account || !ok || account.status !== 'active') throw new InvalidCredentialsError();
  const token = await startSession(db, account.id, policy, input.userAgent);
  return { token, accountId: account.id };
}
