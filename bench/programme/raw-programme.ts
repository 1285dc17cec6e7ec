/**
 * The programme benchmark's baseline reads, written by hand: the statements the app's programme
 * routes send (ideas.service.ts `selectIdeas`/`listIdeas`, amendments.service.ts
 * `selectAmendments`/`listAmendments`, drafts.service.ts `getDraft`, processes.service.ts
 * `loadProcess`), run directly with better-sqlite3 or `pg`, after the same session and member
 * reads (`bench/raw-queries.ts`). What they leave out on purpose is what the comparison is about:
 * presenting the rows — the word diffs and overlap detection of amendments, the line numbering of
 * drafts — plus validation, the query builder and plugins. The rows go out as JSON as they came.
 * Keep the statements in step with those files; the runner compares both sides' answers first.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openRawQueries } from '../raw-queries.ts';

/** The app's SQLite driver in the major that runs on this Node (see core's database.ts). */
const SqliteDatabase: typeof BetterSqlite3 = createRequire(import.meta.url)(
  Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3',
);

const IDEAS_FROM = `select "i".*, "c"."title" as "chapter_title", "t"."post_count", "a"."first_name" as "author_first", "a"."last_name" as "author_last", "u"."name" as "unit_name", "ab"."first_name" as "answerer_first", "ab"."last_name" as "answerer_last", exists (select "s"."idea_id" from "idea_supports" as "s" where "s"."idea_id" = "i"."id" and "s"."member_id" = ?) as "supported" from "ideas" as "i" inner join "programme_chapters" as "c" on "c"."id" = "i"."chapter_id" inner join "threads" as "t" on "t"."id" = "i"."thread_id" left join "members" as "a" on "a"."id" = "i"."author_id" left join "units" as "u" on "u"."id" = "i"."unit_id" left join "members" as "ab" on "ab"."id" = "i"."answered_by" where "i"."process_id" = ?`;
const BY_SUPPORT = `order by "i"."support_count" desc, "i"."id" desc limit ?`;
const AFTER = `and ("i"."support_count" < ? or ("i"."support_count" = ? and "i"."id" < ?))`;

export const SQL = {
  /** processes.service.ts `loadProcess`. */
  process: `select * from "programme_processes" where "id" = ?`,
  /** `listIdeas` sorted by support, first page. */
  ideas: `${IDEAS_FROM} ${BY_SUPPORT}`,
  /** `listIdeas` sorted by support, one chapter, a page after a cursor. */
  chapterIdeasAfter: `${IDEAS_FROM} and "i"."chapter_id" = ? ${AFTER} ${BY_SUPPORT}`,
  /** `listAmendments` without filters. */
  amendments: `select "a".*, "d"."version" as "draft_version", "c"."title" as "chapter_title", "p"."amendment_threshold", "f"."first_name" as "filer_first", "f"."last_name" as "filer_last", "u"."name" as "unit_name", "md"."version" as "merged_version", exists (select "s"."amendment_id" from "amendment_supports" as "s" where "s"."amendment_id" = "a"."id" and "s"."member_id" = ?) as "supported" from "amendments" as "a" inner join "programme_drafts" as "d" on "d"."id" = "a"."draft_id" inner join "programme_chapters" as "c" on "c"."id" = "a"."chapter_id" inner join "programme_processes" as "p" on "p"."id" = "a"."process_id" left join "members" as "f" on "f"."id" = "a"."filer_id" left join "units" as "u" on "u"."id" = "a"."unit_id" left join "programme_drafts" as "md" on "md"."id" = "a"."merged_into_draft_id" where "a"."process_id" = ? order by "d"."version" desc, "a"."from_line", "a"."id"`,
  /** drafts.service.ts `getDraft`: the version. */
  draft: `select "id", "process_id", "version", "note", "published_at" from "programme_drafts" where "process_id" = ? and "version" = ?`,
  /** drafts.service.ts `chapterTexts`. */
  draftChapters: `select "c"."id", "c"."title", "d"."text" from "programme_draft_chapters" as "d" inner join "programme_chapters" as "c" on "c"."id" = "d"."chapter_id" where "d"."draft_id" = ? order by "c"."position"`,
} as const;

