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
import { prepared } from '../db/prepared.ts';

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

const insertLiveEvent = prepared((db, scope: string, type: string, payload: string, createdAt: number) =>
  db.insertInto('live_events').values({ scope, type, payload, created_at: createdAt }).returning('id'),
);

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
  const { id } = (await insertLiveEvent.first(db, scope, type, toJson(payload), createdAt))!;
  const event: LiveEvent = { id, scope, type, payload, createdAt };
  const list = pending.get(db);
  if (list) list.push(event);
  else if (!db.isTransaction) publishers.get(db)?.([event]);
  return event;
}

/**
 * Records many live events in a few statements (one per recipient of a notification, say),
 * published exactly like {@link recordLiveEvent}. A statement per event costs a round trip each,
 * which for a room with thousands of followers would hold the transaction open for seconds.
 */
export async function recordLiveEvents(
  db: Kysely<DB>,
  events: { scope: string; type: string; payload: unknown }[],
): Promise<LiveEvent[]> {
  const createdAt = nowMs();
  const recorded: LiveEvent[] = [];
  for (let i = 0; i < events.length; i += 500) {
    const rows = await db
      .insertInto('live_events')
      .values(events.slice(i, i + 500).map((e) => ({ ...e, payload: toJson(e.payload), created_at: createdAt })))
      .returning(['id', 'scope', 'type', 'payload'])
      .execute();
    recorded.push(...rows.map((r) => ({ ...r, payload: fromJson(r.payload), createdAt })));
  }
  recorded.sort((a, b) => a.id - b.id);
  const list = pending.get(db);
  if (list) list.push(...recorded);
  else if (!db.isTransaction && recorded.length > 0) publishers.get(db)?.(recorded);
  return recorded;
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
  return rows.map(toEvent);
}

/** Events with the given ids, oldest first (ids the live gateway saw skipped and now looks for). */
export async function liveEventsByIds(db: Kysely<DB>, ids: number[]): Promise<LiveEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('live_events').selectAll().where('id', 'in', ids).orderBy('id').execute();
  return rows.map(toEvent);
}

/** Every event after `afterId` whatever its scope, oldest first (the gateway's safety-net sweep). */
export async function liveEventsAfter(db: Kysely<DB>, afterId: number, limit: number): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom('live_events')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

/** The lowest and highest id in the log (0 when it is empty). */
export async function liveEventBounds(db: Kysely<DB>): Promise<{ min: number; max: number }> {
  const row = await db
    .selectFrom('live_events')
    .select((eb) => [eb.fn.min('id').as('min'), eb.fn.max('id').as('max')])
    .executeTakeFirst();
  return { min: Number(row?.min ?? 0), max: Number(row?.max ?? 0) };
}

/**
 * Deletes events older than `olderThanMs` (epoch ms), in batches so a large backlog never holds
 * a long lock. Clients that come back after that are told to refetch. Returns how many went.
 */
export async function pruneLiveEvents(db: Kysely<DB>, olderThanMs: number, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db
      .deleteFrom('live_events')
      .where(
        'id',
        'in',
        db.selectFrom('live_events').select('id').where('created_at', '<', olderThanMs).orderBy('id').limit(batch),
      )
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < batch) return total;
  }
}

function toEvent(r: { id: number; scope: string; type: string; payload: unknown; created_at: number }): LiveEvent {
  return { id: r.id, scope: r.scope, type: r.type, payload: fromJson(r.payload), createdAt: r.created_at };
}

export const roomScope = (roomId: number): string => `room:${roomId}`;
export const memberScope = (memberId: number): string => `member:${memberId}`;
export const eventScope = (eventId: number): string => `event:${eventId}`;

export * from './live.scopes.ts';
