/**
 * One database handle for both dialects. `DATABASE_URL` chooses: `postgres://…` gives PostgreSQL,
 * anything else (`sqlite:./data/x.db`, a plain path, `:memory:`) gives an SQLite file in WAL mode
 * with foreign keys on. The dialect differences are handled here once:
 * - ids and counts: PostgreSQL returns int8 and numeric as strings; we parse them to numbers
 *   (ids stay far below 2^53);
 * - booleans: SQLite has none; its statements bind `true`/`false` as 1/0 and {@link toBool}
 *   reads either back;
 * - timestamps: stored as epoch milliseconds (`bigint`) in both, so comparisons, ordering and
 *   arithmetic are the same SQL everywhere;
 * - JSON: `jsonb` on PostgreSQL, text on SQLite; {@link toJson}/{@link fromJson} convert.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { DB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Where the data lives, without credentials, for logs. */
  location: string;
  /** PostgreSQL only: the pool's connections and the clients waiting for one, for metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/**
 * better-sqlite3 in the major that works on the running Node: 12 on Node 20 (13 crashes there),
 * 13 (Node-API, prebuilt) from Node 22 on, because 12's statements abort the process on Node 24
 * when the garbage collector finalises them (`RemoveEnvironmentCleanupHook: (env) != nullptr`).
 * Both are installed; 13 under the alias `better-sqlite3-napi`.
 */
const SqliteDatabase: typeof BetterSqlite3 = createRequire(import.meta.url)(
  Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3',
);

// int8 (counts, bigint ids, epoch ms) and numeric (sums, averages) as JS numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));

/**
 * The connection string with the operating-system user filled in when it names none, as libpq
 * does; node-pg would otherwise read only $USER, which containers often lack.
 */
export function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.PGUSER || os.userInfo().username;
  return parsed.toString();
}

/** Whether a connection string names PostgreSQL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The SQLite file a `DATABASE_URL` names (`sqlite:path`, `file:path`, a path, or `:memory:`). */
export function sqlitePath(url: string): string {
  return url.replace(/^(sqlite|file):(\/\/)?/, '');
}

export interface OpenOptions {
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

/** Opens the database a connection string names. */
export function openDatabase(url: string, options: OpenOptions = {}): Database {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: withDefaultUser(url), max: options.poolSize ?? 20 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const parsed = new URL(url);
    return {
      db,
      dialect: 'postgres',
      location: `postgres://${parsed.host}${parsed.pathname}`,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: () => db.destroy(),
    };
  }
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { db, dialect: 'sqlite', location: `sqlite:${file}`, close: () => db.destroy() };
}

/**
 * Copies an SQLite database page by page with SQLite's online backup API: a consistent snapshot
 * even while other connections write (WAL: they are not blocked). All pages go in one step, since
 * a write by another connection between steps would restart a stepwise copy. Used for backups
 * (live file to backup file) and restores (backup file to the stopped instance's file); the
 * source must be an SQLite database with this app's migrations, or nothing is written.
 */
export async function copySqliteDatabase(from: string, to: string): Promise<void> {
  const source = new SqliteDatabase(from, { readonly: true, fileMustExist: true });
  try {
    const check = source.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${from} is damaged: ${String(check)}`);
    const migrations = source
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get() as { n: number };
    if (migrations.n !== 1) throw new Error(`${from} is not a Rotes Netz database`);
    fs.mkdirSync(path.dirname(path.resolve(to)), { recursive: true });
    await source.backup(to, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing is a good part of a simple query's cost. The app
 * builds a few hundred distinct SQL texts at most, so prepared statements are kept by text. A
 * better-sqlite3 statement may be run again as soon as the previous run returned (runs are
 * synchronous); only an unfinished `iterate()` would block it, and streaming queries are not used.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        statement = withBooleanParameters(sqlite.prepare(text));
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

/** SQLite stores booleans as 1/0 and better-sqlite3 refuses to bind `true`/`false`: map them. */
function withBooleanParameters(statement: BetterSqlite3.Statement): SqliteStatement {
  const map = (parameters: ReadonlyArray<unknown>) => parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(...map(parameters)),
    run: (parameters) => statement.run(...map(parameters)),
    iterate: (parameters) => statement.iterate(...map(parameters)),
  };
}

/** Reads a boolean column of either dialect. */
export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** Serialises a value for a JSON column of either dialect. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Reads a JSON column of either dialect (PostgreSQL parses jsonb, SQLite returns text). */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Epoch milliseconds, the one timestamp representation in the database. */
export function nowMs(): number {
  return Date.now();
}

/** Epoch milliseconds as an ISO-8601 string for the API. */
export function isoFromMs(ms: number): string;
export function isoFromMs(ms: number | null): string | null;
export function isoFromMs(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Whether a database error is a unique (or primary key) violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
