/**
 * The event bus on its own: events cross nodes over Redis, nothing is delivered twice, events no
 * publisher announced are found by the sweep, and on PostgreSQL an id that commits after a higher
 * one is still delivered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pino from 'pino';
import { inTransaction, recordLiveEvent, type Database, type LiveEvent } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { LiveBus } from '../src/live/bus.ts';

const log = pino({ level: 'silent' });

function collector() {
  const ids: number[] = [];
  let waiters: (() => void)[] = [];
  return {
    ids,
    deliver(events: LiveEvent[]) {
      ids.push(...events.map((e) => e.id));
      for (const wake of waiters) wake();
      waiters = [];
    },
    /** Resolves once `id` was delivered. */
    async until(id: number) {
      while (!ids.includes(id)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

const record = (database: Database, n: number) =>
  inTransaction(database.db, (trx) => recordLiveEvent(trx, 'room:1', 'post.created', { n }));

describe.each(databaseKinds())('the live event bus on $dialect', (kind) => {
  let database: Database;
  const buses: LiveBus[] = [];
  const redisClients: Redis[] = [];

  beforeEach(async () => {
    database = await kind.open();
  });
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.stop();
    for (const client of redisClients.splice(0)) client.disconnect();
    await database.close();
  });

  const startBus = async (options: { sweepMs?: number; redis?: Redis; channel?: string } = {}) => {
    const sink = collector();
    const bus = new LiveBus({
      db: database.db,
      deliver: (events) => sink.deliver(events),
      log,
      channel: options.channel ?? 'unused',
      redis: options.redis,
      sweepMs: options.sweepMs ?? 3_600_000,
    });
    await bus.start();
    buses.push(bus);
    return { bus, sink };
  };

  it('delivers committed events once, in order, and finds unannounced ones in the sweep', async () => {
    const { bus, sink } = await startBus();
    const first = await record(database, 1);
    const second = await record(database, 2);
    bus.ingest([first, second]);
    expect(sink.ids).toEqual([first.id, second.id]);
    // Written by a process without a gateway: no publisher announces it.
    const { id } = await database.db
      .insertInto('live_events')
      .values({ scope: 'room:1', type: 'post.created', payload: '{}', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await bus.sweep();
    await bus.sweep();
    expect(sink.ids).toEqual([first.id, second.id, id]);
  });

  it.runIf(process.env.TEST_REDIS_URL)('carries events between nodes over Redis', async () => {
    const channel = `rotes-netz:live:test-${Math.random().toString(36).slice(2)}`;
    const nodeA = new Redis(process.env.TEST_REDIS_URL!);
    const nodeB = new Redis(process.env.TEST_REDIS_URL!);
    redisClients.push(nodeA, nodeB);
    const a = await startBus({ redis: nodeA, channel });
    // Node B has its own database handle: events recorded through A's handle reach B only over Redis.
    const b = collector();
    const other = await kind.open();
    const busB = new LiveBus({
      db: other.db,
      deliver: (events) => b.deliver(events),
      log,
      channel,
      redis: nodeB,
      sweepMs: 3_600_000,
    });
    await busB.start();
    buses.push(busB);
    const event = await record(database, 1);
    await b.until(event.id);
    expect(b.ids).toEqual([event.id]);
    expect(a.sink.ids).toEqual([event.id]);
    await busB.stop();
    await other.close();
  });
});

// Only PostgreSQL lets two transactions write at once (SQLite commits in id order).
describe.each(databaseKinds().filter((k) => k.dialect === 'postgres'))('the live event bus on $dialect', (kind) => {
  let database: Database;
  let bus: LiveBus;
  const sink = collector();

  beforeEach(async () => {
    database = await kind.open();
    bus = new LiveBus({ db: database.db, deliver: (e) => sink.deliver(e), log, channel: 'unused', sweepMs: 3_600_000 });
    await bus.start();
  });
  afterEach(async () => {
    await bus.stop();
    await database.close();
  });

  it('delivers an id that commits after a higher one', async () => {
    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowRecorded!: (id: number) => void;
    const slowId = new Promise<number>((resolve) => (slowRecorded = resolve));
    // The slow transaction takes its id first and commits last (without a publisher: a crash).
    const slow = database.db.transaction().execute(async (trx) => {
      const event = await recordLiveEvent(trx, 'room:1', 'post.created', { n: 'slow' });
      slowRecorded(event.id);
      await slowMayCommit;
    });
    const early = await slowId;
    const fast = await record(database, 2);
    expect(fast.id).toBeGreaterThan(early);
    bus.ingest([fast]);
    await bus.sweep();
    expect(sink.ids).toEqual([fast.id]);
    releaseSlow();
    await slow;
    await bus.sweep();
    expect(sink.ids).toEqual([fast.id, early]);
    expect(bus.pendingIds()).toEqual([]);
  });
});
