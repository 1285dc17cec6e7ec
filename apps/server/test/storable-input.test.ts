/**
 * Text PostgreSQL cannot store (NUL, an unpaired surrogate) and integers beyond its `integer`
 * columns are refused at the edge with a 422 naming the field — on SQLite exactly as on
 * PostgreSQL, where they used to answer 500 (issue 13, finding 9). Nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, generalRoom, signIn, type TestApp } from './support/app.ts';

const NUL = 'Vor\u0000stand';
const LONE_SURROGATE = 'Vor\uD800stand';

describe.each(databaseKinds())('text and integers PostgreSQL cannot store on $dialect', (kind) => {
  let t: TestApp;
  let admin: string;
  let member: string;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    admin = await signIn(t.app, 'admin@example.org');
    member = await signIn(t.app, 'mitglied@example.org');
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });

  async function expectRefused(response: Awaited<ReturnType<typeof call>>, path: string) {
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      errors: expect.arrayContaining([{ path, message: expect.any(String) }]),
    });
  }

  const year = new Date().getUTCFullYear() + 1;
  const event = {
    kind: 'training',
    title: 'Schulung',
    startsAt: `${year}-04-08T19:00`,
    endsAt: `${year}-04-08T20:30`,
    online: true,
    audience: 'all',
  };

  it.each([NUL, LONE_SURROGATE])('refuses %j in text fields of bodies, signed in or not', async (bad) => {
    const rooms = await t.database.db
      .selectFrom('rooms')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await expectRefused(
      await call('POST', '/registration', undefined, {
        memberNumber: '100',
        lastName: bad,
        birthDate: '1970-01-01',
        email: 'neu@example.org',
      }),
      '/body/lastName',
    );
    await expectRefused(
      await call('POST', `/units/${t.ids.ov}/rooms`, admin, { name: bad, audience: 'unit' }),
      '/body/name',
    );
    await expectRefused(
      await call('POST', `/units/${t.ids.lv}/events`, admin, { ...event, title: bad }),
      '/body/title',
    );
    await expectRefused(await call('PATCH', '/me/profile', member, { about: bad }), '/body/about');
    expect(
      await t.database.db
        .selectFrom('rooms')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(rooms);
  });

  it('refuses a NUL in search parameters', async () => {
    await expectRefused(await call('GET', '/units?q=%00', member), '/querystring/q');
    await expectRefused(await call('GET', '/admin/members?q=%00', admin), '/querystring/q');
    const room = await generalRoom(t.database.db, t.ids.ov);
    await expectRefused(await call('GET', `/rooms/${room}/mentionable?q=%00`, member), '/querystring/q');
  });

  it('refuses versions and ids beyond 2^31 - 1', async () => {
    await expectRefused(
      await call('PUT', '/programme/ideas/1/answer', admin, { status: 'in_review', expectedVersion: 2 ** 31 }),
      '/body/expectedVersion',
    );
    await expectRefused(
      await call('PUT', '/programme/ideas/1/answer', admin, {
        status: 'accepted',
        expectedVersion: 1,
        lines: { draftVersion: 2 ** 31, fromLine: 1, toLine: 2 },
      }),
      '/body/lines/draftVersion',
    );
  });

  it('accepts an emoji (a surrogate pair) and umlauts', async () => {
    const created = await call('POST', `/units/${t.ids.ov}/rooms`, admin, { name: 'Grüne Ideen 🌻', audience: 'unit' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Grüne Ideen 🌻' });
  });
});
