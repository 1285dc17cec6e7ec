/**
 * The live log. A service records what connected clients should see in the same transaction as
 * the change (`recordLiveEvent(trx, …)` inside {@link inTransaction}); after the commit the events
 * go to the publisher the live gateway registered for this database (in-process or over Redis).
 * Nothing is published for a transaction that rolls back. Reconnecting clients are replayed from
 * the table.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { fromJson, nowMs, toJson } from '../db/database.ts';

export interface LiveEvent {
  id: number;
  /** `room:<id>`, `member:<id>`, `event:<id>` or `system`. */
  scope: string;
  type: string;
  payload: unknown;
  createdAt: number;
}

export type LivePublisher = (events: LiveEvent[]) => void;

const publishers = new WeakMap<Kysely<DB>, LivePublisher>();
const pending = new WeakMap<Kysely<DB>, LiveEvent[]>();

/** Registers where committed events of this database go (the gateway does this at start). */
export function setLivePublisher(db: Kysely<DB>, publisher: LivePublisher | undefined): void {
  if (publisher) publishers.set(db, publisher);
  else publishers.delete(db);
}

/**
 * Runs `fn` in a transaction and, once it has committed, publishes the live events it recorded.
 * Use this (not `db.transaction()`) for every write that records live events.
 */
export async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const events: LiveEvent[] = [];
  const result = await db.transaction().execute(async (trx) => {
    pending.set(trx, events);
    return fn(trx);
  });
  if (events.length > 0) publishers.get(db)?.(events);
  return result;
}

/**
 * Records a live event. Inside {@link inTransaction} it is published after the commit; on a plain
 * database handle (no transaction) it is published at once.
 */
export async function recordLiveEvent(
  db: Kysely<DB>,
  scope: string,
  type: string,
  payload: unknown,
): Promise<LiveEvent> {
  const createdAt = nowMs();
  const { id } = await db
    .insertInto('live_events')
    .values({ scope, type, payload: toJson(payload), created_at: createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  const event: LiveEvent = { id, scope, type, payload, createdAt };
  const list = pending.get(db);
  if (list) list.push(event);
  else if (!db.isTransaction) publishers.get(db)?.([event]);
  return event;
}

/** Events after `afterId` in the given scopes, oldest first (for a reconnecting client). */
export async function liveEventsSince(
  db: Kysely<DB>,
  scopes: string[],
  afterId: number,
  limit: number,
): Promise<LiveEvent[]> {
  if (scopes.length === 0) return [];
  const rows = await db
    .selectFrom('live_events')
    .selectAll()
    .where('scope', 'in', scopes)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope,
    type: r.type,
    payload: fromJson(r.payload),
    createdAt: r.created_at,
  }));
}

export const roomScope = (roomId: number): string => `room:${roomId}`;
export const memberScope = (memberId: number): string => `member:${memberId}`;
export const eventScope = (eventId: number): string => `event:${eventId}`;
