/**
 * What makes the first load on a phone cheap on the server's side: the web app asks whether anyone
 * is signed in without provoking a 401, and API answers above 1 KiB travel compressed.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, PASSWORD, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('first load on $dialect', (kind) => {
  let t: TestApp;
  let cookie: string;
  let parent: number;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    cookie = await signIn(t.app, 'mitglied@example.org');
    // Enough units under one parent that their list is well above the 1 KiB threshold.
    parent = (
      await units.createUnit(t.database.db, {
        type: 'kreisverband',
        name: 'SPD Kreis Viele',
        code: 'KVV',
        parentId: t.ids.lv,
      })
    ).id;
    for (let i = 0; i < 40; i += 1) {
      await units.createUnit(t.database.db, {
        type: 'ortsverein',
        name: `SPD Ortsverein Nummer ${i}`,
        code: `OVV${i}`,
        parentId: parent,
      });
    }
  });
  afterAll(() => t.close());

  it('says "not signed in" with a 200, and who is signed in with the same member /me gives', async () => {
    const anonymous = await t.app.inject('/api/v1/session');
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ signedIn: false });
    expect(anonymous.headers['cache-control']).toBe('no-store');

    const stale = await t.app.inject({ url: '/api/v1/session', headers: { cookie: 'rn_session=not-a-session' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ signedIn: false });

    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    const session = await t.app.inject({ url: '/api/v1/session', headers: { cookie } });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual({ signedIn: true, me: me.json() });

    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie } });
    expect((await t.app.inject({ url: '/api/v1/session', headers: { cookie } })).json()).toEqual({ signedIn: false });
    cookie = await signIn(t.app, 'mitglied@example.org');
  });

  it('compresses API answers above 1 KiB with brotli or gzip, as the browser accepts, and says it varies', async () => {
    const url = `/api/v1/units/${parent}/children`;
    const plain = await t.app.inject({ url, headers: { cookie, 'accept-encoding': 'identity' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    const br = await t.app.inject({ url, headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('no-store');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);

    const gzip = await t.app.inject({ url, headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('sends small answers as they are', async () => {
    const small = await t.app.inject({ url: '/api/v1/session', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ signedIn: false });
  });

  it('does not unpack a compressed request body: it is refused as before, and nothing happens', async () => {
    const body = zlib.gzipSync(JSON.stringify({ email: 'mitglied@example.org', password: PASSWORD }));
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: body,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.cookies).toEqual([]);
  });
});
