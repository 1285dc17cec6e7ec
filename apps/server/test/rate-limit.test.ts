import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.ts';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';

const wrongSignIn = {
  method: 'POST' as const,
  url: '/api/v1/auth/sign-in',
  payload: { email: 'x@example.org', password: 'y' },
};

describe.each(databaseKinds())('rate limits on $dialect', (kind) => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  it('answers 429 with Retry-After past the sign-in limit, counted in the database for every node', async () => {
    const t = await buildTestApp(kind, { SIGN_IN_LIMIT_PER_MINUTE: '4' });
    apps.push(t);
    // A second app node on the same database shares the counters.
    const second = await buildApp({ config: t.config, database: t.database });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.app.inject(wrongSignIn)).statusCode);
      statuses.push((await second.inject(wrongSignIn)).statusCode);
      const limited = await second.inject(wrongSignIn);
      statuses.push(limited.statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
      expect((await t.app.inject(wrongSignIn)).statusCode).toBe(429);
      const rows = await t.database.db.selectFrom('rate_limits').selectAll().execute();
      expect(rows.some((r) => r.key.includes('/api/v1/auth/sign-in') && r.count === 6)).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('limits exports and password checks per address on their own, below the API limit', async () => {
    const t = await buildTestApp(kind, { EXPORT_LIMIT_PER_MINUTE: '2', SIGN_IN_LIMIT_PER_MINUTE: '3' });
    apps.push(t);
    const admin = await signIn(t.app, 'admin@example.org');
    const get = (url: string) => t.app.inject({ url, headers: { cookie: admin } });
    const exports = [];
    for (let i = 0; i < 3; i++) exports.push((await get('/api/v1/admin/members/export.csv')).statusCode);
    expect(exports).toEqual([200, 200, 429]);
    const deletions = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/delete',
        headers: { cookie: admin },
        payload: { password: `falsch-${i}`, confirm: 'LÖSCHEN' },
      });
      deletions.push(res.statusCode);
    }
    expect(deletions).toEqual([403, 403, 403, 429]);
    // Other routes are not affected.
    expect((await get('/api/v1/me')).statusCode).toBe(200);
  });

  it('limits the whole API per address but never the health probes', async () => {
    const t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '3' });
    apps.push(t);
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject('/api/v1/units/roots')).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    for (let i = 0; i < 5; i++) expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    // The node writes its counts once a second, so other nodes on the database see them.
    await new Promise((r) => setTimeout(r, 1300));
    const rows = await t.database.db.selectFrom('rate_limits').selectAll().where('key', 'like', 'global:%').execute();
    expect(rows.map((r) => r.count)).toEqual([4]);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl && process.env.CI === 'true') throw new Error('CI=true needs TEST_REDIS_URL');

describe.runIf(redisUrl)('rate limits in Redis', () => {
  it('shares the counter between two nodes of one instance, never with another instance', async () => {
    const [kind] = databaseKinds();
    // An address of its own: other test files sign in from 127.0.0.1 on the same Redis meanwhile.
    const signIn = { ...wrongSignIn, remoteAddress: '192.0.2.77' };
    const clients = [new Redis(redisUrl!), new Redis(redisUrl!), new Redis(redisUrl!)];
    const prefix = `rn:test-${Math.random().toString(36).slice(2)}:`;
    const env = { SIGN_IN_LIMIT_PER_MINUTE: '3', REDIS_PREFIX: prefix };
    const a = await buildTestApp(kind!, env, { redis: clients[0]! });
    const b = await buildTestApp(kind!, env, { redis: clients[1]! });
    // Another Landesverband on the same Redis: its prefix comes from its own database.
    const other = await buildTestApp(kind!, { SIGN_IN_LIMIT_PER_MINUTE: '3' }, { redis: clients[2]! });
    try {
      const codes = [
        (await a.app.inject(signIn)).statusCode,
        (await b.app.inject(signIn)).statusCode,
        (await a.app.inject(signIn)).statusCode,
        (await b.app.inject(signIn)).statusCode,
      ];
      expect(codes).toEqual([401, 401, 401, 429]);
      expect((await other.app.inject(signIn)).statusCode).toBe(401);
      // The request limiter counts in Redis; only the domain's wrong-password count per address
      // (auth.service) lives in the database, as it does without Redis.
      const inDatabase = await a.database.db.selectFrom('rate_limits').select('key').execute();
      expect(inDatabase.filter((r) => !r.key.startsWith('sign-in-fail:'))).toEqual([]);
      const keys = await clients[0]!.keys(`${prefix}rate:*192.0.2.77*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      const mine = await clients[0]!.keys(`rn:*192.0.2.77*`);
      if (mine.length > 0) await clients[0]!.del(...mine);
      await a.close();
      await b.close();
      await other.close();
      clients.forEach((c) => c.disconnect());
    }
  });
});
