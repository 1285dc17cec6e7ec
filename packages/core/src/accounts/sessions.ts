/**
 * Server-side sessions. The browser holds a random token; the database holds only its SHA-256, so
 * a leaked database yields no usable session. Sessions end after an idle period or an absolute
 * lifetime, whichever comes first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Starts a session and returns its token (shown once, to be put in the cookie). */
export async function startSession(
  db: Kysely<DB>,
  accountId: number,
  policy: SessionPolicy,
  userAgent: string | null,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = nowMs();
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      user_agent: userAgent?.slice(0, 300) ?? null,
      created_at: now,
      last_seen_at: now,
      idle_expires_at: now + policy.idleMs,
      absolute_expires_at: now + policy.absoluteMs,
    })
    .execute();
  return token;
}

export interface ActiveSession {
  id: number;
  accountId: number;
}

// Sliding the idle expiry writes at most once a minute per session, not on every request.
const TOUCH_AFTER_MS = 60_000;

/** The live session a token names, its idle expiry extended; undefined when absent or expired. */
export async function resumeSession(
  db: Kysely<DB>,
  token: string,
  policy: SessionPolicy,
): Promise<ActiveSession | undefined> {
  const now = nowMs();
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select(['s.id', 's.account_id', 's.last_seen_at', 's.idle_expires_at', 's.absolute_expires_at', 'm.status'])
    .where('s.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  // A member who left the party has no session, whatever the cookie says.
  if (!row || row.status !== 'active' || row.idle_expires_at <= now || row.absolute_expires_at <= now) {
    return undefined;
  }
  if (now - row.last_seen_at > TOUCH_AFTER_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, idle_expires_at: Math.min(now + policy.idleMs, row.absolute_expires_at) })
      .where('id', '=', row.id)
      .execute();
  }
  return { id: row.id, accountId: row.account_id };
}

export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** Deletes sessions past their idle or absolute expiry. */
export async function pruneExpiredSessions(db: Kysely<DB>, now = nowMs()): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('idle_expires_at', '<=', now), eb('absolute_expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
