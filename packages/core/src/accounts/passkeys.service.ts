/**
 * Passkeys (WebAuthn): as a second factor after the password, or alone for a password-less
 * sign-in with a discoverable credential. The caller keeps the challenge between the two halves of
 * each ceremony and hands it back; credentials are found by their id, so the user handle carries
 * nothing about the member.
 */
import type { Kysely } from 'kysely';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { DB } from '../db/schema.ts';
import { fromJson, nowMs, toJson } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { queueSecurityNotice } from './security-notice.ts';
import { SecondFactorInvalidError, type FactorChange } from './totp.service.ts';

/** Who we are to the authenticator: the relying party. */
export interface RelyingParty {
  id: string;
  name: string;
  /** The origin the browser reports, e.g. https://netz.example. */
  origin: string;
}

export interface PasskeySummary {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export type { AuthenticationResponseJSON, RegistrationResponseJSON };

/** The member's passkeys, oldest first. */
export async function listPasskeys(db: Kysely<DB>, accountId: number): Promise<PasskeySummary[]> {
  const rows = await db
    .selectFrom('passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Options for creating a passkey; the caller keeps `challenge` for {@link addPasskey}. */
export async function passkeyRegistrationOptions(
  db: Kysely<DB>,
  rp: RelyingParty,
  account: { accountId: number; email: string; displayName: string },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db
    .selectFrom('passkeys')
    .select(['credential_id', 'transports'])
    .where('account_id', '=', account.accountId)
    .execute();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: account.email,
    userDisplayName: account.displayName,
    attestationType: 'none',
    // The same authenticator twice would be one factor counted twice.
    excludeCredentials: existing.map((p) => ({ id: p.credential_id, ...transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
}

/** Verifies the authenticator's answer and stores the new passkey. */
export async function addPasskey(
  db: Kysely<DB>,
  rp: RelyingParty,
  change: FactorChange,
  input: { name: string; response: RegistrationResponseJSON; expectedChallenge: string },
): Promise<PasskeySummary> {
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
  } catch {
    throw new SecondFactorInvalidError();
  }
  if (!verification.verified) throw new SecondFactorInvalidError();
  const { credential } = verification.registrationInfo;
  const now = nowMs();
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('passkeys')
      .values({
        account_id: change.accountId,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ? toJson(credential.transports) : null,
        name: input.name.trim(),
        created_at: now,
        last_used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'factor.passkey_added',
      actorAccountId: change.accountId,
      subjectMemberId: change.memberId,
      ipPrefix: change.ipPrefix,
      data: { passkeyId: id },
    });
    await queueSecurityNotice(trx, change.accountId, 'passkey_added', change.notice);
    return { id, name: input.name.trim(), createdAt: now, lastUsedAt: null };
  });
}

/** Removes one of the member's passkeys; another member's passkey is "not found". */
export async function removePasskey(db: Kysely<DB>, change: FactorChange, passkeyId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('passkeys')
      .where('id', '=', passkeyId)
      .where('account_id', '=', change.accountId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new NotFoundError('passkey');
    await recordAudit(trx, {
      action: 'factor.passkey_removed',
      actorAccountId: change.accountId,
      subjectMemberId: change.memberId,
      ipPrefix: change.ipPrefix,
      data: { passkeyId },
    });
    await queueSecurityNotice(trx, change.accountId, 'passkey_removed', change.notice);
  });
}

/**
 * Options for proving a passkey. With an account (second factor) only its passkeys are allowed;
 * without one (password-less) the authenticator offers its discoverable credentials.
 */
export async function passkeyAuthenticationOptions(
  db: Kysely<DB>,
  rp: RelyingParty,
  accountId?: number,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed =
    accountId === undefined
      ? []
      : await db
          .selectFrom('passkeys')
          .select(['credential_id', 'transports'])
          .where('account_id', '=', accountId)
          .execute();
  return generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: accountId === undefined ? 'required' : 'preferred',
    allowCredentials: allowed.map((p) => ({ id: p.credential_id, ...transportsOf(p.transports) })),
  });
}

/**
 * Verifies a passkey assertion; returns the account it belongs to. With `accountId` the passkey must
 * be that account's. A password-less sign-in demands user verification (PIN, fingerprint), since
 * the passkey is then both factors at once.
 */
export async function verifyPasskey(
  db: Kysely<DB>,
  rp: RelyingParty,
  input: { response: AuthenticationResponseJSON; expectedChallenge: string; accountId?: number },
): Promise<number> {
  const passkey = await db
    .selectFrom('passkeys')
    .select(['id', 'account_id', 'credential_id', 'public_key', 'counter', 'transports'])
    .where('credential_id', '=', input.response.id)
    .$if(input.accountId !== undefined, (q) => q.where('account_id', '=', input.accountId!))
    .executeTakeFirst();
  if (!passkey) throw new SecondFactorInvalidError();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: input.accountId === undefined,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        counter: Number(passkey.counter),
        ...transportsOf(passkey.transports),
      },
    });
  } catch {
    throw new SecondFactorInvalidError();
  }
  if (!verification.verified) throw new SecondFactorInvalidError();
  await db
    .updateTable('passkeys')
    .set({ counter: verification.authenticationInfo.newCounter, last_used_at: nowMs() })
    .where('id', '=', passkey.id)
    .execute();
  return passkey.account_id;
}

function transportsOf(value: unknown): { transports?: string[] } {
  if (value === null || value === undefined) return {};
  return { transports: fromJson<string[]>(value) };
}
