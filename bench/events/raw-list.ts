/**
 * The baseline of the events list: the statements `listEvents` sends (the visible-ids list query,
 * `loadEvents`' two reads, `presentSummaries`' counts and own registrations), run by hand with
 * better-sqlite3 or `pg`, each prepared once, and the rows joined into one object per event. No
 * query builder, no policy objects, no presenter.
 *
 * The statements are not copied by hand: `captureListStatements` runs `listEvents` once through a
 * logging Kysely and keeps the SQL it sent, with the positions of the page's ids and the cursor
 * in the parameters. The raw side then sends the same texts with its own ids and cursor, and the
 * runner checks that both sides return the same events, page by page, before it measures.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { listEvents, type Actor, type DB } from '@rotes-netz/core';

/** The app's SQLite driver in the major that runs on this Node (see core's database.ts). */
const SqliteDatabase: typeof BetterSqlite3 = createRequire(import.meta.url)(
  Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3',
);

type Param = { constant: unknown } | { pageId: number } | { cursor: 'start' | 'id' };

interface Statement {
  sql: string;
  params: Param[];
}

/** The statements of one page: `first` without a cursor, `next` with one. */
export interface ListStatements {
  first: Statement[];
  next: Statement[];
  limit: number;
}

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

function logging(url: string, into: Captured[]): { db: Kysely<DB>; close(): Promise<void> } {
  const log = (event: { level: string; query: { sql: string; parameters: readonly unknown[] } }) => {
    if (event.level === 'query') into.push({ sql: event.query.sql, parameters: event.query.parameters });
  };
  const dialect = /^postgres(ql)?:\/\//.test(url)
    ? new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) })
    : new SqliteDialect({
        database: new SqliteDatabase(url.replace(/^(sqlite|file):(\/\/)?/, ''), { readonly: true }),
      });
  const db = new Kysely<DB>({ dialect, log });
  return { db, close: () => db.destroy() };
}

