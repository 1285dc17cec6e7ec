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

export interface RateLimitOptions {
  db: Kysely<DB>;
  redis: Redis | undefined;
  perMinute: number;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** A store for @fastify/rate-limit that keeps its counters in the `rate_limits` table. */
function databaseStore(db: Kysely<DB>) {
  return class DatabaseStore {
    // @fastify/rate-limit constructs stores with its options; only the key prefix matters here.
    constructor(
      _options?: unknown,
      readonly prefix = 'global',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      hitRateLimit(db, `${this.prefix}:${key}`, timeWindow, now).then(
        (w) => callback(null, { current: w.count, ttl: Math.max(0, w.resetAt - now) }),
        (error: Error) => callback(error),
      );
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
      return new DatabaseStore(undefined, route);
    }
  };
}

export const rateLimits = fp(
  async (app: FastifyInstance, options: RateLimitOptions) => {
    await app.register(rateLimit, {
      global: true,
      max: options.perMinute,
      timeWindow: 60_000,
      ...(options.redis ? { redis: options.redis, nameSpace: 'rn-rate:' } : { store: databaseStore(options.db) }),
      // Health probes and static files are not limited; the API is.
      allowList: (request) => !request.url.startsWith('/api/'),
      onExceeded: (request) => request.log.warn({ url: request.url }, 'rate limit exceeded'),
      errorResponseBuilder: (_request, context) => {
        const error = new Error('rate limited') as Error & { statusCode: number };
        error.statusCode = context.statusCode;
        return error;
      },
    });
  },
  { name: 'rate-limits', dependencies: ['problems'] },
);
