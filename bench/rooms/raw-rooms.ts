/**
 * The rooms benchmark's baseline, written by hand: the statements the app's rooms routes send,
 * in the same order, run directly with better-sqlite3 or `pg` — no query builder, no validation,
 * no plugins. The sources they copy are named at each statement; keep them in step when those
 * change (the runner compares the answers of both sides before it measures).
 *
 * Reads resolve the session and the member (the statements of `bench/raw-queries.ts`), load the
 * room and decide whether the member sees it (the room policy's audiences), then list. The raw
 * insert is the floor of a write: the post row and the thread's counters in one transaction.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SQL as ACTOR_SQL } from '../raw-queries.ts';

/** The app's SQLite driver in the major that runs on this Node (see core's database.ts). */
const SqliteDatabase: typeof BetterSqlite3 = createRequire(import.meta.url)(
  Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3',
);

const PINNED_MAX = 50;
const THREADS_PAGE = 30;
const POSTS_PAGE = 50;
const EXCERPT_LENGTH = 200;

const SQL = {
  /** rooms.access.ts `roomWithMember` + `loadRoomAccess`. */
  room: `select "r".*, "ri"."member_id" as "invited_member", "rs"."muted" as "s_muted", "rs"."following" as "s_following", "rs"."left_at" as "s_left_at", "rs"."coc_accepted_at" as "s_coc_accepted_at", "rs"."last_visit_at" as "s_last_visit_at" from "rooms" as "r" left join "room_invites" as "ri" on "ri"."room_id" = "r"."id" and "ri"."member_id" = ? left join "room_settings" as "rs" on "rs"."room_id" = "r"."id" and "rs"."member_id" = ? where "r"."archived_at" is null and "r"."id" = ?`,
  /** rooms.access.ts `loadThreadAccess`. */
  thread: `select * from "threads" where "id" = ? and "deleted_at" is null`,
  /** rooms.access.ts `ancestorIdsOfUnit` (only for members with a role). */
  ancestors: `select "ancestor_id" from "unit_closure" where "descendant_id" = ? and "depth" > ? order by "depth" desc`,
  /** threads.service.ts `listThreads`: the pinned threads of the first page. */
  pinnedThreads: `${threadColumns()} where "t"."room_id" = ? and "t"."deleted_at" is null and "t"."pinned_at" is not null order by "t"."pinned_at" desc limit ?`,
  /** threads.service.ts `listThreads`: the latest threads. */
  latestThreads: `${threadColumns()} where "t"."room_id" = ? and "t"."deleted_at" is null and "t"."pinned_at" is null order by "t"."last_post_at" desc, "t"."id" desc limit ?`,
  /** posts.present.ts `selectPosts` as posts.service.ts `listPosts` sends it for the latest page. */
  latestPosts: `select "p"."id", "p"."thread_id", "p"."room_id", "p"."author_id", "p"."parent_id", "p"."quote_id", "p"."body", "p"."body_html", "p"."created_at", "p"."edited_at", "p"."edit_count", "p"."deleted_at", "p"."hidden_at", "p"."hidden_reason", m.first_name || ' ' || m.last_name as "author_name", "q"."author_id" as "q_author_id", qm.first_name || ' ' || qm.last_name as "q_author_name", substr(q.body, 1, ?) as "q_body", "q"."deleted_at" as "q_deleted_at", "q"."hidden_at" as "q_hidden_at" from "posts" as "p" left join "members" as "m" on "m"."id" = "p"."author_id" left join "posts" as "q" on "q"."id" = "p"."quote_id" left join "members" as "qm" on "qm"."id" = "q"."author_id" where "p"."thread_id" = ? order by "p"."id" desc limit ?`,
  /** posts.present.ts `reactionsOfPosts`; `(…)` becomes one placeholder per id. */
  reactions: `select "post_id", "emoji", count(*) as "n", max(case when member_id = ? then 1 else 0 end) as "mine" from "reactions" where "post_id" in (…) group by "post_id", "emoji"`,
  /** attachments.service.ts `attachmentsOfPosts`. */
  attachments: `select "id", "file_name", "media_type", "size", "width", "height", "post_id" from "attachments" where "post_id" in (…) order by "id"`,
  /** The raw insert: the post, in the thread's room. */
  insertPost: `insert into "posts" ("thread_id", "room_id", "author_id", "body", "body_html", "created_at") select "id", "room_id", ?, ?, ?, ? from "threads" where "id" = ? returning "id"`,
  /** The raw insert: the thread's counters (as posts.service.ts `insertPost` moves them). */
  countPost: `update "threads" set "last_post_id" = case when last_post_id is null or last_post_id < ? then ? else last_post_id end, "last_post_at" = ?, "post_count" = post_count + 1, "updated_at" = ? where "id" = ? returning "post_count"`,
} as const;

