import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, generalRoom, signIn, type TestApp } from './support/app.ts';

/**
 * The attack of issue 13, finding 4: a member walks `/members/{id}/profile` over sequential ids to
 * list the whole roster. Names are for members who share a unit, room or event with the viewer, or
 * who opened their profile to all; everything else answers like a member who does not exist.
 */
describe.each(databaseKinds())('whose names a member sees on $dialect', (kind) => {
  let t: TestApp;
  let far: string;
  let farId: number;
  let neighbour: number;
  let rosterOnly: number;
  let admin: string;

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    const db = t.database.db;
    const kv2 = (await units.createUnit(db, { type: 'kreisverband', name: 'KV Fern', code: 'KV2', parentId: t.ids.lv }))
      .id;
    const ovFar = (await units.createUnit(db, { type: 'ortsverein', name: 'OV Fern', code: 'OVF', parentId: kv2 })).id;
    farId = await addMember(t.database, { unitId: ovFar, email: 'fern@example.org', number: '302' });
    neighbour = await addMember(t.database, { unitId: t.ids.ov, email: 'nachbar@example.org', number: '301' });
    const now = Date.now();
    // A member in the roster without an account.
    rosterOnly = (
      await db
        .insertInto('members')
        .values({
          member_number: '303',
          first_name: 'Rosa',
          last_name: 'Roster',
          unit_id: t.ids.ov,
          status: 'active',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    [far, admin] = await Promise.all([signIn(t.app, 'fern@example.org'), signIn(t.app, 'admin@example.org')]);
  });
  afterAll(() => t.close());

  const get = (url: string, cookie: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });

  const withoutInstance = (body: Record<string, unknown>) => ({ ...body, instance: undefined });

  it('answers a member of another Kreisverband 404 for every id, exactly like one that does not exist', async () => {
    const missing = await get('/members/999999/profile', far);
    expect(missing.statusCode).toBe(404);
    for (const id of [t.ids.member, t.ids.admin, neighbour, rosterOnly]) {
      const response = await get(`/members/${id}/profile`, far);
      expect(response.statusCode).toBe(404);
      expect(withoutInstance(response.json())).toEqual(withoutInstance(missing.json()));
      expect(response.body).not.toContain('Roster');
    }
    expect((await get(`/members/${neighbour}/photo`, far)).statusCode).toBe(404);
  });

  it('shows the names of the own Ortsverein, oneself, and everyone to the LV admin', async () => {
    const member = await signIn(t.app, 'mitglied@example.org');
    expect((await get(`/members/${rosterOnly}/profile`, member)).json().name).toBe('Rosa Roster');
    expect((await get(`/members/${farId}/profile`, far)).statusCode).toBe(200);
    expect((await get(`/members/${farId}/profile`, member)).statusCode).toBe(404);
    expect((await get(`/members/${rosterOnly}/profile`, admin)).statusCode).toBe(200);
  });

  it('shows a name once the member wrote in a room the viewer sees', async () => {
    const nachbar = await signIn(t.app, 'nachbar@example.org');
    expect((await get(`/members/${neighbour}/profile`, far)).statusCode).toBe(404);
    const room = await generalRoom(t.database.db, t.ids.lv);
    const thread = await t.app.inject({
      method: 'POST',
      url: `/api/v1/rooms/${room}/threads`,
      headers: { cookie: nachbar },
      payload: { title: 'Radwege', body: 'Wer macht mit?' },
    });
    expect(thread.statusCode, thread.body).toBe(201);
    expect((await get(`/members/${neighbour}/profile`, far)).json().name).toBe('Erika nachbar');
  });

  it('offers for mentioning in a Land-wide room only the names the viewer may see', async () => {
    const room = await generalRoom(t.database.db, t.ids.lv);
    const response = await get(`/rooms/${room}/mentionable?q=`, far);
    expect(response.statusCode).toBe(200);
    const names = response.json().items.map((i: { displayName: string }) => i.displayName);
    expect(names).not.toContain('Rosa Roster');
    expect(names).not.toContain('Erika mitglied');
    expect(names).toContain('Erika nachbar');
  });
});
