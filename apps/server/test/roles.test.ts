import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('roles in units on $dialect', (kind) => {
  let t: TestApp;
  let ovB: number;
  let chairA: string;
  let member: string;
  let admin: string;
  let memberB: number;
  let kv: number;

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    const db = t.database.db;
    kv = (await units.getUnit(db, t.ids.ov)).parentId!;
    ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Berg', code: 'OVB', parentId: kv }))
      .id;
    await addMember(t.database, {
      unitId: t.ids.ov,
      email: 'chair@example.org',
      number: '300',
      roles: [{ unitId: t.ids.ov, role: 'chair' }],
    });
    memberB = await addMember(t.database, { unitId: ovB, email: 'berg@example.org', number: '400' });
    await db
      .insertInto('member_roles')
      .values({ member_id: t.ids.member, unit_id: t.ids.ov, role: 'board', source: 'roster', created_at: Date.now() })
      .execute();
    [chairA, member, admin] = await Promise.all([
      signIn(t.app, 'chair@example.org'),
      signIn(t.app, 'mitglied@example.org'),
      signIn(t.app, 'admin@example.org'),
    ]);
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

  it('answers 401 without a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/units/${t.ids.ov}/roles` });
    expect(response.statusCode).toBe(401);
  });

  it('hides the roles of a unit from a plain member of another unit (404)', async () => {
    await signIn(t.app, 'berg@example.org').then(async (berg) => {
      expect((await call('GET', `/units/${t.ids.ov}/roles`, berg)).statusCode).toBe(404);
    });
  });

  it('lets the chair of A see the roles of A, with what they may grant', async () => {
    const response = await call('GET', `/units/${t.ids.ov}/roles`, chairA);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.grantable).toEqual(['board', 'moderator']);
    expect(body.items.map((i: { role: string }) => i.role).sort()).toEqual(['board', 'chair']);
  });

  it('refuses the chair of A in Ortsverein B exactly like a unit that does not exist', async () => {
    const inB = await call('POST', `/units/${ovB}/roles`, chairA, { memberId: memberB, role: 'moderator' });
    const nowhere = await call('POST', `/units/999999/roles`, chairA, { memberId: memberB, role: 'moderator' });
    expect(inB.statusCode).toBe(404);
    expect(nowhere.statusCode).toBe(404);
    expect(inB.json().code).toBe(nowhere.json().code);
    expect((await call('GET', `/units/${ovB}/roles`, chairA)).statusCode).toBe(404);
  });

  it('refuses the chair of A granting chair or lv_admin, or anything to themselves (404)', async () => {
    expect(
      (await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberId: t.ids.member, role: 'chair' })).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberId: t.ids.member, role: 'lv_admin' })).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberNumber: '300', role: 'moderator' })).statusCode,
    ).toBe(404);
  });

  it('refuses an unknown member number (422)', async () => {
    const response = await call('POST', `/units/${t.ids.ov}/roles`, chairA, {
      memberNumber: 'nope',
      role: 'moderator',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].path).toBe('/memberNumber');
  });

  it('refuses the chair of A pulling a member of Ortsverein B into A, exactly like an unknown number', async () => {
    const outsider = await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberNumber: '400', role: 'board' });
    const unknown = await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberNumber: '999', role: 'board' });
    const byId = await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberId: memberB, role: 'board' });
    expect(outsider.statusCode).toBe(422);
    expect(outsider.json()).toEqual(unknown.json());
    expect(byId.statusCode).toBe(422);
    const held = await t.database.db
      .selectFrom('member_roles')
      .select('role')
      .where('member_id', '=', memberB)
      .execute();
    expect(held).toEqual([]);
    // Even an LV admin cannot make someone board of an Ortsverein they are not a member of.
    const byAdmin = await call('POST', `/units/${t.ids.ov}/roles`, admin, { memberId: memberB, role: 'board' });
    expect(byAdmin.statusCode).toBe(422);
  });

  it('answers a role the chair may not grant the same for known and unknown numbers (404)', async () => {
    const known = await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberNumber: '100', role: 'chair' });
    const unknown = await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberNumber: '999', role: 'chair' });
    expect(known.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(known.json()).toEqual(unknown.json());
  });

  it('lets the chair of A grant and revoke moderator, audited and mailed', async () => {
    const granted = await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberNumber: '100', role: 'moderator' });
    expect(granted.statusCode).toBe(204);
    expect(
      (await call('POST', `/units/${t.ids.ov}/roles`, chairA, { memberId: t.ids.member, role: 'moderator' }))
        .statusCode,
    ).toBe(409);
    const me = (await call('GET', '/me', member)).json();
    expect(me.memberships.find((m: { unit: { id: number } }) => m.unit.id === t.ids.ov).roles).toContain('moderator');

    const revoked = await call('DELETE', `/units/${t.ids.ov}/roles/${t.ids.member}/moderator`, chairA);
    expect(revoked.statusCode).toBe(204);
    const mails = await t.database.db
      .selectFrom('mails')
      .select('subject')
      .where('to_address', '=', 'mitglied@example.org')
      .execute();
    expect(mails.map((m) => m.subject)).toEqual(['Du hast eine neue Rolle', 'Eine Rolle wurde dir entzogen']);
    const audit = await call('GET', `/admin/audit?subject=${t.ids.member}`, admin);
    expect(
      audit
        .json()
        .items.map((i: { action: string }) => i.action)
        .slice(0, 2),
    ).toEqual(['role.revoked', 'role.granted']);
  });

  it('keeps roles from the roster: revoking one is a conflict and it stays', async () => {
    const response = await call('DELETE', `/units/${t.ids.ov}/roles/${t.ids.member}/board`, chairA);
    expect(response.statusCode).toBe(409);
    const held = await t.database.db
      .selectFrom('member_roles')
      .select('role')
      .where('member_id', '=', t.ids.member)
      .execute();
    expect(held.map((r) => r.role)).toContain('board');
  });

  it('lets only an LV admin grant rz_staff', async () => {
    expect((await call('POST', `/units/${kv}/roles`, chairA, { memberId: memberB, role: 'rz_staff' })).statusCode).toBe(
      404,
    );
    expect((await call('POST', `/units/${kv}/roles`, admin, { memberId: memberB, role: 'rz_staff' })).statusCode).toBe(
      204,
    );
  });

  it('refuses a revoke by someone outside with 404', async () => {
    expect((await call('DELETE', `/units/${kv}/roles/${memberB}/rz_staff`, chairA)).statusCode).toBe(404);
  });
});