/** Where `run` occurs in `values` as a contiguous run, or -1. */
function indexOfRun(values: readonly unknown[], run: readonly unknown[], from = 0): number {
  outer: for (let i = from; i + run.length <= values.length; i++) {
    for (let j = 0; j < run.length; j++) if (values[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}

function template(captured: Captured, pageIds: number[], cursor?: [number, number]): Statement {
  const params: Param[] = captured.parameters.map((constant) => ({ constant }));
  // The page's ids: every contiguous run of them, in order (`in (…)` lists).
  if (pageIds.length > 0) {
    for (let at = indexOfRun(captured.parameters, pageIds); at >= 0;) {
      pageIds.forEach((_, k) => (params[at + k] = { pageId: k }));
      at = indexOfRun(captured.parameters, pageIds, at + pageIds.length);
    }
  }
  // The cursor: `starts_at > ? or (starts_at = ? and id > ?)`, the last such triple.
  if (cursor) {
    const triple = [cursor[0], cursor[0], cursor[1]];
    let at = -1;
    for (let i = indexOfRun(captured.parameters, triple); i >= 0; i = indexOfRun(captured.parameters, triple, i + 1))
      at = i;
    if (at < 0) throw new Error('raw list: the cursor is not among the list query parameters');
    params[at] = { cursor: 'start' };
    params[at + 1] = { cursor: 'start' };
    params[at + 2] = { cursor: 'id' };
  }
  return { sql: captured.sql, params };
}

/** The statement shape the raw list knows: the list, events, roles, then counts and own together. */
const EXPECTED_STATEMENTS = 5;

/** Runs `listEvents` twice (first page, second page) through a logging Kysely and keeps its SQL. */
export async function captureListStatements(url: string, actor: Actor, limit: number): Promise<ListStatements> {
  const captured: Captured[] = [];
  const { db, close } = logging(url, captured);
  try {
    const first = await listEvents(db, actor, { limit });
    const firstStatements = captured.splice(0);
    if (!first.nextCursor) throw new Error('raw list: need at least two pages to capture the cursor query');
    const second = await listEvents(db, actor, { limit, cursor: first.nextCursor });
    const nextStatements = captured.splice(0);
    for (const list of [firstStatements, nextStatements]) {
      if (list.length !== EXPECTED_STATEMENTS) {
        throw new Error(
          `raw list: listEvents sent ${list.length} statements, not ${EXPECTED_STATEMENTS}; update bench/events/raw-list.ts`,
        );
      }
    }
    const cursor = first.nextCursor.split('_').map(Number) as [number, number];
    return {
      first: firstStatements.map((c, i) => template(c, i === 0 ? [] : first.items.map((e) => e.id))),
      next: nextStatements.map((c, i) =>
        template(c, i === 0 ? [] : second.items.map((e) => e.id), i === 0 ? cursor : undefined),
      ),
      limit,
    };
  } finally {
    await close();
  }
}

type Row = Record<string, unknown>;

/** One event of a raw page: the event row with its unit, series, roles, counts and own registration. */
export interface RawEvent {
  row: Row;
  roles: Row[];
  counts: Row[];
  own: Row | undefined;
}

export interface RawList {
  /** One page: the first without a cursor. */
  page(cursor?: [number, number]): Promise<{ items: RawEvent[]; nextCursor: [number, number] | null }>;
  close(): Promise<void>;
}

type Run = (index: number, statement: Statement, values: unknown[]) => Promise<Row[]>;

function sqliteRunner(file: string, statements: Statement[]): { run: Run; close(): Promise<void> } {
  const db = new SqliteDatabase(file, { readonly: true });
  const prepared = statements.map((s) => db.prepare(s.sql));
  return {
    // better-sqlite3 binds no booleans; the app's driver wrapper sends them as 1 and 0.
    run: async (i, _s, values) =>
      prepared[i]!.all(...values.map((v) => (typeof v === 'boolean' ? Number(v) : v))) as Row[],
    close: async () => {
      db.close();
    },
  };
}

function postgresRunner(url: string): { run: Run; close(): Promise<void> } {
  const int8 = (value: string) => Number.parseInt(value, 10);
  const pool = new pg.Pool({
    connectionString: url,
    // The app's pool size; bigint counts as numbers, as the app reads them.
    max: 20,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8 ? int8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  return {
    // A named query is parsed and planned once per connection, then only bound and executed.
    run: async (i, s, values) => (await pool.query({ name: `rn_bench_list_${i}`, text: s.sql, values })).rows as Row[],
    close: () => pool.end(),
  };
}

/** Opens the raw list on the benchmark database. */
export function openRawList(url: string, statements: ListStatements): RawList {
  const all = [...statements.first, ...statements.next];
  const runner = /^postgres(ql)?:\/\//.test(url)
    ? postgresRunner(url)
    : sqliteRunner(url.replace(/^(sqlite|file):(\/\/)?/, ''), all);
  const offset = statements.first.length;
  const bind = (s: Statement, ids: number[], cursor?: [number, number]) =>
    s.params.map((p) => {
      if ('constant' in p) return p.constant;
      if ('pageId' in p) return ids[p.pageId];
      return p.cursor === 'start' ? cursor![0] : cursor![1];
    });
  return {
    async page(cursor) {
      const list = cursor ? statements.next : statements.first;
      const base = cursor ? offset : 0;
      const [listing, events, roles, counts, own] = list as [Statement, Statement, Statement, Statement, Statement];
      const rows = await runner.run(base, listing, bind(listing, [], cursor));
      const page = rows.slice(0, statements.limit);
      const ids = page.map((r) => Number(r.id));
      if (ids.length === 0) return { items: [], nextCursor: null };
      if (ids.length !== statements.limit) {
        throw new Error('raw list: a short page needs other statements; choose a multiple of the page size');
      }
      const eventRows = await runner.run(base + 1, events, bind(events, ids));
      const roleRows = await runner.run(base + 2, roles, bind(roles, ids));
      const [countRows, ownRows] = await Promise.all([
        runner.run(base + 3, counts, bind(counts, ids)),
        runner.run(base + 4, own, bind(own, ids)),
      ]);
      const byId = new Map<number, RawEvent>();
      for (const row of eventRows) byId.set(Number(row.id), { row, roles: [], counts: [], own: undefined });
      for (const r of roleRows) byId.get(Number(r.event_id))?.roles.push(r);
      for (const c of countRows) byId.get(Number(c.event_id))?.counts.push(c);
      for (const o of ownRows) {
        const event = byId.get(Number(o.event_id));
        if (event) event.own = o;
      }
      const items = ids.map((id) => byId.get(id)!).filter(Boolean);
      const last = page.at(-1)!;
      return {
        items,
        nextCursor: rows.length > statements.limit ? [Number(last.starts_at), Number(last.id)] : null,
      };
    },
    close: () => runner.close(),
  };
}
