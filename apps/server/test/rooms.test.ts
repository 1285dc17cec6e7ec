/**
 * Rooms through the API: the grouped room list, who sees which room (two Ortsvereine, the board
 * room, invite rooms, a roster move), mute and leave, setting up rooms, the code of conduct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('rooms on $dialect', (kind) => {
  let t: TestApp;
  let kv: number;
  let ovB: number;
  let memberB: number;
  let chairA: number;
  const cookies: Record<string, string> = {};
  const rooms: Record<string, number> = {};

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    const db = t.database.db;
    kv = (await units.getUnit(db, t.ids.ov)).parentId!;
    ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Berg', code: 'OVB', parentId: kv }))
      .id;
    memberB = await addMember(t.database, { unitId: ovB, email: 'berg@example.org', number: '400' });
    chairA = await addMember(t.database, {
      unitId: t.ids.ov,
      email: 'chair@example.org',
      number: '300',
      roles: [{ unitId: t.ids.ov, role: 'chair' }],
    });
    for (const who of ['mitglied', 'berg', 'chair', 'admin']) cookies[who] = await signIn(t.app, `${who}@example.org`);
    for (const r of await db.selectFrom('rooms').select(['id', 'unit_id', 'kind']).execute()) {
      const unit = r.unit_id === t.ids.ov ? 'A' : r.unit_id === ovB ? 'B' : r.unit_id === kv ? 'KV' : 'LV';
      rooms[`${unit}.${r.kind}`] = r.id;
    }
  });
  afterAll(() => t.close());

  const call = (method: string, url: string, who: string, payload?: object) =>
    t.app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { cookie: cookies[who]! },
      ...(payload ? { payload } : {}),
    });

  it('gives every unit its "Allgemein" and "Vorstand" room when it is created', async () => {
    expect(rooms['A.general']).toBeDefined();
    expect(rooms['A.board']).toBeDefined();
    expect(rooms['B.general']).toBeDefined();
    expect(rooms['KV.board']).toBeDefined();
  });

  it('answers 401 without a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/rooms' })).statusCode).toBe(401);
  });

  it('lists the member’s rooms grouped Ortsverein, Kreisverband, Landesverband — not the other Ortsverein, not the board', async () => {
    const response = await call('GET', '/rooms', 'mitglied');
    expect(response.statusCode).toBe(200);
    const groups = response.json().groups as {
      unit: { id: number; type: string };
      rooms: { id: number; name: string }[];
    }[];
    expect(groups.map((g) => g.unit.type)).toEqual(['ortsverein', 'kreisverband', 'landesverband']);
    expect(groups[0]!.unit.id).toBe(t.ids.ov);
    expect(groups[0]!.rooms.map((r) => r.name)).toEqual(['Allgemein']);
    const ids = groups.flatMap((g) => g.rooms.map((r) => r.id));
    expect(ids).not.toContain(rooms['B.general']);
    expect(ids).not.toContain(rooms['A.board']);
  });

  it('shows the board room to the board only', async () => {
    const chair = (await call('GET', '/rooms', 'chair')).json();
    expect(chair.groups[0].rooms.map((r: { name: string }) => r.name)).toEqual(['Allgemein', 'Vorstand']);
    expect((await call('GET', `/rooms/${rooms['A.board']}`, 'chair')).statusCode).toBe(200);
    expect((await call('GET', `/rooms/${rooms['A.board']}`, 'mitglied')).statusCode).toBe(404);
    expect((await call('GET', `/rooms/${rooms['A.board']}/threads`, 'mitglied')).statusCode).toBe(404);
  });

  it('answers 404 for a room of another Ortsverein exactly like for a missing one', async () => {
    const other = await call('GET', `/rooms/${rooms['B.general']}`, 'mitglied');
    const missing = await call('GET', '/rooms/999999', 'mitglied');
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe(missing.json().code);
  });

  it('refuses leaving "Allgemein" (409) but lets the member mute it', async () => {
    const leave = await call('PUT', `/rooms/${rooms['A.general']}/settings`, 'mitglied', { left: true });
    expect(leave.statusCode).toBe(409);
    expect(leave.json().code).toBe('room_is_default');
    const mute = await call('PUT', `/rooms/${rooms['A.general']}/settings`, 'mitglied', { muted: true });
    expect(mute.statusCode).toBe(200);
    expect(mute.json().settings).toEqual({ muted: true, following: false, left: false });
    const list = (await call('GET', '/rooms', 'mitglied')).json();
    expect(list.groups[0].rooms[0]).toMatchObject({ name: 'Allgemein', muted: true, left: false, optional: false });
    await call('PUT', `/rooms/${rooms['A.general']}/settings`, 'mitglied', { muted: false });
  });

  it('lets the chair add a room for the unit, which members may leave and rejoin', async () => {
    const created = await call('POST', `/units/${t.ids.ov}/rooms`, 'chair', {
      name: 'Wahlkampf',
      description: 'Plakate und Stände',
      audience: 'unit',
    });
    expect(created.statusCode).toBe(201);
    const room = created.json();
    expect(room).toMatchObject({ kind: 'custom', name: 'Wahlkampf', optional: true, permissions: { manage: true } });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'room.created')
      .execute();
    expect(audit).toHaveLength(1);

    expect((await call('PUT', `/rooms/${room.id}/settings`, 'mitglied', { left: true })).statusCode).toBe(200);
    const names = (r: { groups: { rooms: { name: string }[] }[] }) => r.groups[0]!.rooms.map((x) => x.name);
    expect(names((await call('GET', '/rooms', 'mitglied')).json())).toEqual(['Allgemein']);
    const withLeft = (await call('GET', '/rooms?includeLeft=true', 'mitglied')).json();
    expect(names(withLeft)).toEqual(['Allgemein', 'Wahlkampf']);
    expect(withLeft.groups[0].rooms[1].left).toBe(true);
    expect((await call('PUT', `/rooms/${room.id}/settings`, 'mitglied', { left: false })).statusCode).toBe(200);
    expect(names((await call('GET', '/rooms', 'mitglied')).json())).toEqual(['Allgemein', 'Wahlkampf']);
    expect((await call('GET', `/rooms/${room.id}`, 'berg')).statusCode).toBe(404);
  });

  it('refuses room set-up to plain members and to the chair of another Ortsverein (404), changing nothing', async () => {
    const before = await t.database.db.selectFrom('rooms').select('id').execute();
    expect(
      (await call('POST', `/units/${t.ids.ov}/rooms`, 'mitglied', { name: 'X', audience: 'unit' })).statusCode,
    ).toBe(404);
    expect((await call('POST', `/units/${ovB}/rooms`, 'chair', { name: 'X', audience: 'unit' })).statusCode).toBe(404);
    const bad = await call('POST', `/units/${t.ids.ov}/rooms`, 'chair', { name: 'x'.repeat(81), audience: 'unit' });
    expect(bad.statusCode).toBe(422);
    const badAudience = await call('POST', `/units/${t.ids.ov}/rooms`, 'chair', { name: 'X', audience: 'everyone' });
    expect(badAudience.statusCode).toBe(422);
    expect(await t.database.db.selectFrom('rooms').select('id').execute()).toHaveLength(before.length);
  });

  it('shows an invite-only room to the invited only, and takes it away with the invite', async () => {
    const created = await call('POST', `/units/${t.ids.ov}/rooms`, 'chair', {
      name: 'Arbeitskreis Haushalt',
      audience: 'invite',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await call('GET', `/rooms/${id}`, 'mitglied')).statusCode).toBe(404);
    expect((await call('POST', `/rooms/${id}/invites`, 'chair', { memberIds: [t.ids.member] })).statusCode).toBe(200);
    expect((await call('GET', `/rooms/${id}`, 'mitglied')).statusCode).toBe(200);
    const invites = (await call('GET', `/rooms/${id}/invites`, 'chair')).json();
    expect(invites.items.map((i: { memberId: number }) => i.memberId)).toEqual([t.ids.member]);
    expect((await call('GET', `/rooms/${id}/invites`, 'mitglied')).statusCode).toBe(404);
    expect((await call('DELETE', `/rooms/${id}/invites/${t.ids.member}`, 'chair')).statusCode).toBe(204);
    expect((await call('GET', `/rooms/${id}`, 'mitglied')).statusCode).toBe(404);
    // Members of another Ortsverein are not the chair's to invite (nor to find): 422, and still 404.
    const elsewhere = await call('POST', `/rooms/${id}/invites`, 'chair', { memberIds: [memberB] });
    expect(elsewhere.statusCode).toBe(422);
    expect((await call('GET', `/rooms/${id}`, 'berg')).statusCode).toBe(404);
    const unknown = await call('POST', `/rooms/${id}/invites`, 'chair', { memberIds: [999999] });
    expect(unknown.statusCode).toBe(422);
    const withInvite = await call('POST', `/units/${t.ids.ov}/rooms`, 'chair', {
      name: 'Arbeitskreis Kasse',
      audience: 'invite',
      inviteMemberIds: [t.ids.member],
    });
    expect((await call('GET', `/rooms/${withInvite.json().id}`, 'mitglied')).statusCode).toBe(200);
    const notInvite = await call('GET', `/rooms/${rooms['A.general']}/invites`, 'chair');
    expect(notInvite.json().code).toBe('room_not_invite_only');
  });

  it('offers as mentionable only members who can see the room', async () => {
    const all = (await call('GET', `/rooms/${rooms['A.general']}/mentionable?q=`, 'mitglied')).json();
    const ids = all.items.map((i: { memberId: number }) => i.memberId);
    expect(ids).toContain(chairA);
    expect(ids).not.toContain(memberB);
    const board = (await call('GET', `/rooms/${rooms['A.board']}/mentionable?q=chair`, 'chair')).json();
    expect(board.items).toEqual([{ memberId: chairA, displayName: 'Erika chair' }]);
    expect((await call('GET', `/rooms/${rooms['A.general']}/mentionable`, 'berg')).statusCode).toBe(404);
  });

  it('moves the member’s rooms with a roster move to another Ortsverein', async () => {
    const db = t.database.db;
    await db.updateTable('members').set({ unit_id: ovB }).where('id', '=', t.ids.member).execute();
    try {
      const list = (await call('GET', '/rooms', 'mitglied')).json();
      expect(list.groups[0].unit.id).toBe(ovB);
      expect((await call('GET', `/rooms/${rooms['A.general']}`, 'mitglied')).statusCode).toBe(404);
      expect((await call('GET', `/rooms/${rooms['B.general']}`, 'mitglied')).statusCode).toBe(200);
    } finally {
      await db.updateTable('members').set({ unit_id: t.ids.ov }).where('id', '=', t.ids.member).execute();
    }
  });

  it('asks for the code of conduct before writing, once', async () => {
    const created = await call('POST', `/units/${t.ids.ov}/rooms`, 'chair', {
      name: 'Debatte',
      audience: 'unit',
      codeOfConduct: 'Wir bleiben freundlich.',
    });
    const id = created.json().id;
    const room = (await call('GET', `/rooms/${id}`, 'mitglied')).json();
    expect(room).toMatchObject({ codeOfConduct: 'Wir bleiben freundlich.', cocAccepted: false });
    const refused = await call('POST', `/rooms/${id}/threads`, 'mitglied', { title: 'Hallo', body: 'Text' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('code_of_conduct_required');
    expect(await t.database.db.selectFrom('threads').select('id').where('room_id', '=', id).execute()).toEqual([]);
    expect((await call('POST', `/rooms/${id}/code-of-conduct`, 'mitglied')).statusCode).toBe(204);
    expect((await call('GET', `/rooms/${id}`, 'mitglied')).json().cocAccepted).toBe(true);
    expect((await call('POST', `/rooms/${id}/threads`, 'mitglied', { title: 'Hallo', body: 'Text' })).statusCode).toBe(
      201,
    );
  });

  it('lets managers rename and archive custom rooms, never the default ones', async () => {
    const id = (await call('POST', `/units/${t.ids.ov}/rooms`, 'chair', { name: 'Alt', audience: 'unit' })).json().id;
    expect((await call('PATCH', `/rooms/${id}`, 'mitglied', { name: 'Neu' })).statusCode).toBe(404);
    const renamed = await call('PATCH', `/rooms/${id}`, 'chair', { name: 'Neu' });
    expect(renamed.json().name).toBe('Neu');
    expect((await call('DELETE', `/rooms/${rooms['A.general']}`, 'chair')).json().code).toBe('room_is_default');
    expect((await call('DELETE', `/rooms/${id}`, 'chair')).statusCode).toBe(204);
    expect((await call('GET', `/rooms/${id}`, 'chair')).statusCode).toBe(404);
  });
});
