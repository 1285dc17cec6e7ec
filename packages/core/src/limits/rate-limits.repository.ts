/**
 * Fixed-window request counters in the database, shared by every app node on the same database.
 * One upsert per hit (or per batch of hits): a new or expired window starts afresh, a live one
 * counts up.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface WindowCount {
  count: number;
  resetAt: number;
}

/** Counts `hits` more hits on `key`; returns the count in the current window and when it ends. */
export async function hitRateLimit(
  db: Kysely<DB>,
  key: string,
  windowMs: number,
  now = Date.now(),
  hits = 1,
): Promise<WindowCount> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, count: hits, reset_at: now + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.reset_at <= ${now} then ${hits} else rate_limits.count + ${hits} end`,
        reset_at: sql<number>`case when rate_limits.reset_at <= ${now} then ${now + windowMs} else rate_limits.reset_at end`,
      }),
    )
    .returning(['count', 'reset_at'])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), resetAt: Number(row.reset_at) };
}

/** Reads a counter without counting. */
export async function readRateLimit(db: Kysely<DB>, key: string, now = Date.now()): Promise<WindowCount> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['count', 'reset_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.reset_at <= now) return { count: 0, resetAt: now };
  return { count: row.count, resetAt: row.reset_at };
}

/** Removes counters whose window has ended. */
export async function pruneRateLimits(db: Kysely<DB>, now = Date.now()): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