type Row = Record<string, unknown>;
type Statement = keyof typeof SQL;

interface Executor {
  all(statement: Statement, params: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

function sqliteExecutor(file: string): Executor {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const prepared = Object.fromEntries(
    (Object.keys(SQL) as Statement[]).map((name) => [name, db.prepare(SQL[name])]),
  ) as Record<Statement, BetterSqlite3.Statement>;
  return {
    all: async (statement, params) => prepared[statement].all(...params) as Row[],
    close: async () => void db.close(),
  };
}

function postgresExecutor(url: string): Executor {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const texts = Object.fromEntries(
    (Object.keys(SQL) as Statement[]).map((name) => {
      let n = 0;
      return [name, SQL[name].replace(/\?/g, () => `$${++n}`)];
    }),
  ) as Record<Statement, string>;
  return {
    // Named, so PostgreSQL plans each statement once per connection, as prepared statements are.
    all: async (statement, params) =>
      (await pool.query({ name: statement, text: texts[statement], values: params })).rows as Row[],
    close: () => pool.end(),
  };
}

/** A page of ideas by support: `[supportCount, id]` of the last row continues it, as the app's cursor does. */
export interface IdeaPage {
  items: Row[];
  nextCursor: [number, number] | null;
}

export interface RawProgramme {
  /**
   * `memberId` is the session's member, for the `supported` subqueries (`/me` names the account, the
   * runner passes the member along).
   */
  ideas(
    tokenHash: string,
    memberId: number,
    processId: number,
    page: { limit: number; chapterId?: number; after?: [number, number] },
  ): Promise<IdeaPage | undefined>;
  amendments(tokenHash: string, memberId: number, processId: number): Promise<{ items: Row[] } | undefined>;
  draft(tokenHash: string, processId: number, version: number): Promise<{ draft: Row; chapters: Row[] } | undefined>;
  close(): Promise<void>;
}

/** Opens the database (SQLite read-only) and returns the hand-written programme reads. */
export function openRawProgramme(databaseUrl: string): RawProgramme {
  const run = /^postgres(ql)?:\/\//.test(databaseUrl)
    ? postgresExecutor(databaseUrl)
    : sqliteExecutor(databaseUrl.replace(/^(sqlite|file):(\/\/)?/, ''));
  const actors = openRawQueries(databaseUrl);
  /** The actor's reads, then the process; false for what the app answers with 401 or 404. */
  const begin = async (tokenHash: string, processId: number) => {
    if (!(await actors.me(tokenHash))) return false;
    return (await run.all('process', [processId])).length === 1;
  };
  return {
    async ideas(tokenHash, member, processId, page) {
      if (!(await begin(tokenHash, processId))) return undefined;
      if (page.after && page.chapterId === undefined) throw new Error('a cursor page is measured within a chapter');
      const rows = page.after
        ? await run.all('chapterIdeasAfter', [
            member,
            processId,
            page.chapterId,
            page.after[0],
            page.after[0],
            page.after[1],
            page.limit + 1,
          ])
        : await run.all('ideas', [member, processId, page.limit + 1]);
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor: rows.length > page.limit && last ? [Number(last.support_count), Number(last.id)] : null,
      };
    },
    async amendments(tokenHash, member, processId) {
      if (!(await begin(tokenHash, processId))) return undefined;
      return { items: await run.all('amendments', [member, processId]) };
    },
    async draft(tokenHash, processId, version) {
      if (!(await begin(tokenHash, processId))) return undefined;
      const [draft] = await run.all('draft', [processId, version]);
      if (!draft) return undefined;
      return { draft, chapters: await run.all('draftChapters', [draft.id]) };
    },
    close: async () => {
      await Promise.all([run.close(), actors.close()]);
    },
  };
}
