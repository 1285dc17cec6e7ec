/**
 * Applies migrations and guards against running old code on a newer database.
 */
import { Migrator, type MigrationProvider, type Migration } from 'kysely';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';
import { DomainError } from '../errors.ts';

const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => migrations,
};

function migrator(database: Database): Migrator {
  return new Migrator({ db: database.db, provider });
}

/** The newest migration this code knows. */
export const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1) ?? '';

export interface MigrationReport {
  applied: string[];
  current: string;
}

/** Applies every pending migration; a failure rolls back the failing one and throws. */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  await assertNotNewerThanCode(database);
  const { error, results } = await migrator(database).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, current: LATEST_MIGRATION };
}

/** Names of migrations recorded in the database, oldest first. */
export async function appliedMigrations(database: Database): Promise<string[]> {
  const all = await migrator(database).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/** Thrown when the database was migrated by newer code than this. */
export class SchemaTooNewError extends DomainError {
  constructor(readonly unknown: string[]) {
    super('internal', `database has migrations this code does not know: ${unknown.join(', ')}`);
  }
}

/** Thrown when migrations are pending and the caller needs them applied. */
export class SchemaOutdatedError extends DomainError {
  constructor(readonly pending: string[]) {
    super('internal', `database needs migrations: ${pending.join(', ')}; run "rotes-netz migrate"`);
  }
}

/** Refuses a database that has migrations this code does not know. */
export async function assertNotNewerThanCode(database: Database): Promise<void> {
  const known = new Set(Object.keys(migrations));
  const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return;
  const rows = await database.db
    .selectFrom('kysely_migration' as never)
    .select('name' as never)
    .execute();
  const unknown = (rows as { name: string }[]).map((r) => r.name).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
}

/** Refuses a database that is newer than the code or still needs migrations. */
export async function assertSchemaCurrent(database: Database): Promise<void> {
  await assertNotNewerThanCode(database);
  const applied = new Set(await appliedMigrations(database));
  const pending = Object.keys(migrations).filter((n) => !applied.has(n));
  if (pending.length > 0) throw new SchemaOutdatedError(pending);
}
