import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../src/index.ts';
import { prepared } from '../src/db/prepared.ts';
import { databaseKinds } from './support/databases.ts';

const byKeys = prepared((db, keys: string[], limit: number) =>
  db.selectFrom('rate_limits').select(['key', 'count']).where('key', 'in', keys).orderBy('key').limit(limit),
);
const byCountAndKey = prepared((db, count: number, key: string) =>
  db
    .selectFrom('rate_limits')
    .select(['key', sql<number>`count + ${count}`.as('plus')])
    .where('key', '=', key),
);

describe.each(databaseKinds())('prepared queries on $dialect', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.open();
    await database.db
      .insertInto('rate_limits')
      .values(['a', 'b', 'c', 'd'].map((key, i) => ({ key, count: i + 1, reset_at: 1 })))
      .execute();
  });
  afterAll(() => database.close());

  it('answers like the query built afresh, for each argument and list length', async () => {
    for (const [keys, limit] of [
      [['a', 'c'], 5],
      [['b', 'c', 'd'], 2],
      [['d'], 5],
      [['a', 'b'], 1],
    ] as const) {
      const fresh = await database.db
        .selectFrom('rate_limits')
        .select(['key', 'count'])
        .where('key', 'in', keys)
        .orderBy('key')
        .limit(limit)
        .execute();
      expect(await byKeys.all(database.db, [...keys], limit)).toEqual(fresh);
    }
    expect(await byCountAndKey.first(database.db, 10, 'c')).toEqual({ key: 'c', plus: 13 });
    expect(await byCountAndKey.first(database.db, 10, 'zz')).toBeUndefined();
  });

  it('compiles once per shape and fills in only the values', () => {
    const one = byKeys.compile(database.db, ['a', 'b'], 3);
    const two = byKeys.compile(database.db, ['c', 'd'], 7);
    expect(two.sql).toBe(one.sql);
    expect(two.parameters).toEqual(['c', 'd', 7]);
    expect(byKeys.compile(database.db, ['a'], 3).sql).not.toBe(one.sql);
  });

  it('runs inside a transaction and sees its uncommitted rows', async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('rate_limits').values({ key: 'tx', count: 5, reset_at: 1 }).execute();
        expect(await byCountAndKey.first(trx, 1, 'tx')).toEqual({ key: 'tx', plus: 6 });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await byCountAndKey.first(database.db, 1, 'tx')).toBeUndefined();
  });

  it('refuses a builder that does not pass an argument in as a value', () => {
    const wrong = prepared((db, key: string, skip: boolean) =>
      db
        .selectFrom('rate_limits')
        .select('key')
        .where('key', '=', key)
        .$if(skip === true, (q) => q.limit(1)),
    );
    expect(() => wrong.compile(database.db, 'a', true)).toThrow(/as a value/);
  });
});
