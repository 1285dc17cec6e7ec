/**
 * Time-based one-time passwords (RFC 6238) with recovery codes. The secret is stored encrypted with
 * the instance key; a code is accepted once only (the step it belongs to is remembered), so a code
 * read over someone's shoulder cannot be replayed.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { ConflictError, DomainError, NotFoundError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { seal, unseal, type SecretKey } from '../crypto/secret-box.ts';
import { queueSecurityNotice, type NoticeSettings } from './security-notice.ts';

/** Who changes a factor, from where, and how to tell them by mail. */
export interface FactorChange {
  accountId: number;
  memberId: number;
  ipPrefix: string | null;
  notice: NoticeSettings;
}

export const RECOVERY_CODE_COUNT = 10;
// Codes one step before or after the current one still count: phone clocks drift.
const TOLERANCE_SECONDS = 30;

export class SecondFactorInvalidError extends DomainError {
  constructor() {
    super('second_factor_invalid');
  }
}

export interface TotpSetup {
  /** Base32, for typing into the app by hand. */
  secret: string;
  /** otpauth:// URI, the content of the QR code. */
  uri: string;
  /** The QR code as an SVG document. */
  qrSvg: string;
}

/** Starts (or restarts) setting up TOTP: a new, unconfirmed secret. Refused while one is confirmed. */
export async function beginTotpSetup(
  db: Kysely<DB>,
  key: SecretKey,
  input: { accountId: number; issuer: string; label: string },
): Promise<TotpSetup> {
  const existing = await db
    .selectFrom('totp_factors')
    .select('confirmed_at')
    .where('account_id', '=', input.accountId)
    .executeTakeFirst();
  if (existing?.confirmed_at) throw new ConflictError('TOTP is already on');
  const secret = generateSecret();
  const sealed = seal(key, secret);
  const now = nowMs();
  await db
    .insertInto('totp_factors')
    .values({ account_id: input.accountId, secret: sealed, confirmed_at: null, last_used_step: null, created_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ secret: sealed, last_used_step: null, created_at: now }))
    .execute();
  const uri = generateURI({ issuer: input.issuer, label: input.label, secret });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

/**
 * Checks a code against the account's TOTP secret and, when right, remembers its step so that it
 * is never accepted again (a conditional update, so two simultaneous uses cannot both win).
 */
export async function checkTotpCode(
  db: Kysely<DB>,
  key: SecretKey,
  accountId: number,
  code: string,
  options: { confirmedOnly?: boolean } = {},
): Promise<boolean> {
  const factor = await db
    .selectFrom('totp_factors')
    .select(['secret', 'confirmed_at', 'last_used_step'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!factor || (options.confirmedOnly !== false && !factor.confirmed_at)) return false;
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const last = factor.last_used_step === null ? undefined : Number(factor.last_used_step);
  const result = await verify({
    secret: unseal(key, factor.secret),
    token,
    epochTolerance: TOLERANCE_SECONDS,
    ...(last !== undefined ? { afterTimeStep: last } : {}),
  });
  if (!result.valid || !('timeStep' in result)) return false;
  const step = result.timeStep;
  const updated = await db
    .updateTable('totp_factors')
    .set({ last_used_step: step })
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Confirms the pending secret with a first code; returns the recovery codes (shown once). */
export async function confirmTotp(
  db: Kysely<DB>,
  key: SecretKey,
  change: FactorChange,
  code: string,
): Promise<string[]> {
  const factor = await db
    .selectFrom('totp_factors')
    .select('confirmed_at')
    .where('account_id', '=', change.accountId)
    .executeTakeFirst();
  if (!factor) throw new NotFoundError('TOTP setup');
  if (factor.confirmed_at) throw new ConflictError('TOTP is already on');
  if (!(await checkTotpCode(db, key, change.accountId, code, { confirmedOnly: false }))) {
    throw new SecondFactorInvalidError();
  }
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('totp_factors')
      .set({ confirmed_at: nowMs() })
      .where('account_id', '=', change.accountId)
      .execute();
    await audit(trx, change, 'factor.totp_enabled');
    await queueSecurityNotice(trx, change.accountId, 'totp_enabled', change.notice);
    return replaceRecoveryCodes(trx, change);
  });
}

/** Turns TOTP off and drops the recovery codes with it. */
export async function disableTotp(db: Kysely<DB>, change: FactorChange): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('totp_factors').where('account_id', '=', change.accountId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new NotFoundError('TOTP');
    await trx.deleteFrom('recovery_codes').where('account_id', '=', change.accountId).execute();
    await audit(trx, change, 'factor.totp_disabled');
    await queueSecurityNotice(trx, change.accountId, 'totp_disabled', change.notice);
  });
}

/** New recovery codes for an account with TOTP on; the old ones stop working. */
export async function regenerateRecoveryCodes(db: Kysely<DB>, change: FactorChange): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const factor = await trx
      .selectFrom('totp_factors')
      .select('confirmed_at')
      .where('account_id', '=', change.accountId)
      .executeTakeFirst();
    if (!factor?.confirmed_at) throw new NotFoundError('TOTP');
    await queueSecurityNotice(trx, change.accountId, 'recovery_codes_generated', change.notice);
    return replaceRecoveryCodes(trx, change);
  });
}

/** Uses up a recovery code; true when it was valid and unused. Audited and mailed by the caller's settings. */
export async function useRecoveryCode(db: Kysely<DB>, change: FactorChange, code: string): Promise<boolean> {
  const hash = hashRecoveryCode(code);
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('recovery_codes')
      .set({ used_at: nowMs() })
      .where('account_id', '=', change.accountId)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await audit(trx, change, 'factor.recovery_code_used');
    await queueSecurityNotice(trx, change.accountId, 'recovery_code_used', change.notice);
    return true;
  });
}

/** Whether TOTP is on, and how many recovery codes are left. */
export async function totpStatus(
  db: Kysely<DB>,
  accountId: number,
): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const [factor, codes] = await Promise.all([
    db.selectFrom('totp_factors').select('confirmed_at').where('account_id', '=', accountId).executeTakeFirst(),
    db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { enabled: Boolean(factor?.confirmed_at), recoveryCodesLeft: Number(codes.n) };
}

// Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Codes are long random strings, so a plain SHA-256 suffices (no password stretching needed). */
function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('base64url');
}

async function replaceRecoveryCodes(trx: Kysely<DB>, change: FactorChange): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = nowMs();
  await trx.deleteFrom('recovery_codes').where('account_id', '=', change.accountId).execute();
  await trx
    .insertInto('recovery_codes')
    .values(
      codes.map((code) => ({
        account_id: change.accountId,
        code_hash: hashRecoveryCode(code),
        used_at: null,
        created_at: now,
      })),
    )
    .execute();
  await audit(trx, change, 'factor.recovery_codes_generated');
  return codes;
}

async function audit(
  trx: Kysely<DB>,
  change: FactorChange,
  action:
    'factor.totp_enabled' | 'factor.totp_disabled' | 'factor.recovery_codes_generated' | 'factor.recovery_code_used',
) {
  await recordAudit(trx, {
    action,
    actorAccountId: change.accountId,
    subjectMemberId: change.memberId,
    ipPrefix: change.ipPrefix,
  });
}
