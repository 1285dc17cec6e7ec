/**
 * The event bus of one node: committed live events arrive here from three sides and leave it
 * once, in id order per batch, towards the gateway.
 *
 * - from this process (`setLivePublisher`), right after the commit;
 * - from other nodes over Redis pub/sub (when a Redis client is given);
 * - from a sweep of the `live_events` table every second, the safety net for events whose
 *   publisher died after the commit, or that were written by a process without a gateway (a
 *   separate worker node).
 *
 * Ids come from a sequence, but on PostgreSQL a transaction that took id 41 may commit after the
 * one that took 42. So the bus remembers the ids it skipped ("gaps") and looks for them by id on
 * each sweep until they show up or are old enough to be a rolled-back transaction. Every id is
 * delivered at most once.
 */
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import {
  liveEventBounds,
  liveEventsAfter,
  liveEventsByIds,
  setLivePublisher,
  type DB,
  type LiveEvent,
} from '@rotes-netz/core';

export interface LiveBusOptions {
  db: Kysely<DB>;
  /** Where new events go (the gateway). */
  deliver: (events: LiveEvent[]) => void;
  redis?: Redis | undefined;
  /** The Redis channel; nodes of one instance (one database) share it. */
  channel: string;
  log: FastifyBaseLogger;
  /** How often the table is swept (ms). */
  sweepMs?: number;
  /** How long a skipped id is looked for before it counts as rolled back (ms). */
  gapGraceMs?: number;
}

/** Events read per sweep; a larger backlog is read over the following sweeps. */
const SWEEP_BATCH = 1000;
/** Skipped ids remembered at most; a larger hole (a bulk rollback) is not chased id by id. */
const MAX_GAPS = 2000;

export class LiveBus {
  /** The highest id delivered. */
  private max = 0;
  /** Ids skipped (below `max`, not yet seen), with when the bus noticed. */
  private readonly gaps = new Map<number, number>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private subscriber: Redis | undefined;
  private stopped = false;

  constructor(private readonly options: LiveBusOptions) {}

  /** The highest event id this node has delivered (or that existed when it started). */
  get lastId(): number {
    return this.max;
  }

  /** Ids this node is still waiting for (they may yet commit). */
  pendingIds(): number[] {
    return [...this.gaps.keys()];
  }

  async start(): Promise<void> {
    const { db, redis, channel } = this.options;
    this.max = (await liveEventBounds(db)).max;
    setLivePublisher(db, (events) => this.publish(events));
    if (redis) {
      this.subscriber = redis.duplicate();
      this.subscriber.on('message', (_channel: string, message: string) => {
        try {
          this.ingest(JSON.parse(message) as LiveEvent[]);
        } catch (err) {
          this.options.log.warn({ err }, 'live: unreadable message on the bus');
        }
      });
      this.subscriber.on('error', (err: unknown) => this.options.log.warn({ err }, 'live: Redis subscriber error'));
      await this.subscriber.subscribe(channel);
    }
    const every = this.options.sweepMs ?? 1000;
    this.sweepTimer = setInterval(() => void this.sweep(), every);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    setLivePublisher(this.options.db, undefined);
    await this.sweeping;
    this.subscriber?.disconnect();
  }

  /** Events committed in this process: deliver here at once, and tell the other nodes. */
  publish(events: LiveEvent[]): void {
    this.ingest(events);
    const { redis, channel } = this.options;
    if (redis) {
      redis.publish(channel, JSON.stringify(events)).catch((err: unknown) => {
        // The other nodes' sweeps still find these events within a second or two.
        this.options.log.warn({ err }, 'live: publishing on Redis failed');
      });
    }
  }

  /** Takes events from any side; passes on those not seen before. */
  ingest(events: LiveEvent[]): void {
    if (this.stopped) return;
    const fresh: LiveEvent[] = [];
    for (const event of events) {
      if (event.id > this.max) {
        this.noteSkipped(this.max + 1, event.id - 1);
        this.max = event.id;
        fresh.push(event);
      } else if (this.gaps.delete(event.id)) {
        fresh.push(event);
      }
    }
    if (fresh.length === 0) return;
    fresh.sort((a, b) => a.id - b.id);
    this.options.deliver(fresh);
  }

  private noteSkipped(from: number, to: number): void {
    if (to < from || to - from >= MAX_GAPS) return;
    const now = Date.now();
    for (let id = from; id <= to; id++) this.gaps.set(id, now);
    // Oldest first out when there are too many.
    for (const id of this.gaps.keys()) {
      if (this.gaps.size <= MAX_GAPS) break;
      this.gaps.delete(id);
    }
  }

  /** Reads what no publisher announced: new ids beyond the highest, and the skipped ones. */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async runSweep(): Promise<void> {
    if (this.stopped) return;
    const { db } = this.options;
    try {
      const waiting = [...this.gaps.keys()];
      const [late, fresh] = await Promise.all([
        liveEventsByIds(db, waiting),
        liveEventsAfter(db, this.max, SWEEP_BATCH),
      ]);
      this.ingest([...late, ...fresh]);
      const expired = Date.now() - (this.options.gapGraceMs ?? 60_000);
      for (const [id, noticed] of this.gaps) if (noticed < expired) this.gaps.delete(id);
    } catch (err) {
      if (!this.stopped) this.options.log.warn({ err }, 'live: sweep failed');
    }
  }
}
