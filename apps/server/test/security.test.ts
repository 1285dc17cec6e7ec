import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, PASSWORD, signIn, type TestApp } from './support/app.ts';

const ENV = { SECRET_KEY: 'test-secret-key-that-is-long-enough-123' };
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

function cookieFrom(res: LightMyRequestResponse, base = 'rn_session'): string | undefined {
  const c = res.cookies.find((x) => x.name.endsWith(base) && x.value !== '');
  return c ? `${c.name}=${c.value}` : undefined;
}

/** A TOTP code for the current step plus `steps` periods (the server accepts one step of drift). */
const code = (secret: string, steps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

describe.each(databaseKinds())('sign-in hardening on $dialect', (kind) => {
  let t: TestApp;
  const email = 'mitglied@example.org';
  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie?: string, payload?: object, headers = {}) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      ...(payload ? { payload } : {}),
    });
  const passwordStep = (extra: Record<string, string> = {}) =>
    inject('POST', '/auth/sign-in', undefined, { email, password: PASSWORD }, extra);
  const audits = async (action: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  let secret = '';
  let recovery: string[] = [];
  let confirmedCode = '';

  beforeAll(async () => {
    t = await buildTestApp(kind, ENV);
  });
  afterAll(async () => t.close());

  it('asks for the password again before TOTP can be turned on, and refuses a wrong one', async () => {
    const cookie = await signIn(t.app, email);
    await t.database.db
      .updateTable('sessions')
      .set({ reauthenticated_at: Date.now() - 11 * 60_000 })
      .execute();
    const refused = await inject('POST', '/me/security/totp', cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('reauthentication_required');
    expect((await inject('POST', '/auth/reauthenticate', cookie, { password: 'falsch' })).statusCode).toBe(401);
    expect((await inject('POST', '/auth/reauthenticate', cookie, { password: PASSWORD })).statusCode).toBe(204);
    const setup = await inject('POST', '/me/security/totp', cookie);
    expect(setup.statusCode).toBe(200);
    expect(setup.json().qrSvg).toMatch(/^<svg/);
    expect(setup.json().uri).toMatch(/^otpauth:\/\/totp\//);
    secret = setup.json().secret;
    // The secret is stored encrypted, never as it was shown.
    const stored = await t.database.db.selectFrom('totp_factors').select('secret').executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret);

    const wrong = await inject('POST', '/me/security/totp/confirm', cookie, {
      code: (await code(secret)) === '000000' ? '111111' : '000000',
    });
    expect(wrong.json().code).toBe('second_factor_invalid');
    confirmedCode = await code(secret);
    const confirmed = await inject('POST', '/me/security/totp/confirm', cookie, { code: confirmedCode });
    expect(confirmed.statusCode).toBe(200);
    recovery = confirmed.json().codes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    expect(await audits('factor.totp_enabled')).toHaveLength(1);
    const mails = await t.database.db.selectFrom('mails').select(['to_address', 'subject']).execute();
    expect(mails).toContainEqual({ to_address: email, subject: 'Deine Anmeldung wurde geändert' });
  });

  it('wants the code after the password; the waiting session reads nothing and is replaced; a used code is refused', async () => {
    const first = await passwordStep();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'second_factor_required', methods: ['totp', 'recovery'] });
    const pending = cookieFrom(first)!;
    expect((await inject('GET', '/me', pending)).statusCode).toBe(401);
    expect((await inject('GET', '/me/sessions', pending)).statusCode).toBe(401);
    // The code confirmed a moment ago belongs to a step already used.
    const reused = await inject('POST', '/auth/second-factor/totp', pending, { code: confirmedCode });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('second_factor_invalid');
    const next = await code(secret, 1);
    const done = await inject('POST', '/auth/second-factor/totp', pending, { code: next });
    expect(done.statusCode).toBe(200);
    expect(done.json().email).toBe(email);
    const full = cookieFrom(done)!;
    expect(full).not.toBe(pending);
    expect((await inject('GET', '/me', full)).statusCode).toBe(200);
    expect((await inject('GET', '/me', pending)).statusCode).toBe(401);
    // The same code once more, in a new sign-in, is refused.
    const again = cookieFrom(await passwordStep())!;
    expect((await inject('POST', '/auth/second-factor/totp', again, { code: next })).statusCode).toBe(401);
    expect((await audits('auth.second_factor_failed')).length).toBeGreaterThanOrEqual(2);
  });

  it('takes each recovery code once, and tells the member', async () => {
    const pending = cookieFrom(await passwordStep())!;
    const used = await inject('POST', '/auth/second-factor/recovery', pending, { code: recovery[0]!.toUpperCase() });
    expect(used.statusCode).toBe(200);
    const second = cookieFrom(await passwordStep())!;
    expect((await inject('POST', '/auth/second-factor/recovery', second, { code: recovery[0] })).statusCode).toBe(401);
    expect(await audits('factor.recovery_code_used')).toHaveLength(1);
    const full = cookieFrom(used)!;
    expect((await inject('GET', '/me/security', full)).json().totp).toEqual({ enabled: true, recoveryCodesLeft: 9 });
  });

  it('refuses the second step without a waiting session', async () => {
    expect((await inject('POST', '/auth/second-factor/totp', undefined, { code: '123456' })).statusCode).toBe(401);
    const full = await signIn(t.app, 'admin@example.org');
    expect((await inject('POST', '/auth/second-factor/totp', full, { code: '123456' })).statusCode).toBe(401);
  });

  it('replaces a session cookie planted before the sign-in', async () => {
    const planted = await signIn(t.app, 'admin@example.org');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { cookie: planted },
      payload: { email: 'admin@example.org', password: PASSWORD },
    });
    const fresh = cookieFrom(res)!;
    expect(fresh).not.toBe(planted);
    expect((await inject('GET', '/me', planted)).statusCode).toBe(401);
    expect((await inject('GET', '/me', fresh)).statusCode).toBe(200);
  });

  it('lists my sessions and signs out one of them or all others', async () => {
    const a = cookieFrom(
      await inject(
        'POST',
        '/auth/sign-in',
        undefined,
        { email: 'admin@example.org', password: PASSWORD },
        { 'user-agent': FIREFOX },
      ),
    )!;
    const b = await signIn(t.app, 'admin@example.org');
    const c = await signIn(t.app, 'admin@example.org');
    const list = (await inject('GET', '/me/sessions', a)).json().items as {
      id: number;
      current: boolean;
      device: string | null;
    }[];
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.find((s) => s.current)!.device).toBe('Firefox · Linux');
    const ofB = (await inject('GET', '/me/sessions', b)).json().items.find((s: { current: boolean }) => s.current).id;
    expect((await inject('DELETE', `/me/sessions/${ofB}`, a)).statusCode).toBe(204);
    expect((await inject('GET', '/me', b)).statusCode).toBe(401);
    // Another member's session is not found, and stays.
    const member = cookieFrom(
      await inject('POST', '/auth/sign-in', undefined, { email: 'admin@example.org', password: PASSWORD }),
    )!;
    const ofMember = (await inject('GET', '/me/sessions', member))
      .json()
      .items.find((s: { current: boolean }) => s.current).id;
    const other = await t.database.db.selectFrom('sessions').select('id').where('id', '=', ofMember).executeTakeFirst();
    expect(other).toBeDefined();
    const revoked = await inject('POST', '/me/sessions/revoke-others', a);
    expect(revoked.json().revoked).toBeGreaterThanOrEqual(2);
    expect((await inject('GET', '/me', c)).statusCode).toBe(401);
    expect((await inject('GET', '/me', a)).statusCode).toBe(200);
    expect((await audits('auth.sessions_revoked')).length).toBe(2);
  });

  it("answers a 404 for someone else's session", async () => {
    const mine = await signIn(t.app, 'admin@example.org');
    const foreign = await t.database.db
      .selectFrom('sessions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .select('s.id')
      .where('a.email', '=', email)
      .executeTakeFirstOrThrow();
    expect((await inject('DELETE', `/me/sessions/${foreign.id}`, mine)).statusCode).toBe(404);
  });

  it('reads the session clock without extending it, and extends it on request', async () => {
    const cookie = await signIn(t.app, 'admin@example.org');
    const soon = Date.now() + 5 * 60_000;
    await t.database.db
      .updateTable('sessions')
      .set({ idle_expires_at: soon, last_seen_at: Date.now() - 10 * 60_000 })
      .execute();
    const read = await inject('GET', '/auth/session', cookie);
    expect(Date.parse(read.json().idleExpiresAt)).toBe(soon);
    expect(Date.parse((await inject('GET', '/auth/session', cookie)).json().idleExpiresAt)).toBe(soon);
    const extended = await inject('POST', '/auth/session/extend', cookie);
    expect(Date.parse(extended.json().idleExpiresAt)).toBeGreaterThan(soon + 60 * 60_000);
  });

  it('takes no more codes after ten wrong ones, not even the right one', async () => {
    const pending = cookieFrom(await passwordStep())!;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await inject('POST', '/auth/second-factor/totp', pending, { code: String(100000 + i) })).statusCode,
      );
    }
    // Earlier cases already spent a few wrong codes of this account's ten.
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
    const right = await inject('POST', '/auth/second-factor/totp', pending, { code: await code(secret, 1) });
    expect(right.statusCode).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe.each(databaseKinds())('throttling by account on $dialect', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, ENV);
  });
  afterAll(async () => t.close());

  it('stops passwords for a flooded account, but lets the owner in from a known device', async () => {
    const email = 'admin@example.org';
    const owner = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password: PASSWORD },
    });
    const device = cookieFrom(owner, 'rn_device')!;
    expect(device).toBeDefined();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email, password: `falsch-${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    const stranger = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password: PASSWORD },
    });
    expect(stranger.statusCode).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
    const known = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { cookie: device },
      payload: { email, password: PASSWORD },
    });
    expect(known.statusCode).toBe(200);
    // Other accounts are not affected.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: 'mitglied@example.org', password: PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
    const failed = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.sign_in_failed')
      .execute();
    expect(failed).toHaveLength(5);
    expect(JSON.stringify(failed)).not.toContain('falsch');
  });

  it('throttles an unknown address exactly like an account, so the lock tells nobody who is a member', async () => {
    const flood = async (email: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email, password: `falsch-${i}` },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      return statuses;
    };
    await addMember(t.database, { unitId: t.ids.ov, email: 'gesperrt@example.org', number: 'L1' });
    const member = await flood('gesperrt@example.org');
    expect(member).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(await flood('niemand@example.org')).toEqual(member);
  });
});

describe.each(databaseKinds())('second factor for functionaries on $dialect', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, { ...ENV, REQUIRE_SECOND_FACTOR_FOR_FUNCTIONARIES: 'true' });
  });
  afterAll(async () => t.close());

  it('lets an admin without a factor reach only the security settings until they add one', async () => {
    const admin = await signIn(t.app, 'admin@example.org');
    const get = (url: string, cookie: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
    const blocked = await get('/units/roots', admin);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('second_factor_setup_required');
    expect((await get('/me', admin)).statusCode).toBe(200);
    expect((await get('/me/security', admin)).json().secondFactorRequired).toBe(true);
    const member = await signIn(t.app, 'mitglied@example.org');
    expect((await get('/units/roots', member)).statusCode).toBe(200);

    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/me/security/totp', headers: { cookie: admin } });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/security/totp/confirm',
      headers: { cookie: admin },
      payload: { code: await code(setup.json().secret) },
    });
    expect((await get('/units/roots', admin)).statusCode).toBe(200);
  });
});
