/**
 * Finding members to invite (GET /rooms/:id/invite-candidates): only the room's managers search,
 * they find exactly whom the invite accepts (members of the room's unit), by the start of a name in any case and spelling of
 * accents and umlauts, and they see a name and an Ortsverein only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import type { MemberStatus } from '../../../packages/core/src/db/schema.ts';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';

interface Candidate {
  memberId: number;
  displayName: string;
  unit: { id: number; name: string; type: string };
  invited: boolean;
}

describe.each(databaseKinds())('invite search on $dialect', (kind) => {
  let t: TestApp;
  let ovB: number;
  let inviteRoom: number;
  let roomB: number;
  let nextNumber = 1000;
  const cookies: Record<string, string> = {};
  const people: Record<string, number> = {};

  /** A roster member without an account (as most are), with a name, status and Ortsverein. */
  async function rosterMember(first: string, last: string, unitId: number, status: MemberStatus = 'active') {
    const now = Date.now();
    const { id } = await t.database.db
      .insertInto('members')
      .values({
        member_number: String(nextNumber++),
        first_name: first,
        last_name: last,
        email: `${nextNumber}@example.org`,
        birth_date: '1980-01-01',
        unit_id: unitId,
        status,
        left_at: status === 'active' ? null : now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    const db = t.database.db;
    const kv = (await units.getUnit(db, t.ids.ov)).parentId!;
    ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Berg', code: 'OVB', parentId: kv }))
      .id;
    await addMember(t.database, {
      unitId: t.ids.ov,
      email: 'chair@example.org',
      number: '300',
      roles: [{ unitId: t.ids.ov, role: 'chair' }],
    });
    await addMember(t.database, {
      unitId: ovB,
      email: 'chairb@example.org',
      number: '301',
      roles: [{ unitId: ovB, role: 'chair' }],
    });
    for (const who of ['mitglied', 'chair', 'chairb']) cookies[who] = await signIn(t.app, `${who}@example.org`);

    people.juergen = await rosterMember('Jürgen', 'Müller', t.ids.ov);
    people.anna = await rosterMember('Anna', 'Mueller', t.ids.ov);
    people.otherMueller = await rosterMember('Berta', 'Müller', ovB);
    people.karl = await rosterMember('Karl', 'Muller', t.ids.ov);
    people.jose = await rosterMember('José', 'Álvarez', t.ids.ov);
    people.lukasz = await rosterMember('Łukasz', 'Nowak', t.ids.ov);
    people.zoe = await rosterMember('Zoë', 'Schön-Weiß', t.ids.ov);
    people.oezlem = await rosterMember('Özlem', 'Yılmaz', t.ids.ov);
    people.sami = await rosterMember('Sami', 'Samuelsen', t.ids.ov);
    people.percent = await rosterMember('Pro%zent', 'Unter_strich', t.ids.ov);

    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/units/${t.ids.ov}/rooms`,
      headers: { cookie: cookies.chair! },
      payload: { name: 'Wahlkampfteam', audience: 'invite' },
    });
    expect(created.statusCode).toBe(201);
    inviteRoom = created.json().id;
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/v1/units/${ovB}/rooms`,
      headers: { cookie: cookies.chairb! },
      payload: { name: 'Geheimrat Berg', audience: 'invite' },
    });
    roomB = other.json().id;
  });
  afterAll(() => t.close());

  const search = (roomId: number, q: string | undefined, who = 'chair') =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/rooms/${roomId}/invite-candidates${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`,
      headers: who ? { cookie: cookies[who]! } : {},
    });
  const found = async (q: string, roomId = inviteRoom) => {
    const response = await search(roomId, q);
    expect(response.statusCode).toBe(200);
    return (response.json().items as Candidate[]).map((c) => c.memberId);
  };

  it('answers 401 without a session', async () => {
    expect((await search(inviteRoom, 'mu', '')).statusCode).toBe(401);
  });

  it('answers 404 to members who do not manage the room, exactly like a missing room', async () => {
    const missing = await search(999_999, 'mu');
    expect(missing.statusCode).toBe(404);
    for (const [roomId, who] of [
      [inviteRoom, 'mitglied'],
      [inviteRoom, 'chairb'],
      [roomB, 'chair'],
    ] as const) {
      const response = await search(roomId, 'mu', who);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ ...missing.json(), instance: expect.any(String) });
    }
  });

  it('refuses rooms that are not invite-only, and a missing query', async () => {
    const rooms = await t.app.inject({ method: 'GET', url: '/api/v1/rooms', headers: { cookie: cookies.chair! } });
    const general = rooms.json().groups[0].rooms.find((r: { kind: string }) => r.kind === 'general').id;
    const notInvite = await search(general, 'mu');
    expect(notInvite.statusCode).toBe(409);
    expect(notInvite.json().code).toBe('room_not_invite_only');
    const noQuery = await search(inviteRoom, undefined);
    expect(noQuery.statusCode).toBe(422);
    expect(noQuery.headers['content-type']).toContain('application/problem+json');
    expect((await search(inviteRoom, 'x'.repeat(101))).statusCode).toBe(422);
  });

  it('finds nobody for fewer than two letters', async () => {
    for (const q of ['', ' ', 'm', ' M ', '-']) expect(await found(q)).toEqual([]);
  });

  it('matches the start of any name, ignoring case, accents and how umlauts are written', async () => {
    const müllers = [people.karl, people.anna, people.juergen].sort();
    for (const q of ['mül', 'MUEL', 'mul', 'Müller', 'mueller', 'MULLER']) {
      expect((await found(q)).sort(), q).toEqual(müllers);
    }
    expect(await found('jurg')).toEqual([people.juergen]);
    expect(await found('jürgen mü')).toEqual([people.juergen]);
    expect(await found('jose')).toEqual([people.jose]);
    expect(await found('ALVA')).toEqual([people.jose]);
    expect(await found('lukasz')).toEqual([people.lukasz]);
    expect(await found('Łuk')).toEqual([people.lukasz]);
    expect(await found('weiss')).toEqual([people.zoe]);
    expect(await found('schoen')).toEqual([people.zoe]);
    expect(await found('zoe')).toEqual([people.zoe]);
    expect(await found('yilm')).toEqual([people.oezlem]);
    expect(await found('ozl')).toEqual([people.oezlem]);
    // The start of a word, not the middle: "Samuelsen" is no "Müller".
    expect(await found('uel')).toEqual([]);
    expect(await found('sam')).toEqual([people.sami]);
  });

  it("finds only members of the room's unit, never elsewhere in the Land", async () => {
    expect(await found('berta')).toEqual([]);
    const invite = await t.app.inject({
      method: 'POST',
      url: `/api/v1/rooms/${inviteRoom}/invites`,
      headers: { cookie: cookies.chair! },
      payload: { memberIds: [people.otherMueller] },
    });
    expect(invite.statusCode).toBe(422);
  });

  it('takes % and _ literally', async () => {
    expect(await found('%%')).toEqual([]);
    expect(await found('__')).toEqual([]);
    expect(await found('pro%z')).toEqual([people.percent]);
    expect(await found('unter_')).toEqual([people.percent]);
  });

  it('shows a name and the Ortsverein, nothing else', async () => {
    const response = await search(inviteRoom, 'Jürgen');
    expect(response.json().items).toEqual([
      {
        memberId: people.juergen,
        displayName: 'Jürgen Müller',
        unit: { id: t.ids.ov, name: 'SPD Ortsverein Tal', type: 'ortsverein' },
        invited: false,
      },
    ]);
    expect(response.body).not.toContain('@example.org');
    expect(response.body).not.toContain('1980');
  });

  it('returns at most 20, sorted by last name', async () => {
    for (let i = 0; i < 25; i++) await rosterMember(`Vorname${String(i).padStart(2, '0')}`, 'Listenmann', t.ids.ov);
    await rosterMember('Aaron', 'Listenfeld', t.ids.ov);
    const items = (await search(inviteRoom, 'listen')).json().items as Candidate[];
    expect(items).toHaveLength(20);
    expect(items[0]!.displayName).toBe('Aaron Listenfeld');
    expect(items[1]!.displayName).toBe('Vorname00 Listenmann');
  });

  it('finds exactly the members the invite accepts, and marks who is invited', async () => {
    const statuses: MemberStatus[] = ['active', 'left', 'deleted'];
    const everyone: number[] = [];
    for (const [i, status] of statuses.entries()) {
      everyone.push(await rosterMember(`Gleich${i}`, 'Einig', t.ids.ov, status));
      everyone.push(await rosterMember(`Gleich${i}`, 'Einig', ovB, status));
    }
    everyone.push(await addMember(t.database, { unitId: t.ids.ov, email: 'gleich@example.org', number: '900' }));
    await t.database.db
      .updateTable('members')
      .set({ first_name: 'Gleich', last_name: 'Einig' })
      .where('id', '=', everyone.at(-1)!)
      .execute();

    const candidates = new Set(await found('einig'));
    for (const memberId of everyone) {
      const invite = await t.app.inject({
        method: 'POST',
        url: `/api/v1/rooms/${inviteRoom}/invites`,
        headers: { cookie: cookies.chair! },
        payload: { memberIds: [memberId] },
      });
      expect(invite.statusCode === 200, `member ${memberId}`).toBe(candidates.has(memberId));
      if (invite.statusCode !== 200) expect(invite.statusCode).toBe(422);
    }
    // The active ones of the room's Ortsverein; Ortsverein Berg's are members of another unit.
    expect(candidates.size).toBe(2);

    const after = (await search(inviteRoom, 'einig')).json().items as Candidate[];
    expect(after.map((c) => c.memberId).sort()).toEqual([...candidates].sort());
    expect(after.every((c) => c.invited)).toBe(true);
    const invites = await t.app.inject({
      method: 'GET',
      url: `/api/v1/rooms/${inviteRoom}/invites`,
      headers: { cookie: cookies.chair! },
    });
    expect(
      invites
        .json()
        .items.map((i: { memberId: number }) => i.memberId)
        .sort(),
    ).toEqual([...candidates].sort());
  });
});
