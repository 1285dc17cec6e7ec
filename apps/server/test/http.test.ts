import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('HTTP basics on $dialect', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  const sessionCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers /healthz and /readyz', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', database: 'ok', schemaVersion: LATEST_MIGRATION });
  });

  it('answers an unknown API path with a 404 problem in German by default and English on request', async () => {
    const de = await t.app.inject('/api/v1/nope');
    expect(de.statusCode).toBe(404);
    expect(de.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(de.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Nicht gefunden.' });
    const en = await t.app.inject({ url: '/api/v1/nope', headers: { 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' } });
    expect(en.json()).toMatchObject({ code: 'not_found', title: 'Not found.' });
    expect(en.headers['content-language']).toBe('en');
  });

  it('sets the security headers on every response', async () => {
    for (const url of ['/healthz', '/api/v1/me', '/api/v1/nope', '/some/page']) {
      const res = await t.app.inject(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    expect((await t.app.inject('/api/v1/me')).headers['cache-control']).toBe('no-store');
  });

  it('refuses malformed JSON, wrong types, unknown fields, wrong media types and big bodies without writing', async () => {
    const post = (payload: string, type = 'application/json') =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload, headers: { 'content-type': type } });
    const cases: [string, string, number, string][] = [
      ['{"email": "a@b.de", "password": ', 'application/json', 400, 'malformed_body'],
      ['{"email": 17, "password": "x"}', 'application/json', 422, 'validation_failed'],
      [
        '{"email": "mitglied@example.org", "password": "richtig-langes-passwort", "isAdmin": true}',
        'application/json',
        422,
        'validation_failed',
      ],
      ['[]', 'application/json', 422, 'validation_failed'],
      ['email=a', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
      [
        JSON.stringify({ email: 'a@b.de', password: 'x'.repeat(2 * 1024 * 1024) }),
        'application/json',
        413,
        'payload_too_large',
      ],
      ['['.repeat(100_000) + ']'.repeat(100_000), 'application/json', 422, 'validation_failed'],
      ['{"email": "a@b.de", "password": "x", "__proto__": {"admin": true}}', 'application/json', 400, 'malformed_body'],
    ];
    for (const [payload, type, status, code] of cases) {
      const res = await post(payload, type);
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await sessionCount()).toBe(0);
  });

  it('names each invalid field in the problem document', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'kein-at', role: 'x' },
    });
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/password', '/body/role', '/body/email']));
  });

  it('refuses state-changing requests from another site', async () => {
    const payload = { email: 'mitglied@example.org', password: 'richtig-langes-passwort' };
    for (const headers of [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload, headers });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('cross_site_request');
    }
    expect(await sessionCount()).toBe(0);
    const same = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload,
      headers: { origin: t.config.publicUrl, 'sec-fetch-site': 'same-origin' },
    });
    expect(same.statusCode).toBe(200);
  });

  it('sends HSTS only when the request came over TLS through a trusted proxy', async () => {
    const proxied = await buildTestApp(kind, { TRUST_PROXY: 'true', PUBLIC_URL: 'https://rotes-netz.example' });
    try {
      const res = await proxied.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      const login = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: 'mitglied@example.org', password: 'richtig-langes-passwort' },
        headers: { 'x-forwarded-proto': 'https', origin: 'https://rotes-netz.example' },
      });
      const cookie = String(login.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-rn_session=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
    } finally {
      await proxied.close();
    }
  });

  it('serves the OpenAPI document and its docs page', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/me', '/api/v1/auth/sign-in', '/api/v1/units/{id}']),
    );
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    // The docs page keeps the strict policy: no other host, no inline scripts.
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https:|swagger\.io|unsafe-inline/);
  });

  it('keeps a session cookie working and ends it on sign-out', async () => {
    const cookie = await signIn(t.app, 'mitglied@example.org');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie } });
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });
});
