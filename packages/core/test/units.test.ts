import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units, ValidationError, NotFoundError, type Database } from '../src/index.ts';
import { isInside } from '../src/units/units.repository.ts';
import { databaseKinds } from './support/databases.ts';

describe.each(databaseKinds())('unit tree on $dialect', (kind) => {
  let database: Database;
  let lv: number, rz: number, kv: number, ovA: number, ovB: number, ag: number;

  beforeAll(async () => {
    database = await kind.open();
    const db = database.db;
    lv = (
      await units.createUnit(db, { type: 'landesverband', name: 'SPD Baden-Württemberg', code: 'LV', parentId: null })
    ).id;
    rz = (
      await units.createUnit(db, { type: 'regionalzentrum', name: 'Regionalzentrum Süd', code: 'RZ', parentId: lv })
    ).id;
    kv = (
      await units.createUnit(db, {
        type: 'kreisverband',
        name: 'SPD Kreisverband Tübingen',
        code: 'KV-TUE',
        parentId: rz,
      })
    ).id;
    ovA = (
      await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Tübingen', code: 'OV-A', parentId: kv })
    ).id;
    ovB = (
      await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Mössingen', code: 'OV-B', parentId: kv })
    ).id;
    ag = (
      await units.createUnit(db, {
        type: 'arbeitsgemeinschaft',
        name: 'Jusos Baden-Württemberg',
        code: 'AG',
        parentId: lv,
      })
    ).id;
  });
  afterAll(() => database.close());

  it('answers "is X inside Y" for every ancestor and nothing else', async () => {
    const db = database.db;
    for (const ancestor of [ovA, kv, rz, lv]) expect(await isInside(db, ovA, ancestor)).toBe(true);
    expect(await isInside(db, ovA, ovB)).toBe(false);
    expect(await isInside(db, ovA, ag)).toBe(false);
    expect(await isInside(db, lv, ovA)).toBe(false);
  });

  it('lists the ancestry root first, with depths', async () => {
    const path = await units.getAncestry(database.db, ovA);
    expect(path.map((u) => [u.code, u.depth])).toEqual([
      ['LV', 0],
      ['RZ', 1],
      ['KV-TUE', 2],
      ['OV-A', 3],
    ]);
  });

  it('lists children with their own child counts', async () => {
    const children = await units.listChildren(database.db, lv);
    expect(children.map((u) => [u.code, u.childCount])).toEqual([
      ['AG', 0],
      ['RZ', 1],
    ]);
    expect((await units.listChildren(database.db, null)).map((u) => u.code)).toEqual(['LV']);
  });

  it('finds units by name regardless of case and umlaut spelling', async () => {
    for (const q of ['mössingen', 'MOESSINGEN', 'Mössi']) {
      expect((await units.searchUnits(database.db, { q, limit: 10 })).map((u) => u.code)).toEqual(['OV-B']);
    }
    expect(await units.searchUnits(database.db, { q: '%', limit: 10 })).toEqual([]);
    const ovs = await units.searchUnits(database.db, { type: 'ortsverein', limit: 10 });
    expect(ovs.map((u) => u.code).sort()).toEqual(['OV-A', 'OV-B']);
  });

  it('refuses a unit whose type cannot stand below the parent, and a taken code', async () => {
    const db = database.db;
    await expect(units.createUnit(db, { type: 'ortsverein', name: 'x', code: 'X1', parentId: lv })).rejects.toThrow(
      ValidationError,
    );
    await expect(units.createUnit(db, { type: 'ortsverein', name: 'x', code: 'OV-A', parentId: kv })).rejects.toThrow(
      ValidationError,
    );
    await expect(
      units.createUnit(db, { type: 'ortsverein', name: 'x', code: 'X2', parentId: 999_999 }),
    ).rejects.toThrow(ValidationError);
    expect((await units.searchUnits(db, { q: 'x', limit: 10 })).filter((u) => u.name === 'x')).toEqual([]);
  });

  it('answers not found for a unit that does not exist', async () => {
    await expect(units.getUnit(database.db, 987_654)).rejects.toThrow(NotFoundError);
    await expect(units.getAncestry(database.db, 987_654)).rejects.toThrow(NotFoundError);
  });
});