function threadColumns(): string {
  return `select "t"."id", "t"."title", "t"."author_id", "t"."created_at", "t"."last_post_at", "t"."last_post_id", "t"."post_count", "t"."pinned_at", "t"."locked_at", "tr"."last_read_post_id", "tr"."read_count", m.first_name || ' ' || m.last_name as "author_name", exists (select "pl"."id" from "polls" as "pl" where "pl"."thread_id" = "t"."id") as "has_poll" from "threads" as "t" left join "members" as "m" on "m"."id" = "t"."author_id" left join "thread_reads" as "tr" on "tr"."thread_id" = "t"."id" and "tr"."member_id" = ?`;
}

type Row = Record<string, unknown>;
type Text = (typeof SQL)[keyof typeof SQL] | (typeof ACTOR_SQL)[keyof typeof ACTOR_SQL];

/** Statements by text; `(…)` in a text is expanded to `n` placeholders. */
interface Executor {
  all(text: Text, params: unknown[], listLength?: number): Promise<Row[]>;
  /** The raw insert and counter update in one transaction; the new post's id. */
  insertPost(threadId: number, authorId: number, body: string, now: number): Promise<number>;
  close(): Promise<void>;
}

const expand = (text: string, n: number) => text.replace('(…)', `(${Array.from({ length: n }, () => '?').join(', ')})`);

function sqliteExecutor(file: string): Executor {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // Kept by text, as the app's driver keeps them.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statement = (text: string) => {
    let found = statements.get(text);
    if (!found) statements.set(text, (found = db.prepare(text)));
    return found;
  };
  const insert = db.transaction((threadId: number, authorId: number, body: string, now: number) => {
    const { id } = statement(SQL.insertPost).get(authorId, body, body, now, threadId) as { id: number };
    statement(SQL.countPost).get(id, id, now, now, threadId);
    return id;
  });
  return {
    all: async (text, params, n = 0) => statement(n ? expand(text, n) : text).all(...params) as Row[],
    insertPost: async (...args) => insert(...args),
    close: async () => {
      db.close();
    },
  };
}

