/**
 * The moderation queue's list filter and the single check must never disagree: for every kind
 * of actor and every room, "appears in moderatedRoomIds" equals "canModerateRoom" on the room as
 * loaded for that actor. Archived rooms are gone for both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@rotes-netz/shared';
import {
  canModerateRoom,
  moderatedRoomIds,
  units,
  type Database,
  type PolicyActor,
  type RoomAudience,
} from '../src/index.ts';
import { loadPolicyRoom } from '../src/moderation/moderation.access.ts';
import { databaseKinds } from './support/databases.ts';

describe.each(databaseKinds())('the moderation list filter on $dialect', (kind) => {
  let database: Database;
  const ids: Record<string, number> = {};
  let roomIds: number[] = [];
  let archived: number;

  beforeAll(async () => {
    database = await kind.open();
    const db = database.db;
    const now = Date.now();
    ids.lv = (await units.createUnit(db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null })).id;
    ids.kv = (await units.createUnit(db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: ids.lv })).id;
    ids.a = (await units.createUnit(db, { type: 'ortsverein', name: 'A', code: 'A', parentId: ids.kv })).id;
    ids.b = (await units.createUnit(db, { type: 'ortsverein', name: 'B', code: 'B', parentId: ids.kv })).id;
    ids.ag = (await units.createUnit(db, { type: 'arbeitsgemeinschaft', name: 'AG', code: 'AG', parentId: ids.lv })).id;
    const member = await db
      .insertInto('members')
      .values({
        member_number: '1',
        first_name: 'Inge',
        last_name: 'Eingeladen',
        email: 'inge@example.org',
        unit_id: ids.b,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.invited = member.id;
    for (const unit of ['lv', 'kv', 'a', 'b', 'ag']) {
      for (const audience of ['unit', 'board', 'all', 'invite'] as RoomAudience[]) {
        const { id } = await db
          .insertInto('rooms')
          .values({
            unit_id: ids[unit]!,
            kind: 'custom',
            name: `${unit}-${audience}`,
            audience,
            created_at: now,
            updated_at: now,
            last_activity_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (audience === 'invite' && unit === 'a') {
          await db
            .insertInto('room_invites')
            .values({ room_id: id, member_id: ids.invited, created_at: now })
            .execute();
        }
      }
    }
    const room = await db.selectFrom('rooms').select('id').where('name', '=', 'a-unit').executeTakeFirstOrThrow();
    archived = room.id;
    await db.updateTable('rooms').set({ archived_at: now }).where('id', '=', archived).execute();
    roomIds = (await db.selectFrom('rooms').select('id').execute()).map((r) => r.id);
  });
  afterAll(() => database.close());

  /** An actor belonging to `units` and holding `roles` ([unit, role, depth]). */
  const actor = (memberId: number, memberOf: string[], roles: [string, Role, number][]): PolicyActor =>
    ({
      memberId,
      units: memberOf.map((u) => ({ id: ids[u]! })),
      roles: roles.map(([unit, role, depth]) => ({ unitId: ids[unit]!, role, unitDepth: depth })),
    }) as unknown as PolicyActor;

  const cases: [string, () => PolicyActor][] = [
    ['a plain member of A', () => actor(9001, ['a', 'kv', 'lv'], [])],
    ['a board member of A (boards do not moderate)', () => actor(9002, ['a', 'kv', 'lv'], [['a', 'board', 2]])],
    ['the moderator of A', () => actor(9003, ['a', 'kv', 'lv'], [['a', 'moderator', 2]])],
    ['the deputy chair of B', () => actor(9004, ['b', 'kv', 'lv'], [['b', 'deputy_chair', 2]])],
    ['the chair of the Kreisverband', () => actor(9005, ['a', 'kv', 'lv'], [['kv', 'chair', 1]])],
    ['a moderator of the Landesverband', () => actor(9006, ['b', 'kv', 'lv'], [['lv', 'moderator', 0]])],
    ['an LV admin', () => actor(9007, ['a', 'kv', 'lv'], [['lv', 'lv_admin', 0]])],
    ['a member of B invited into A', () => actor(ids.invited!, ['b', 'kv', 'lv'], [])],
    ['the moderator of the AG', () => actor(9008, ['ag', 'lv', 'a', 'kv'], [['ag', 'moderator', 1]])],
  ];

  it.each(cases)('agrees with canModerateRoom for %s', async (_name, make) => {
    const who = make();
    const listed = (await moderatedRoomIds(database.db, who).execute()).map((r) => r.id).sort((x, y) => x - y);
    const checked: number[] = [];
    for (const id of roomIds) {
      const room = await loadPolicyRoom(database.db, id, who.memberId);
      if (room && canModerateRoom(who, room)) checked.push(id);
    }
    expect(listed).toEqual(checked.sort((x, y) => x - y));
    expect(listed).not.toContain(archived);
  });

  it('lets the moderator of A moderate rooms of A only, and the chair of the Kreisverband A and B', async () => {
    const names = async (who: PolicyActor) =>
      (
        await database.db
          .selectFrom('rooms')
          .select('name')
          .where('id', 'in', moderatedRoomIds(database.db, who))
          .where('kind', '=', 'custom')
          .orderBy('name')
          .execute()
      ).map((r) => r.name);
    expect(await names(cases[2]![1]())).toEqual(['a-all']);
    expect(await names(cases[4]![1]())).toEqual([
      'a-all',
      'a-invite',
      'b-all',
      'b-invite',
      'kv-all',
      'kv-board',
      'kv-invite',
      'kv-unit',
    ]);
    expect(await names(cases[0]![1]())).toEqual([]);
  });
});
