/**
 * Generated input against every route the OpenAPI document lists: whatever arrives, the answer is
 * a 2xx or a 4xx problem document with a known code — never a 500 — and a refused request writes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERRORS } from '@rotes-netz/shared';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';

type Operation = { method: 'GET' | 'POST'; path: string };

const segment = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.constantFrom('1', '0', '-1', '9007199254740993', '%00', '..'),
);
const query = fc.dictionary(
  fc.oneof(fc.constantFrom('q', 'type', 'limit', 'cursor'), fc.string({ maxLength: 8 })),
  fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String)),
  { maxKeys: 4 },
);
const body = fc.oneof(
  fc.json({ depthSize: 'medium' }),
  fc.record({ email: fc.anything(), password: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string(),
);

describe.each(databaseKinds())('generated requests on $dialect', (kind) => {
  let t: TestApp;
  let operations: Operation[];
  let cookie: string;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    cookie = await signIn(t.app, 'admin@example.org');
    const doc = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => ({ method: m.toUpperCase() as Operation['method'], path })),
    );
  });
  afterAll(() => t.close());

  const rowCounts = async () => {
    const counts: number[] = [];
    for (const table of ['units', 'members', 'accounts', 'mails', 'jobs'] as const) {
      const row = await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      counts.push(Number(row.n));
    }
    return counts;
  };

  it('covers every documented operation', () => {
    expect(operations.length).toBeGreaterThanOrEqual(9);
  });

  it('never answers 500 and refuses bad input with a known problem code, writing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        segment,
        query,
        body,
        fc.boolean(),
        async (pick, param, params, payload, signedIn) => {
          const op = operations[pick % operations.length]!;
          const url = op.path.replace(/\{[^}]+\}/g, encodeURIComponent(param)) + '?' + new URLSearchParams(params);
          const before = await rowCounts();
          const res = await t.app.inject({
            method: op.method,
            url,
            headers: { 'content-type': 'application/json', ...(signedIn ? { cookie } : {}) },
            ...(op.method === 'POST' ? { payload } : {}),
          });
          expect(res.statusCode, `${op.method} ${url} → ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(Object.keys(ERRORS)).toContain(res.json().code);
            expect(await rowCounts()).toEqual(before);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
