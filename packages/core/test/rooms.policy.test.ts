/**
 * The room policy three ways — the single check (`canSeeRoom`), the actor's list filter
 * (`visibleRoomIds`) and the room's audience (`memberIdsWhoCanSee`, used for notifications and
 * mentions) — must agree for every member and every room; and the room list groups what it shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@rotes-netz/shared';
import {
  ancestorIdsOfUnit,
  canSeeRoom,
  listRooms,
  loadActor,
  memberIdsWhoCanSee,
  units,
  visibleRoomIds,
  type Actor,
  type Database,
} from '../src/index.ts';
import { databaseKinds } from './support/databases.ts';

describe.each(databaseKinds())('the room policy on $dialect', (kind) => {
  let database: Database;
  const ids: Record<string, number> = {};
  const actors: Record<string, Actor> = {};
  let rooms: { id: number; unit_id: number; audience: 'unit' | 'board' | 'all' | 'invite'; name: string }[];

  async function member(name: string, unit: string, roles: [string, Role][] = [], agUnits: string[] = []) {
    const db = database.db;
    const now = Date.now();
    const { id } = await db
      .insertInto('members')
      .values({
        member_number: String(100 + Object.keys(actors).length),
        first_name: 'Erika',
        last_name: name,
        email: `${name}@example.org`,
        unit_id: ids[unit]!,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const account = await db
      .insertInto('accounts')
      .values({
        member_id: id,
        email: `${name}@example.org`,
        password_hash: 'x',
        locale: 'de',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [u, role] of roles) {
      await db
        .insertInto('member_roles')
        .values({ member_id: id, unit_id: ids[u]!, role, source: 'app', created_at: now })
        .execute();
    }
    for (const u of agUnits) await db.insertInto('member_units').values({ member_id: id, unit_id: ids[u]! }).execute();
    ids[name] = id;
    actors[name] = (await loadActor(db, account.id))!;
  }

  beforeAll(async () => {
    database = await kind.open();
    const db = database.db;
    const unit = async (
      key: string,
      type: 'landesverband' | 'kreisverband' | 'ortsverein' | 'arbeitsgemeinschaft',
      parent?: string,
    ) => {
      ids[key] = (
        await units.createUnit(db, { type, name: key, code: key, parentId: parent ? ids[parent]! : null })
      ).id;
    };
    await unit('LV', 'landesverband');
    await unit('KV', 'kreisverband', 'LV');
    await unit('A', 'ortsverein', 'KV');
    await unit('B', 'ortsverein', 'KV');
    await unit('AG', 'arbeitsgemeinschaft', 'LV');
    await member('plainA', 'A');
    await member('boardA', 'A', [['A', 'board']]);
    await member('chairKV', 'A', [['KV', 'chair']]);
    await member('plainB', 'B');
    await member('agB', 'B', [], ['AG']);
    await member('admin', 'B', [['LV', 'lv_admin']]);
    await member('moderatorLV', 'B', [['LV', 'moderator']]);
    const now = Date.now();
    const custom = async (name: string, unitKey: string, audience: 'all' | 'invite') =>
      (
        await db
          .insertInto('rooms')
          .values({
            unit_id: ids[unitKey]!,
            kind: 'custom',
            name,
            audience,
            created_at: now,
            updated_at: now,
            last_activity_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await custom('Offen B', 'B', 'all');
    const invite = await custom('Geheim A', 'A', 'invite');
    await db
      .insertInto('room_invites')
      .values({ room_id: invite, member_id: ids.plainB!, invited_by: null, created_at: now })
      .execute();
    rooms = await db.selectFrom('rooms').select(['id', 'unit_id', 'audience', 'name']).orderBy('id').execute();
  });
  afterAll(() => database.close());

  const unitName = (id: number) => Object.entries(ids).find(([, v]) => v === id)![0];
  const label = (r: (typeof rooms)[number]) => `${unitName(r.unit_id)}:${r.name}`;

  async function decisions(who: string) {
    const actor = actors[who]!;
    const visible = new Set(
      (
        await database.db
          .selectFrom('rooms')
          .select('id')
          .where('id', 'in', visibleRoomIds(database.db, actor))
          .execute()
      ).map((r) => r.id),
    );
    const result: string[] = [];
    for (const room of rooms) {
      const invited = await database.db
        .selectFrom('room_invites')
        .select('member_id')
        .where('room_id', '=', room.id)
        .where('member_id', '=', actor.memberId)
        .executeTakeFirst();
      const policy = {
        id: room.id,
        unitId: room.unit_id,
        audience: room.audience,
        unitAncestorIds: await ancestorIdsOfUnit(database.db, room.unit_id),
        invited: invited !== undefined,
      };
      const audience = await memberIdsWhoCanSee(database.db, policy).where('wm.id', '=', actor.memberId).execute();
      const single = canSeeRoom(actor, policy);
      expect(visible.has(room.id), `${who} list vs check for ${label(room)}`).toBe(single);
      expect(audience.length === 1, `${who} audience vs check for ${label(room)}`).toBe(single);
      if (single) result.push(label(room));
    }
    return result;
  }

  it('shows a plain member of A the unit rooms of A, KV and LV and open rooms, never the board rooms or B', async () => {
    expect(await decisions('plainA')).toEqual(['LV:Allgemein', 'KV:Allgemein', 'A:Allgemein', 'B:Offen B']);
  });

  it('adds the board room of A for its board', async () => {
    expect(await decisions('boardA')).toContain('A:Vorstand');
    expect(await decisions('boardA')).not.toContain('KV:Vorstand');
  });

  it('shows invite rooms to the invited and to the chair above, not to the rest', async () => {
    expect(await decisions('plainB')).toContain('A:Geheim A');
    expect(await decisions('chairKV')).toEqual(expect.arrayContaining(['A:Geheim A', 'KV:Vorstand']));
    expect(await decisions('agB')).not.toContain('A:Geheim A');
  });

  it('shows AG members their AG’s room, and the LV admin invite rooms everywhere', async () => {
    expect(await decisions('agB')).toContain('AG:Allgemein');
    expect(await decisions('plainB')).not.toContain('AG:Allgemein');
    expect(await decisions('admin')).toContain('A:Geheim A');
  });

  it('agrees for every member, including LV admins and moderators', async () => {
    for (const who of Object.keys(actors)) await decisions(who);
  });

  it('groups the room list: Ortsverein, Kreisverband, Landesverband, then AGs', async () => {
    const list = await listRooms(database.db, actors.agB!);
    expect(list.groups.map((g) => g.unit.name)).toEqual(['B', 'KV', 'LV', 'AG']);
    expect(list.groups[0]!.rooms.map((r) => r.name)).toEqual(['Allgemein', 'Offen B']);
  });
});
