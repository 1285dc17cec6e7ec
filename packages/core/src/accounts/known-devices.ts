/**
 * Known devices: a browser that completed a sign-in gets a long-lived random token (its hash is
 * kept here). While someone floods an account with wrong passwords, the account is throttled —
 * except for its owner's known devices, so the flood cannot lock the owner out.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { hashToken } from './sessions.ts';

/** How long a device stays known without a sign-in. */
export const KNOWN_DEVICE_MS = 180 * 86_400_000;

/** Whether `token` names a known device of `accountId`. */
export async function isKnownDevice(db: Kysely<DB>, accountId: number, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  const row = await db
    .selectFrom('known_devices')
    .select('id')
    .where('token_hash', '=', hashToken(token))
    .where('account_id', '=', accountId)
    .where('last_used_at', '>', nowMs() - KNOWN_DEVICE_MS)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Remembers the browser after a complete sign-in: keeps its token when it is already this
 * account's known device, otherwise issues a new one. Returns the token for the cookie.
 */
export async function rememberDevice(db: Kysely<DB>, accountId: number, token: string | undefined): Promise<string> {
  const now = nowMs();
  if (token) {
    const result = await db
      .updateTable('known_devices')
      .set({ last_used_at: now })
      .where('token_hash', '=', hashToken(token))
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return token;
  }
  const fresh = randomBytes(32).toString('base64url');
  await db
    .insertInto('known_devices')
    .values({ account_id: accountId, token_hash: hashToken(fresh), created_at: now, last_used_at: now })
    .execute();
  await db
    .deleteFrom('known_devices')
    .where('last_used_at', '<=', now - KNOWN_DEVICE_MS)
    .execute();
  return fresh;
}
