import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  appliedMigrations,
  assertSchemaCurrent,
  LATEST_MIGRATION,
  migrateToLatest,
  SchemaOutdatedError,
  SchemaTooNewError,
} from '../src/index.ts';
import { migrations } from '../src/db/migrations/index.ts';
import { databaseKinds } from './support/databases.ts';

describe.each(databaseKinds())('migrations on $dialect', (kind) => {
  it('apply to an empty database, then report nothing pending', async () => {
    const database = await kind.open({ migrate: false });
    try {
      await expect(assertSchemaCurrent(database)).rejects.toThrow(SchemaOutdatedError);
      const first = await migrateToLatest(database);
      expect(first.applied).toEqual(Object.keys(migrations));
      expect(first.applied.at(-1)).toBe(LATEST_MIGRATION);
      expect((await migrateToLatest(database)).applied).toEqual([]);
      await assertSchemaCurrent(database);
      expect(await appliedMigrations(database)).toEqual(Object.keys(migrations));
    } finally {
      await database.close();
    }
  });

  it('refuses a database migrated by newer code', async () => {
    const database = await kind.open();
    try {
      await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00Z')`.execute(
        database.db,
      );
      await expect(assertSchemaCurrent(database)).rejects.toThrow(SchemaTooNewError);
      await expect(migrateToLatest(database)).rejects.toThrow(/9999_from_the_future/);
    } finally {
      await database.close();
    }
  });

  it('enforces the constraints the code relies on', async () => {
    const database = await kind.open();
    const now = Date.now();
    try {
      const unit = (type: string, code: string, parent: number | null) =>
        database.db
          .insertInto('units')
          .values({
            type: type as 'ortsverein',
            name: code,
            search_name: code,
            code,
            parent_id: parent,
            depth: 0,
            created_at: now,
            updated_at: now,
          })
          .execute();
      await unit('landesverband', 'A', null);
      await expect(unit('landesverband', 'A', null)).rejects.toThrow();
      await expect(unit('partei', 'B', null)).rejects.toThrow();
      await expect(unit('ortsverein', 'C', 424242)).rejects.toThrow();
    } finally {
      await database.close();
    }
  });
});
