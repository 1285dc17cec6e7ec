/**
 * Server-side sessions. The browser holds a random token; the database holds only its SHA-256, so
 * a leaked database yields no usable session. Sessions end after an idle period or an absolute
 * lifetime, whichever comes first. A session whose password was right but whose second factor is
 * still to come (`second_factor_pending`) grants nothing but the second-factor step.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs, toBool } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { ACTOR_ACCOUNT_COLUMNS, type ActorAccount } from './actor.ts';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface StartSessionOptions {
  /** Only the password was checked; the second factor is still to come. */
  secondFactorPending?: boolean;
  /** The network part of the address (see `ipPrefix`). */
  ipPrefix?: string | null;
  /** Count the sign-in as a fresh confirmation of the password (for sensitive changes). */
  reauthenticated?: boolean;
}

/** Starts a session and returns its token (shown once, to be put in the cookie). */
export async function startSession(
  db: Kysely<DB>,
  accountId: number,
  policy: SessionPolicy,
  userAgent: string | null,
  options: StartSessionOptions = {},
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = nowMs();
  // A pending session lives only for the few minutes the second step takes.
  const idleMs = options.secondFactorPending ? Math.min(policy.idleMs, 10 * 60_000) : policy.idleMs;
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      user_agent: userAgent?.slice(0, 300) ?? null,
      created_at: now,
      last_seen_at: now,
      idle_expires_at: now + idleMs,
      absolute_expires_at: now + policy.absoluteMs,
      second_factor_pending: options.secondFactorPending ?? false,
      reauthenticated_at: options.reauthenticated ? now : null,
      ip_prefix: options.ipPrefix ?? null,
    })
    .execute();
  return token;
}

export interface ActiveSession {
  id: number;
  accountId: number;
  /** Only the password was checked so far. */
  secondFactorPending: boolean;
  reauthenticatedAt: number | null;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  /** The account and member as read with the session (for `loadActor`). */
  account: ActorAccount;
}

export interface ResumeOptions {
  /** Also return a session waiting for its second factor (only for the second-factor step). */
  allowPending?: boolean;
  /** Slide the idle expiry (default). A status poll must not keep a session alive. */
  touch?: boolean;
}

// Sliding the idle expiry writes at most once a minute per session, not on every request.
const TOUCH_AFTER_MS = 60_000;

/**
 * The session a cookie names, with its account and member (every signed-in request runs this; the
 * actor is then loaded without reading the account again).
 */
const sessionByTokenHash = prepared((db, tokenHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select([
      's.id',
      's.last_seen_at',
      's.idle_expires_at',
      's.absolute_expires_at',
      's.second_factor_pending',
      's.reauthenticated_at',
      ...ACTOR_ACCOUNT_COLUMNS,
    ])
    .where('s.token_hash', '=', tokenHash),
);

/** The live session a token names, its idle expiry extended; undefined when absent or expired. */
export async function resumeSession(
  db: Kysely<DB>,
  token: string,
  policy: SessionPolicy,
  options: ResumeOptions = {},
): Promise<ActiveSession | undefined> {
  const now = nowMs();
  const row = await sessionByTokenHash.first(db, hashToken(token));
  // A member who left the party has no session, whatever the cookie says.
  if (!row || row.status !== 'active' || row.idle_expires_at <= now || row.absolute_expires_at <= now) {
    return undefined;
  }
  const pending = toBool(row.second_factor_pending);
  if (pending && !options.allowPending) return undefined;
  let idleExpiresAt = row.idle_expires_at;
  if (!pending && options.touch !== false && now - row.last_seen_at > TOUCH_AFTER_MS) {
    idleExpiresAt = Math.min(now + policy.idleMs, row.absolute_expires_at);
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, idle_expires_at: idleExpiresAt })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    id: row.id,
    accountId: row.account_id,
    secondFactorPending: pending,
    reauthenticatedAt: row.reauthenticated_at,
    idleExpiresAt,
    absoluteExpiresAt: row.absolute_expires_at,
    account: {
      account_id: row.account_id,
      email: row.email,
      locale: row.locale,
      member_id: row.member_id,
      first_name: row.first_name,
      last_name: row.last_name,
      member_number: row.member_number,
      unit_id: row.unit_id,
      status: row.status,
    },
  };
}

/** Slides the idle expiry now (the member chose "stay signed in"); returns the new expiries. */
export async function extendSession(
  db: Kysely<DB>,
  session: ActiveSession,
  policy: SessionPolicy,
): Promise<{ idleExpiresAt: number; absoluteExpiresAt: number }> {
  const now = nowMs();
  const idleExpiresAt = Math.min(now + policy.idleMs, session.absoluteExpiresAt);
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, idle_expires_at: idleExpiresAt })
    .where('id', '=', session.id)
    .execute();
  return { idleExpiresAt, absoluteExpiresAt: session.absoluteExpiresAt };
}

/** Records that the member just confirmed their password or a factor in this session. */
export async function markReauthenticated(db: Kysely<DB>, sessionId: number): Promise<void> {
  await db.updateTable('sessions').set({ reauthenticated_at: nowMs() }).where('id', '=', sessionId).execute();
}

export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** One of the member's sessions, as the sessions list shows it. */
export interface SessionSummary {
  id: number;
  createdAt: number;
  lastSeenAt: number;
  userAgent: string | null;
  ipPrefix: string | null;
}

/** The member's live, complete sessions, most recently used first. */
export async function listSessions(db: Kysely<DB>, accountId: number, now = nowMs()): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'user_agent', 'ip_prefix'])
    .where('account_id', '=', accountId)
    .where('second_factor_pending', '=', false)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    userAgent: r.user_agent,
    ipPrefix: r.ip_prefix,
  }));
}

/** Ends one of the member's sessions; false when it is not theirs (or gone). */
export async function revokeSession(db: Kysely<DB>, accountId: number, sessionId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of the member but `keepSessionId` (or all when undefined); returns how many. */
export async function revokeOtherSessions(
  db: Kysely<DB>,
  accountId: number,
  keepSessionId: number | undefined,
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('account_id', '=', accountId)
    .$if(keepSessionId !== undefined, (q) => q.where('id', '!=', keepSessionId!))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes sessions past their idle or absolute expiry. */
export async function pruneExpiredSessions(db: Kysely<DB>, now = nowMs()): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('idle_expires_at', '<=', now), eb('absolute_expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
