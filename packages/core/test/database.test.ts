import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { fromJson, toBool, toJson, type Database } from '../src/index.ts';
import { databaseKinds } from './support/databases.ts';

describe.each(databaseKinds())('dialect differences on $dialect', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(() => database.close());

  it('binds booleans and reads them back as booleans', async () => {
    const { rows } = await sql<{
      t: unknown;
      f: unknown;
    }>`select cast(${true} as boolean) as t, cast(${false} as boolean) as f`.execute(database.db);
    expect([toBool(rows[0]!.t), toBool(rows[0]!.f)]).toEqual([true, false]);
  });

  it('returns counts, sums and bigint timestamps as numbers', async () => {
    const big = Date.UTC(2099, 11, 31, 23, 59, 59, 999);
    await database.db
      .insertInto('rate_limits')
      .values([
        { key: 'a', count: 2, reset_at: big },
        { key: 'b', count: 3, reset_at: big },
      ])
      .execute();
    const row = await database.db
      .selectFrom('rate_limits')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('count').as('total'), eb.fn.max('reset_at').as('latest')])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ n: 2, total: 5, latest: big });
  });

  it('stores JSON and reads the same value back', async () => {
    const value = { street: 'Wilhelmsplatz 10', tags: ['ä', 'ß'], nested: { n: 1, ok: true } };
    const { id } = await database.db
      .insertInto('jobs')
      .values({
        kind: 'x',
        payload: toJson(value),
        status: 'done',
        run_at: 0,
        attempts: 0,
        max_attempts: 1,
        created_at: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await database.db.selectFrom('jobs').select('payload').where('id', '=', id).executeTakeFirstOrThrow();
    expect(fromJson(row.payload)).toEqual(value);
  });
});
