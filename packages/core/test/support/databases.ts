/**
 * Real databases for tests: an SQLite database in memory always, and a fresh PostgreSQL database
 * per test file when `TEST_DATABASE_URL` is set. With `CI=true` PostgreSQL is required, so a CI
 * run can never pass by quietly testing SQLite alone.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, withDefaultUser, type Database, type Dialect } from '../../src/index.ts';

export interface TestDatabaseKind {
  dialect: Dialect;
  /** Opens a new, empty, migrated database; `close()` also drops it. */
  open(options?: { migrate?: boolean }): Promise<Database>;
}

/** A client on the admin URL, as the operating-system user when the URL names none (as libpq does). */
function adminClient(url: string): pg.Client {
  return new pg.Client({ connectionString: withDefaultUser(url) });
}

function postgresUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true needs TEST_DATABASE_URL (PostgreSQL); refusing to test SQLite alone');
  }
  return url;
}

const sqlite: TestDatabaseKind = {
  dialect: 'sqlite',
  async open({ migrate = true } = {}) {
    const database = openDatabase(':memory:');
    if (migrate) await migrateToLatest(database);
    return database;
  },
};

const postgres: TestDatabaseKind = {
  dialect: 'postgres',
  async open({ migrate = true } = {}) {
    const created = (await createPostgresDatabase())!;
    const database = openDatabase(created.url, { poolSize: 5 });
    if (migrate) await migrateToLatest(database);
    return {
      ...database,
      async close() {
        await database.close();
        await created.drop();
      },
    };
  },
};

/** Every database kind this run tests on. Use with `describe.each(databaseKinds())`. */
export function databaseKinds(): TestDatabaseKind[] {
  const url = postgresUrl();
  return url ? [sqlite, postgres] : [sqlite];
}

/** The connection string of a fresh PostgreSQL database, for tests that start processes. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const adminUrl = postgresUrl();
  if (!adminUrl) return undefined;
  const name = `rn_test_${randomBytes(6).toString('hex')}`;
  const admin = adminClient(adminUrl);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(withDefaultUser(adminUrl));
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = adminClient(adminUrl);
      await dropper.connect();
      // A closed pool has said goodbye, but its backends may still be on their way out. Forcing
      // the drop now would terminate them, and their clients would report that as an uncaught
      // error: wait for them first (2 s at most; `force` ends whatever is still left).
      for (let i = 0; i < 100; i++) {
        const { rows } = await dropper.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
