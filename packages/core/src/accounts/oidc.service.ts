/**
 * Sign-in through the party's identity provider (OpenID Connect). The provider vouches for who
 * someone is; the roster decides whether they are a member. The HTTP side (discovery, the code
 * flow, token checks) is in the server; this is what happens once the provider's claims are in.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { secondFactorsOf, type SecondFactorMethod } from './auth.service.ts';
import { startSession, type SessionPolicy } from './sessions.ts';

/** How a provider's person is found in the roster. */
export type RosterMatch = 'member_number' | 'email';

export interface ProviderSignIn {
  match: RosterMatch;
  /** The claim's value: a member number or an email address. */
  value: string;
  /** The provider says it checked a second factor itself (`amr`/`acr`). */
  providerSecondFactor: boolean;
  userAgent: string | null;
  ipPrefix: string | null;
}

export type ProviderSignInResult =
  | { ok: true; token: string; accountId: number; secondFactor: SecondFactorMethod[] }
  /** Nobody active in the roster answers to the claim: no account, no session. */
  | { ok: false; reason: 'not_member' };

/**
 * Finds the active member the claim names and starts a session for their account, creating the
 * account (without a password) on the first sign-in. A second factor the member set up here is
 * still asked for unless the provider already checked one.
 */
export async function signInWithProvider(
  db: Kysely<DB>,
  policy: SessionPolicy,
  input: ProviderSignIn,
): Promise<ProviderSignInResult> {
  const value = input.value.trim();
  if (value === '') return { ok: false, reason: 'not_member' };
  const members = await db
    .selectFrom('members')
    .select(['id', 'email'])
    .where('status', '=', 'active')
    .where(
      input.match === 'email' ? 'email' : 'member_number',
      '=',
      input.match === 'email' ? value.toLowerCase() : value,
    )
    .limit(2)
    .execute();
  // Two active members with one email address: the claim does not say which one it is.
  const member = members.length === 1 ? members[0]! : undefined;
  if (!member) return { ok: false, reason: 'not_member' };

  let account = await db.selectFrom('accounts').select('id').where('member_id', '=', member.id).executeTakeFirst();
  if (!account) {
    // The roster's address; a member without one cannot have an account (mail goes there).
    if (!member.email) return { ok: false, reason: 'not_member' };
    const now = nowMs();
    account = await db
      .insertInto('accounts')
      .values({
        member_id: member.id,
        email: member.email.toLowerCase(),
        password_hash: null,
        locale: 'de',
        email_verified_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(db, {
      action: 'account.registered',
      actorAccountId: account.id,
      subjectMemberId: member.id,
      ipPrefix: input.ipPrefix,
      data: { method: 'oidc' },
    });
  }

  const secondFactor = input.providerSecondFactor ? [] : await secondFactorsOf(db, account.id);
  const token = await startSession(db, account.id, policy, input.userAgent, {
    secondFactorPending: secondFactor.length > 0,
    ipPrefix: input.ipPrefix,
    reauthenticated: secondFactor.length === 0,
  });
  if (secondFactor.length === 0) {
    await recordAudit(db, {
      action: 'auth.signed_in',
      actorAccountId: account.id,
      subjectMemberId: member.id,
      ipPrefix: input.ipPrefix,
      data: { method: 'oidc', providerSecondFactor: input.providerSecondFactor },
    });
  }
  return { ok: true, token, accountId: account.id, secondFactor };
}