function postgresExecutor(url: string): Executor {
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
  // The app's pool size.
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const numbered = new Map<string, string>();
  const dollar = (text: string) => {
    let found = numbered.get(text);
    if (!found) {
      let n = 0;
      numbered.set(text, (found = text.replace(/\?/g, () => `$${++n}`)));
    }
    return found;
  };
  return {
    all: async (text, params, n = 0) => (await pool.query(dollar(n ? expand(text, n) : text), params)).rows as Row[],
    async insertPost(threadId, authorId, body, now) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const inserted = await client.query(dollar(SQL.insertPost), [authorId, body, body, now, threadId]);
        const id = Number(inserted.rows[0].id);
        await client.query(dollar(SQL.countPost), [id, id, now, now, threadId]);
        await client.query('commit');
        return id;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The signed-in member as the room policy needs them. */
interface RawActor {
  memberId: number;
  unitIds: Set<number>;
  roles: { unitId: number; role: string }[];
}

const BOARD_ROLES = new Set(['chair', 'deputy_chair', 'board', 'treasurer', 'member_care']);

export interface RawRooms {
  /** `GET /rooms/:id/threads` (first page); undefined for no session or a room the member cannot see. */
  threads(tokenHash: string, roomId: number): Promise<unknown>;
  /** `GET /threads/:id/posts` (the latest 50); undefined likewise. */
  posts(tokenHash: string, threadId: number): Promise<unknown>;
  /** The raw insert of a post; undefined for a missing thread. */
  insertPost(threadId: number, authorId: number, body: string): Promise<{ id: number }>;
  close(): Promise<void>;
}

const iso = (ms: unknown) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Opens the database and returns the hand-written routes. */
export function openRawRooms(databaseUrl: string): RawRooms {
  const run = /^postgres(ql)?:\/\//.test(databaseUrl)
    ? postgresExecutor(databaseUrl)
    : sqliteExecutor(databaseUrl.replace(/^(sqlite|file):(\/\/)?/, ''));
  const one = async (text: Text, params: unknown[]) => (await run.all(text, params))[0];

  /** sessions.ts `resumeSession` and actor.ts `loadActor`: the same three reads (session with account, units, roles). */
  async function actorOf(tokenHash: string): Promise<RawActor | undefined> {
    const now = Date.now();
    const session = await one(ACTOR_SQL.session, [tokenHash]);
    if (!session || session.status !== 'active' || Number(session.idle_expires_at) <= now) return undefined;
    const account = session;
    const [units, roles] = await Promise.all([
      run.all(ACTOR_SQL.memberUnits, [account.unit_id, account.member_id, account.member_id]),
      run.all(ACTOR_SQL.memberRoles, [account.member_id]),
    ]);
    return {
      memberId: Number(account.member_id),
      unitIds: new Set(units.map((u) => Number(u.id))),
      roles: roles.map((r) => ({ unitId: Number(r.unit_id), role: String(r.role) })),
    };
  }

  /** rooms.access.ts `decide` with the policy's audiences (invite rooms: invited members only). */
  async function visibleRoom(actor: RawActor, roomId: number): Promise<Row | undefined> {
    const room = await one(SQL.room, [actor.memberId, actor.memberId, roomId]);
    if (!room) return undefined;
    if (actor.roles.length > 0) await run.all(SQL.ancestors, [room.unit_id, 0]);
    const unitId = Number(room.unit_id);
    const sees =
      room.audience === 'all' ||
      (room.audience === 'unit' && actor.unitIds.has(unitId)) ||
      (room.audience === 'board' && actor.roles.some((r) => r.unitId === unitId && BOARD_ROLES.has(r.role))) ||
      (room.audience === 'invite' && room.invited_member !== null);
    return sees ? room : undefined;
  }

  const summary = (t: Row) => {
    const unread = Number(t.last_post_id ?? 0) > Number(t.last_read_post_id ?? 0);
    return {
      id: Number(t.id),
      title: t.title,
      author: t.author_id === null ? null : { memberId: Number(t.author_id), displayName: t.author_name },
      createdAt: iso(t.created_at),
      lastPostAt: iso(t.last_post_at),
      postCount: Number(t.post_count),
      unreadCount: unread ? Math.max(0, Number(t.post_count) - Number(t.read_count ?? 0)) : 0,
      newSinceLastVisit: false,
      pinned: t.pinned_at !== null,
      locked: t.locked_at !== null,
      hasPoll: t.has_poll === true || t.has_poll === 1,
    };
  };

  const post = (p: Row, memberId: number, reactions: Map<number, unknown[]>, files: Map<number, unknown[]>) => {
    const id = Number(p.id);
    const own = Number(p.author_id) === memberId;
    const deleted = p.deleted_at !== null;
    return {
      id,
      threadId: Number(p.thread_id),
      roomId: Number(p.room_id),
      author: p.author_id === null ? null : { memberId: Number(p.author_id), displayName: p.author_name },
      parentId: p.parent_id === null ? null : Number(p.parent_id),
      quote: null,
      body: deleted ? '' : p.body,
      bodyHtml: deleted ? '' : p.body_html,
      createdAt: iso(p.created_at),
      editedAt: iso(p.edited_at),
      editCount: Number(p.edit_count),
      deleted,
      hidden: null,
      reactions: reactions.get(id) ?? [],
      attachments: files.get(id) ?? [],
      permissions: { edit: own && !deleted, delete: own && !deleted, moderate: false },
    };
  };

  return {
    async threads(tokenHash, roomId) {
      const actor = await actorOf(tokenHash);
      if (!actor || !(await visibleRoom(actor, roomId))) return undefined;
      const pinned = await run.all(SQL.pinnedThreads, [actor.memberId, roomId, PINNED_MAX]);
      const rows = await run.all(SQL.latestThreads, [actor.memberId, roomId, THREADS_PAGE + 1]);
      const page = rows.slice(0, THREADS_PAGE);
      const last = page.at(-1);
      return {
        items: [...pinned, ...page].map(summary),
        nextCursor: rows.length > THREADS_PAGE && last ? `${String(last.last_post_at)}_${String(last.id)}` : null,
      };
    },

    async posts(tokenHash, threadId) {
      const actor = await actorOf(tokenHash);
      if (!actor) return undefined;
      const thread = await one(SQL.thread, [threadId]);
      if (!thread || !(await visibleRoom(actor, Number(thread.room_id)))) return undefined;
      const rows = await run.all(SQL.latestPosts, [EXCERPT_LENGTH * 2, threadId, POSTS_PAGE + 1]);
      const page = rows.slice(0, POSTS_PAGE).reverse();
      const ids = page.map((p) => Number(p.id));
      const [reactionRows, fileRows] = ids.length
        ? await Promise.all([
            run.all(SQL.reactions, [actor.memberId, ...ids], ids.length),
            run.all(SQL.attachments, ids, ids.length),
          ])
        : [[], []];
      const reactions = new Map<number, unknown[]>();
      for (const r of reactionRows) {
        const list = reactions.get(Number(r.post_id)) ?? [];
        list.push({ emoji: r.emoji, count: Number(r.n), mine: Number(r.mine) === 1 });
        reactions.set(Number(r.post_id), list);
      }
      const files = new Map<number, unknown[]>();
      for (const f of fileRows) {
        const list = files.get(Number(f.post_id)) ?? [];
        list.push({ id: Number(f.id), fileName: f.file_name, mediaType: f.media_type, size: Number(f.size) });
        files.set(Number(f.post_id), list);
      }
      return {
        items: page.map((p) => post(p, actor.memberId, reactions, files)),
        hasOlder: rows.length > POSTS_PAGE,
        hasNewer: false,
      };
    },

    async insertPost(threadId, authorId, body) {
      return { id: await run.insertPost(threadId, authorId, body, Date.now()) };
    },

    close: () => run.close(),
  };
}
