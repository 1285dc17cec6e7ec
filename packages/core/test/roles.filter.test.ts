import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@rotes-netz/shared';
import { administeredUnitIds, units, type Actor, type Database } from '../src/index.ts';
import { databaseKinds } from './support/databases.ts';

describe.each(databaseKinds())('the roles list filter on $dialect', (kind) => {
  let database: Database;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await kind.open();
    const db = database.db;
    ids.lv = (await units.createUnit(db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null })).id;
    ids.kv = (await units.createUnit(db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: ids.lv })).id;
    ids.a = (await units.createUnit(db, { type: 'ortsverein', name: 'A', code: 'A', parentId: ids.kv })).id;
    ids.b = (await units.createUnit(db, { type: 'ortsverein', name: 'B', code: 'B', parentId: ids.kv })).id;
  });
  afterAll(() => database.close());

  const actor = (roles: [string, Role, number][]): Pick<Actor, 'roles'> => ({
    roles: roles.map(([unit, role, depth]) => ({ unitId: ids[unit]!, role, unitDepth: depth })),
  });
  const administered = async (who: Pick<Actor, 'roles'>) =>
    (
      await database.db
        .selectFrom('units')
        .select('name')
        .where('id', 'in', administeredUnitIds(database.db, who))
        .orderBy('name')
        .execute()
    ).map((u) => u.name);

  it('gives a plain member nothing', async () => {
    expect(await administered(actor([]))).toEqual([]);
  });

  it('gives the chair of A only A, never B or the Kreisverband', async () => {
    expect(await administered(actor([['a', 'chair', 2]]))).toEqual(['A']);
  });

  it('gives the chair of the Kreisverband everything below it', async () => {
    expect(await administered(actor([['kv', 'chair', 1]]))).toEqual(['A', 'B', 'KV']);
  });

  it('gives a board member who is not chair nothing to administer', async () => {
    expect(await administered(actor([['a', 'board', 2]]))).toEqual([]);
  });

  it('gives an LV admin every unit', async () => {
    expect(await administered(actor([['lv', 'lv_admin', 0]]))).toEqual(['A', 'B', 'KV', 'LV']);
  });
});
