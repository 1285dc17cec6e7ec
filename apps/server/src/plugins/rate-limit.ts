/**
 * Request limits whose counters every app node shares: in Redis when `REDIS_URL` is set,
 * otherwise in the database. Routes that attract guessing (sign-in) set a lower limit of their own.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { hitRateLimit, readRateLimit, type DB } from '@rotes-netz/core';
import { redactUrl } from '../logging.ts';

export interface RateLimitOptions {
  db: Kysely<DB>;
  redis: Redis | undefined;
  perMinute: number;
  /** The instance's Redis prefix (`REDIS_PREFIX`), so instances sharing a Redis count apart. */
  redisPrefix: string;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** How often the global limiter writes its counts; nodes see each other's hits this much later. */
const FLUSH_MS = 1000;

interface LocalWindow {
  /** Count in the database at the last flush (all nodes). */
  shared: number;
  /** Hits on this node not yet written. */
  pending: number;
  resetAt: number;
}

/**
 * A store for @fastify/rate-limit that keeps its counters in the `rate_limits` table.
 *
 * The global limit counts on this node and writes the counts once a second (one upsert per
 * address, not per request), so the API does not pay a database write per request; other nodes
 * see these hits up to a second late. Route limits (sign-in) count exactly, one upsert per hit,
 * because there a second's lag would let a guesser through.
 */
function databaseStore(db: Kysely<DB>, onError: (error: unknown) => void, timers: Set<NodeJS.Timeout>) {
  return class DatabaseStore {
    readonly #windows = new Map<string, LocalWindow>();

    // @fastify/rate-limit constructs stores with its options; only the key prefix matters here.
    constructor(
      _options?: unknown,
      readonly prefix = 'global',
      readonly exact = false,
    ) {
      if (!exact) {
        const timer = setInterval(() => void this.flush().catch(onError), FLUSH_MS);
        timer.unref();
        timers.add(timer);
      }
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      if (this.exact) {
        hitRateLimit(db, `${this.prefix}:${key}`, timeWindow, now).then(
          (w) => callback(null, { current: w.count, ttl: Math.max(0, w.resetAt - now) }),
          (error: Error) => callback(error),
        );
        return;
      }
      let window = this.#windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { shared: 0, pending: 0, resetAt: now + timeWindow };
        this.#windows.set(key, window);
      }
      window.pending += 1;
      callback(null, { current: window.shared + window.pending, ttl: window.resetAt - now });
    }

    /** Writes this node's pending hits and takes over the counts of all nodes. */
    async flush(): Promise<void> {
      const now = Date.now();
      for (const [key, window] of this.#windows) {
        if (window.pending === 0) {
          if (window.resetAt <= now) this.#windows.delete(key);
          continue;
        }
        const hits = window.pending;
        window.pending = 0;
        const shared = await hitRateLimit(db, `${this.prefix}:${key}`, window.resetAt - now, now, hits);
        window.shared = shared.count - window.pending;
        window.resetAt = shared.resetAt;
      }
    }

    read(key: string, callback: Callback): void {
      const now = Date.now();
      readRateLimit(db, `${this.prefix}:${key}`, now).then(
        (w) => callback(null, { current: w.count, ttl: Math.max(0, w.resetAt - now) }),
        (error: Error) => callback(error),
      );
    }

    child(options: object): DatabaseStore {
      // At run time the plugin passes its merged parameters with the route under `routeInfo`.
      const { routeInfo } = options as { routeInfo?: { method?: string | string[]; url?: string } };
      const route = routeInfo ? `${String(routeInfo.method)} ${routeInfo.url ?? ''}` : 'route';
      return new DatabaseStore(undefined, route, true);
    }
  };
}

/**
 * Limits of their own for expensive routes, per address: exports (CSV, PDF, the personal data
 * export) by `EXPORT_LIMIT_PER_MINUTE`, password checks outside the sign-in (data export, account
 * deletion) by the sign-in limit — each costs an argon2 hash or a full read.
 */
export const exportLimit = (app: FastifyInstance) => ({
  rateLimit: { max: app.ctx.config.exportLimitPerMinute, timeWindow: 60_000 },
});
export const passwordCheckLimit = (app: FastifyInstance) => ({
  rateLimit: { max: app.ctx.config.signInLimitPerMinute, timeWindow: 60_000 },
});

export const rateLimits = fp(
  async (app: FastifyInstance, options: RateLimitOptions) => {
    const timers = new Set<NodeJS.Timeout>();
    app.addHook('onClose', async () => timers.forEach((timer) => clearInterval(timer)));
    await app.register(rateLimit, {
      global: true,
      max: options.perMinute,
      timeWindow: 60_000,
      ...(options.redis
        ? { redis: options.redis, nameSpace: `${options.redisPrefix}rate:` }
        : { store: databaseStore(options.db, (err) => app.log.error({ err }, 'rate-limit flush failed'), timers) }),
      // Health probes and static files are not limited; the API is.
      allowList: (request) => !request.url.startsWith('/api/'),
      onExceeded: (request) => request.log.warn({ url: redactUrl(request.url) }, 'rate limit exceeded'),
      errorResponseBuilder: (_request, context) => {
        const error = new Error('rate limited') as Error & { statusCode: number };
        error.statusCode = context.statusCode;
        return error;
      },
    });
  },
  { name: 'rate-limits', dependencies: ['problems'] },
);
