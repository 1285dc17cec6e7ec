/**
 * Generated input against every route the OpenAPI document lists: whatever arrives, the answer is
 * a 2xx or a 4xx problem document with a known code — never a 500 — and a refused request writes
 * nothing. Bodies are drawn from each route's own request schema as well as at random, so they pass
 * the schema and reach the database; strings include NUL and unpaired surrogates and integers reach
 * past 2^31, which PostgreSQL cannot store (it runs on both databases).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERRORS, STORABLE_TEXT } from '@rotes-netz/shared';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = Record<string, unknown>;
type Operation = { method: Method; path: string; body?: Schema };

/** Text PostgreSQL refuses, and integers past its `integer` columns. */
const unstorable = fc.constantFrom('\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy');
const evilText = fc.oneof(fc.string({ maxLength: 40 }), unstorable, fc.constantFrom('Öl 🌻', '=1+1'));
const evilInteger = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1));

const segment = fc.oneof(
  { arbitrary: fc.constantFrom('1', '2', '3'), weight: 4 },
  fc.string(),
  fc.integer().map(String),
  fc.constantFrom('1', '0', '-1', '2147483648', '9007199254740993', '%00', '..', '\u0000'),
);
const query = fc.dictionary(
  fc.oneof(fc.constantFrom('q', 'type', 'limit', 'cursor', 'topic'), fc.string({ maxLength: 8 })),
  fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), unstorable, fc.constantFrom('2147483648')),
  { maxKeys: 4 },
);
const randomBody = fc.oneof(
  fc.json({ depthSize: 'medium' }),
  fc.record({ email: fc.anything(), password: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string(),
);

/** Values shaped like a JSON schema (the subset the route schemas use), with hostile leaves. */
function fromSchema(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (options) return fc.oneof(...options.map((option) => fromSchema(option, depth)));
  const type = Array.isArray(schema.type) ? (schema.type as string[])[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      if (depth > 3) return fc.constant({});
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, fromSchema(value, depth + 1)])),
        { requiredKeys: required.filter((key) => key in properties) },
      );
    }
    case 'array':
      return fc.array(fromSchema((schema.items ?? {}) as Schema, depth + 1), { maxLength: 3 });
    case 'string':
      if (schema.format === 'date') return fc.constantFrom('2030-04-08', '1970-01-01');
      if (schema.format === 'date-time') return fc.constantFrom('2030-04-08T19:00:00Z', '2030-04-08T19:00');
      if (schema.format === 'email') return fc.constantFrom('fuzz@example.org', 'a\u0000b@example.org');
      // A route's own pattern (a member number, a code) is met, so the request gets further;
      // the pattern every text field carries against unstorable text is what is under test.
      if (typeof schema.pattern === 'string' && schema.pattern !== STORABLE_TEXT) {
        return fc.oneof(fc.stringMatching(new RegExp(schema.pattern)), evilText);
      }
      return evilText;
    case 'integer':
    case 'number':
      return evilInteger;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.anything();
  }
}

describe.each(databaseKinds())('generated requests on $dialect', (kind) => {
  let t: TestApp;
  let operations: Operation[];
  let cookie: string;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    cookie = await signIn(t.app, 'admin@example.org');
    type Documented = { requestBody?: { content?: Record<string, { schema?: Schema }> } };
    const doc = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, Documented>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, operation]) => {
        const body = operation.requestBody?.content?.['application/json']?.schema;
        return { method: m.toUpperCase() as Method, path, ...(body ? { body } : {}) };
      }),
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
        fc.integer({ min: 0, max: 1000 }).chain((pick) => {
          const op = operations[pick % operations.length]!;
          const body = op.body
            ? fc.oneof(
                fromSchema(op.body).map((v) => JSON.stringify(v)),
                randomBody,
              )
            : randomBody;
          return fc.tuple(fc.constant(op), body);
        }),
        segment,
        query,
        fc.boolean(),
        async ([op, payload], param, params, signedIn) => {
          const url = op.path.replace(/\{[^}]+\}/g, encodeURIComponent(param)) + '?' + new URLSearchParams(params);
          const before = await rowCounts();
          const res = await t.app.inject({
            method: op.method,
            url,
            headers: { 'content-type': 'application/json', ...(signedIn ? { cookie } : {}) },
            ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload }),
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
