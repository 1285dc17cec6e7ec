import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, PASSWORD, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('sign-in, /me and the unit tree on $dialect', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  it('gives the same answer for a wrong password and an unknown email, and starts no session', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'mitglied@example.org', password: 'falsch-falsch' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'niemand@example.org', password: 'falsch-falsch' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(await t.database.db.selectFrom('sessions').select('id').execute()).toEqual([]);
  });

  it('signs in case-insensitively, stores only a hash of the token, and replaces a planted cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'Mitglied@Example.org', password: PASSWORD },
      headers: { cookie: 'rn_session=planted-by-attacker' },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'rn_session')!;
    expect(cookie.value).not.toBe('planted-by-attacker');
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const rows = await t.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).toContain(hashToken(cookie.value));
    expect(rows.map((r) => r.token_hash)).not.toContain(cookie.value);
  });

  it('describes the member with units from the Ortsverein up and abilities', async () => {
    const me = (
      await t.app.inject({ url: '/api/v1/me', headers: { cookie: await signIn(t.app, 'mitglied@example.org') } })
    ).json();
    expect(me.email).toBe('mitglied@example.org');
    expect(me.memberships.map((m: { unit: { code: string } }) => m.unit.code)).toEqual(['OV', 'KV', 'LV']);
    expect(me.abilities).toEqual({ readSentMail: false, administerUnits: false });
    const admin = (
      await t.app.inject({ url: '/api/v1/me', headers: { cookie: await signIn(t.app, 'admin@example.org') } })
    ).json();
    expect(admin.abilities.readSentMail).toBe(true);
    expect(admin.memberships.find((m: { unit: { code: string } }) => m.unit.code === 'LV').roles).toEqual(['lv_admin']);
  });

  it('ends access at once when the roster marks the member as left', async () => {
    const cookie = await signIn(t.app, 'mitglied@example.org');
    await t.database.db.updateTable('members').set({ status: 'left' }).where('id', '=', t.ids.member).execute();
    try {
      expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: 'mitglied@example.org', password: PASSWORD },
      });
      expect(again.statusCode).toBe(401);
    } finally {
      await t.database.db.updateTable('members').set({ status: 'active' }).where('id', '=', t.ids.member).execute();
    }
  });

  it('shows the unit tree to members only', async () => {
    expect((await t.app.inject('/api/v1/units/roots')).statusCode).toBe(401);
    const cookie = await signIn(t.app, 'mitglied@example.org');
    const get = (url: string) => t.app.inject({ url, headers: { cookie } });
    expect((await get('/api/v1/units/roots')).json().items.map((u: { code: string }) => u.code)).toEqual(['LV']);
    expect((await get(`/api/v1/units/${t.ids.lv}/children`)).json().items[0]).toMatchObject({
      code: 'KV',
      childCount: 1,
    });
    expect((await get(`/api/v1/units/${t.ids.ov}/ancestry`)).json().items.map((u: { code: string }) => u.code)).toEqual(
      ['LV', 'KV', 'OV'],
    );
    expect((await get('/api/v1/units?q=tal&type=ortsverein')).json().items).toHaveLength(1);
    expect((await get('/api/v1/units/999999')).statusCode).toBe(404);
    expect((await get('/api/v1/units/abc')).statusCode).toBe(422);
    expect((await get('/api/v1/units?limit=100000')).statusCode).toBe(422);
    expect((await get('/api/v1/units?type=partei')).statusCode).toBe(422);
  });
});
