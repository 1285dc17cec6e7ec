/**
 * The reads behind the app's benchmark scenarios, written by hand: the same SQL the app's Kysely
 * repositories send (`units.repository.ts`, `sessions.ts`, `actor.ts`), run directly with
 * better-sqlite3 or `pg`. No query builder, no validation, no authorization — this is the floor the
 * app is measured against. Keep it in step with those files when they change.
 */
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

/** `selectUnits` in units.repository.ts: every column of the unit and its number of children. */
const UNIT_COLUMNS = `select "u".*, (select count(*) as "n" from "units" as "c" where "c"."parent_id" = "u"."id") as "child_count" from "units" as "u"`;

export const SQL = {
  /** `ancestorsOf(id)`. */
  ancestry: `${UNIT_COLUMNS} inner join "unit_closure" as "k" on "k"."ancestor_id" = "u"."id" where "k"."descendant_id" = ? order by "k"."depth" desc`,
  /** `childrenOf(id)`: the units directly below, by name. */
  children: `${UNIT_COLUMNS} where "u"."parent_id" = ? order by "u"."search_name"`,
  /** `findUnit(id)`. */
  unit: `${UNIT_COLUMNS} where "u"."id" = ?`,
  /** `resumeSession`: the session a token hash names, with its account and member (`ACTOR_ACCOUNT_COLUMNS`). */
  session: `select "s"."id", "s"."last_seen_at", "s"."idle_expires_at", "s"."absolute_expires_at", "s"."second_factor_pending", "s"."reauthenticated_at", "a"."id" as "account_id", "a"."email", "a"."locale", "m"."id" as "member_id", "m"."first_name", "m"."last_name", "m"."member_number", "m"."unit_id", "m"."status" from "sessions" as "s" inner join "accounts" as "a" on "a"."id" = "s"."account_id" inner join "members" as "m" on "m"."id" = "a"."member_id" where "s"."token_hash" = ?`,
  /** `unitsOfMember`: the Ortsverein and above, AGs and Gremien, units with a role — one query. */
  memberUnits: `${UNIT_COLUMNS} where "u"."id" in (select "ancestor_id" as "id" from "unit_closure" where "descendant_id" = ? union select "unit_id" as "id" from "member_units" where "member_id" = ? union select "unit_id" as "id" from "member_roles" where "member_id" = ?) order by "u"."depth" desc`,
  /** `loadActor`: roles with the depth of their unit. */
  memberRoles: `select "r"."unit_id", "r"."role", "u"."depth" from "member_roles" as "r" inner join "units" as "u" on "u"."id" = "r"."unit_id" where "r"."member_id" = ?`,
} as const;

type Row = Record<string, unknown>;
type Sql = keyof typeof SQL;

/** Runs one of the statements above with positional parameters. */
interface Executor {
  all(sql: Sql, params: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** A unit in the shape the API returns, so both sides send the same bytes. */
export interface RawUnit {
  id: number;
  type: string;
  name: string;
  code: string;
  parentId: number | null;
  depth: number;
  childCount: number;
}

export interface RawQueries {
  /** The `/me` reads for a session token hash; undefined when the session or member is not active. */
  me(tokenHash: string): Promise<unknown>;
  /** The path from the root down to the unit. */
  ancestry(id: number): Promise<RawUnit[]>;
  /** The unit's children; undefined when the unit does not exist. */
  children(id: number): Promise<RawUnit[] | undefined>;
  close(): Promise<void>;
}

function present(row: Row): RawUnit {
  return {
    id: Number(row.id),
    type: String(row.type),
    name: String(row.name),
    code: String(row.code),
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    depth: Number(row.depth),
    childCount: Number(row.child_count),
  };
}

function sqliteExecutor(file: string): Executor {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // Prepared once: a hand-written data layer would do the same.
  const statements = new Map(Object.entries(SQL).map(([name, text]) => [name, db.prepare(text)]));
  return {
    all: async (sql, params) => statements.get(sql)!.all(...params) as Row[],
    close: async () => {
      db.close();
    },
  };
}

function postgresExecutor(url: string): Executor {
  // The app parses int8 (counts, ids) into numbers; so does the baseline, to do the same work.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
  // The app's pool size (database.ts), so both sides wait on the same number of connections.
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const numbered = Object.fromEntries(
    Object.entries(SQL).map(([name, text]) => {
      let n = 0;
      return [name, text.replace(/\?/g, () => `$${++n}`)];
    }),
  ) as Record<Sql, string>;
  return {
    all: async (sql, params) => (await pool.query(numbered[sql], params)).rows as Row[],
    close: () => pool.end(),
  };
}

/** Opens the database (SQLite read-only) and returns the hand-written reads. */
export function openRawQueries(databaseUrl: string): RawQueries {
  const run = /^postgres(ql)?:\/\//.test(databaseUrl)
    ? postgresExecutor(databaseUrl)
    : sqliteExecutor(databaseUrl.replace(/^(sqlite|file):(\/\/)?/, ''));
  const one = async (sql: Sql, params: unknown[]) => (await run.all(sql, params))[0];

  return {
    async me(tokenHash) {
      const now = Date.now();
      const session = await one('session', [tokenHash]);
      if (
        !session ||
        session.status !== 'active' ||
        Number(session.idle_expires_at) <= now ||
        Number(session.absolute_expires_at) <= now
      ) {
        return undefined;
      }
      const account = session;
      const [unitRows, roles] = await Promise.all([
        run.all('memberUnits', [account.unit_id, account.member_id, account.member_id]),
        run.all('memberRoles', [account.member_id]),
      ]);
      const units = new Map(unitRows.map((row) => [Number(row.id), present(row)]));
      return {
        id: account.account_id,
        email: account.email,
        displayName: `${String(account.first_name)} ${String(account.last_name)}`,
        locale: account.locale,
        memberNumber: account.member_number,
        memberships: [...units.values()].map((unit) => ({
          unit,
          roles: roles.filter((r) => Number(r.unit_id) === unit.id).map((r) => r.role),
        })),
      };
    },

    async ancestry(id) {
      return (await run.all('ancestry', [id])).map(present);
    },

    async children(id) {
      const rows = await run.all('children', [id]);
      if (rows.length === 0 && !(await one('unit', [id]))) return undefined;
      return rows.map(present);
    },

    close: () => run.close(),
  };
}
