/**
 * Column types that differ between the dialects, for migrations only. Migrations import nothing
 * else of the application, so they keep running identically as the code around them changes.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on Kysely<any> by design */
import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Column types by dialect: id references, epoch-ms timestamps, booleans and JSON. */
export function columnTypes(db: Kysely<any>) {
  const pg = isPostgres(db);
  return {
    ref: pg ? ('bigint' as const) : ('integer' as const),
    ms: 'bigint' as const,
    bool: pg ? ('boolean' as const) : ('integer' as const),
    json: pg ? ('jsonb' as const) : ('text' as const),
  };
}

/** For `createTable(…).$call(withId(db))`: an auto-generated primary key `id`. */
export function withId(db: Kysely<any>) {
  const pg = isPostgres(db);
  return <T extends string>(table: CreateTableBuilder<T, any>) =>
    pg
      ? table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
