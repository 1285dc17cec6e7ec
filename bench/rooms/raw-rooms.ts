/**
 * The rooms benchmark's baseline, written by hand: the statements the app's rooms routes send,
 * in the same order, run directly with better-sqlite3 or `pg` — no query builder, no validation,
 * no plugins. The sources they copy are named at each statement; keep them in step when those
 * change (the runner compares the answers of both sides before it measures).
 *
 * Reads resolve the session and the member (the statements of `bench/raw-queries.ts`), load the
 * room and decide whether the member sees it (the room policy's audiences), then list. The raw
 * insert is the floor of a write: the post row and the thread's counters in one transaction.
 * `WRITE_SQL` is the app's whole write by hand, to tell what the layers cost from what the
 * write's own statements cost (the runner checks it writes what the app writes).
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

/**
 * The app's write of a post, statement by statement, as `POST /threads/:id/posts` sends them for
 * a plain member in a unit room: posts.service.ts `createPost` → `insertPost` → threads.notifications.ts
 * `notifyAboutPost` → posts.present.ts `presentNewPost`. What the issue asks of a write (who is
 * writing, may they, the post, the thread's counters, the author's read marker, the draft, the live
 * event in the same transaction, the notifications) and nothing else: no Markdown rendering (the
 * body is stored as its own HTML), no validation beyond what the statements need.
 */
const WRITE_SQL = {
  /** rooms.access.ts `loadThreadAccess`: the room with the member's invite and settings, and the thread. */
  threadAccess: `select "r".*, "ri"."member_id" as "invited_member", "rs"."muted" as "s_muted", "rs"."following" as "s_following", "rs"."left_at" as "s_left_at", "rs"."coc_accepted_at" as "s_coc_accepted_at", "rs"."last_visit_at" as "s_last_visit_at", "t"."id" as "t_id", "t"."room_id" as "t_room_id", "t"."title" as "t_title", "t"."author_id" as "t_author_id", "t"."created_at" as "t_created_at", "t"."updated_at" as "t_updated_at", "t"."last_post_at" as "t_last_post_at", "t"."last_post_id" as "t_last_post_id", "t"."post_count" as "t_post_count", "t"."pinned_at" as "t_pinned_at", "t"."locked_at" as "t_locked_at", "t"."locked_by" as "t_locked_by", "t"."deleted_at" as "t_deleted_at" from "rooms" as "r" left join "room_invites" as "ri" on "ri"."room_id" = "r"."id" and "ri"."member_id" = ? left join "room_settings" as "rs" on "rs"."room_id" = "r"."id" and "rs"."member_id" = ? inner join "threads" as "t" on "t"."room_id" = "r"."id" where "r"."archived_at" is null and "t"."id" = ? and "t"."deleted_at" is null`,
  /** bans.ts `activeBan`. */
  ban: `select "until", "reason" from "room_bans" where "room_id" = ? and "member_id" = ? and "lifted_at" is null and "until" > ? order by "until" desc limit ?`,
  /** posts.service.ts `insertPostRow`. */
  insertPost: `insert into "posts" ("thread_id", "room_id", "author_id", "parent_id", "quote_id", "body", "body_html", "created_at") values (?, ?, ?, ?, ?, ?, ?, ?) returning "id"`,
  /** posts.service.ts `markReadByAuthor`. */
  markRead: `insert into "thread_reads" ("thread_id", "member_id", "following", "last_read_post_id", "read_count", "read_at") values (?, ?, ?, ?, ?, ?) on conflict ("thread_id", "member_id") do update set "last_read_post_id" = "excluded"."last_read_post_id", "read_count" = "excluded"."read_count", "read_at" = "excluded"."read_at"`,
  /** posts.service.ts `deleteDraft`. */
  deleteDraft: `delete from "drafts" where "member_id" = ? and "key" = ?`,
  /** live.events.ts `recordLiveEvent`. */
  liveEvent: `insert into "live_events" ("scope", "type", "payload", "created_at") values (?, ?, ?, ?) returning "id"`,
  /** threads.notifications.ts `threadFollowers`. */
  followers: `select "member_id" from "thread_reads" where "thread_id" = ? and "following" = ?`,
  /** rooms.policy.ts `memberIdsWhoCanSee` for a unit room, as `whoCanSee` filters the candidates. */
  whoCanSeeUnit: `select "wm"."id" from "members" as "wm" inner join "accounts" as "wa" on "wa"."member_id" = "wm"."id" where "wm"."status" = ? and ("wm"."unit_id" in (select "wc"."descendant_id" from "unit_closure" as "wc" where "wc"."ancestor_id" = ?) or exists (select "wu"."member_id" from "member_units" as "wu" where "wu"."member_id" = "wm"."id" and "wu"."unit_id" = ?) or exists (select "wr"."member_id" from "member_roles" as "wr" where "wr"."member_id" = "wm"."id" and "wr"."unit_id" = ?)) and "wm"."id" in (…)`,
  /** threads.notifications.ts `quietIn`. */
  quietIn: `select "member_id" from "room_settings" where "room_id" = ? and "member_id" in (…) and ("muted" = ? or "left_at" is not null)`,
  /** notifications.service.ts `notify`: notifications the members have of this post already. */
  notified: `select "id", "member_id", "kind" from "notifications" where "member_id" in (…) and "thread_id" = ? and "post_id" = ?`,
  /** notifications.service.ts `notify`: one row per recipient (`[…]` repeats the row). */
  notify: `insert into "notifications" ("member_id", "kind", "room_id", "thread_id", "post_id", "actor_id", "data", "created_at") values […] returning "id", "member_id"`,
  /** live.events.ts `recordLiveEvents`: one row per notification (`[…]` repeats the row). */
  memberEvents: `insert into "live_events" ("scope", "type", "payload", "created_at") values […] returning "id", "scope", "type", "payload"`,
  /** posts.present.ts `selectPosts` for one post, as `presentNewPost` reads it. */
  newPost: `select "p"."id", "p"."thread_id", "p"."room_id", "p"."author_id", "p"."parent_id", "p"."quote_id", "p"."body", "p"."body_html", "p"."created_at", "p"."edited_at", "p"."edit_count", "p"."deleted_at", "p"."hidden_at", "p"."hidden_reason", m.first_name || ' ' || m.last_name as "author_name", "q"."author_id" as "q_author_id", qm.first_name || ' ' || qm.last_name as "q_author_name", substr(q.body, 1, ?) as "q_body", "q"."deleted_at" as "q_deleted_at", "q"."hidden_at" as "q_hidden_at" from "posts" as "p" left join "members" as "m" on "m"."id" = "p"."author_id" left join "posts" as "q" on "q"."id" = "p"."quote_id" left join "members" as "qm" on "qm"."id" = "q"."author_id" where "p"."id" = ?`,
} as const;

function threadColumns(): string {
  return `select "t"."id", "t"."title", "t"."author_id", "t"."created_at", "t"."last_post_at", "t"."last_post_id", "t"."post_count", "t"."pinned_at", "t"."locked_at", "tr"."last_read_post_id", "tr"."read_count", m.first_name || ' ' || m.last_name as "author_name", exists (select "pl"."id" from "polls" as "pl" where "pl"."thread_id" = "t"."id") as "has_poll" from "threads" as "t" left join "members" as "m" on "m"."id" = "t"."author_id" left join "thread_reads" as "tr" on "tr"."thread_id" = "t"."id" and "tr"."member_id" = ?`;
}

type Row = Record<string, unknown>;
type Text =
  | (typeof SQL)[keyof typeof SQL]
  | (typeof ACTOR_SQL)[keyof typeof ACTOR_SQL]
  | (typeof WRITE_SQL)[keyof typeof WRITE_SQL];
/** Runs a statement; `(…)` in its text becomes `n` placeholders, `[…]` becomes `n` rows of values. */
type Query = (text: Text, params: unknown[], n?: number) => Promise<Row[]>;

interface Executor {
  all: Query;
  /** The raw insert and counter update in one transaction; the new post's id. */
  insertPost(threadId: number, authorId: number, body: string, now: number): Promise<number>;
  /** Runs `work` in one transaction, its statements on the transaction's connection. */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const expand = (text: string, n: number) => {
  if (text.includes('(…)')) return text.replace('(…)', `(${placeholders(n)})`);
  // An insert's rows: as many placeholders per row as the statement names columns.
  const columns = /\(([^)]*)\) values \[…\]/.exec(text)![1]!.split(',').length;
  return text.replace('[…]', Array.from({ length: n }, () => `(${placeholders(columns)})`).join(', '));
};

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
  const query: Query = async (text, params, n = 0) => {
    const found = statement(n ? expand(text, n) : text);
    if (found.reader) return found.all(...params) as Row[];
    found.run(...params);
    return [];
  };
  // One connection: while a transaction awaits between its statements, everything else waits for
  // it (as Kysely's SQLite driver makes every query wait for the connection).
  let open = 0;
  let tail: Promise<unknown> = Promise.resolve();
  const afterTransactions = <T>(work: () => T | Promise<T>): Promise<T> => {
    if (open === 0) return Promise.resolve(work());
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    all: (text, params, n) => afterTransactions(() => query(text, params, n)),
    insertPost: (...args) => afterTransactions(() => insert(...args)),
    transaction(work) {
      open++;
      const result = tail.then(async () => {
        statement('begin').run();
        try {
          const value = await work(query);
          statement('commit').run();
          return value;
        } catch (error) {
          statement('rollback').run();
          throw error;
        }
      });
      tail = result.catch(() => undefined);
      return result.finally(() => open--);
    },
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
  const transaction: Executor['transaction'] = async (work) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const value = await work(
        async (text, params, n = 0) => (await client.query(dollar(n ? expand(text, n) : text), params)).rows as Row[],
      );
      await client.query('commit');
      return value;
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    all: async (text, params, n = 0) => (await pool.query(dollar(n ? expand(text, n) : text), params)).rows as Row[],
    transaction,
    insertPost: (threadId, authorId, body, now) =>
      transaction(async (query) => {
        const [inserted] = await query(SQL.insertPost, [authorId, body, body, now, threadId]);
        const id = Number(inserted!.id);
        await query(SQL.countPost, [id, id, now, now, threadId]);
        return id;
      }),
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
  /**
   * The app's write by hand (`WRITE_SQL`): the post as the app answers it; undefined for no
   * session or a thread the member cannot see, `refused` when they may not write there.
   */
  writePost(tokenHash: string, threadId: number, body: string): Promise<unknown>;
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
  async function sees(actor: RawActor, room: Row): Promise<boolean> {
    if (actor.roles.length > 0) await run.all(SQL.ancestors, [room.unit_id, 0]);
    const unitId = Number(room.unit_id);
    return (
      room.audience === 'all' ||
      (room.audience === 'unit' && actor.unitIds.has(unitId)) ||
      (room.audience === 'board' && actor.roles.some((r) => r.unitId === unitId && BOARD_ROLES.has(r.role))) ||
      (room.audience === 'invite' && room.invited_member !== null)
    );
  }

  async function visibleRoom(actor: RawActor, roomId: number): Promise<Row | undefined> {
    const room = await one(SQL.room, [actor.memberId, actor.memberId, roomId]);
    return room && (await sees(actor, room)) ? room : undefined;
  }

  /** threads.notifications.ts `notifyAboutPost` for a reply: the thread's followers who can see the room and did not mute it. */
  async function notifyFollowers(
    query: Query,
    room: Row,
    thread: { id: number; title: unknown },
    postId: number,
    authorId: number,
    now: number,
  ) {
    const roomId = Number(room.id);
    const memberIds = (rows: Row[], column = 'member_id') => rows.map((r) => Number(r[column]));
    const followers = memberIds(await query(WRITE_SQL.followers, [thread.id, 1])).filter((id) => id !== authorId);
    if (followers.length === 0) return;
    if (room.audience !== 'unit') throw new Error('the hand-written write knows unit rooms only');
    const unitId = room.unit_id;
    const entitled = memberIds(
      await query(WRITE_SQL.whoCanSeeUnit, ['active', unitId, unitId, unitId, ...followers], followers.length),
      'id',
    );
    if (entitled.length === 0) return;
    const quiet = new Set(memberIds(await query(WRITE_SQL.quietIn, [roomId, ...entitled, 1], entitled.length)));
    const recipients = entitled.filter((id) => !quiet.has(id));
    if (recipients.length === 0) return;
    const had = new Set(
      memberIds(await query(WRITE_SQL.notified, [...recipients, thread.id, postId], recipients.length)),
    );
    const fresh = recipients.filter((id) => !had.has(id));
    if (fresh.length === 0) return;
    const data = JSON.stringify({ title: thread.title });
    const inserted = await query(
      WRITE_SQL.notify,
      fresh.flatMap((id) => [id, 'reply', roomId, thread.id, postId, authorId, data, now]),
      fresh.length,
    );
    await query(
      WRITE_SQL.memberEvents,
      inserted.flatMap((n) => [
        `member:${Number(n.member_id)}`,
        'notification.created',
        JSON.stringify({ id: Number(n.id), kind: 'reply', roomId, threadId: thread.id, postId }),
        now,
      ]),
      inserted.length,
    );
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

    async writePost(tokenHash, threadId, body) {
      const actor = await actorOf(tokenHash);
      if (!actor) return undefined;
      const room = await one(WRITE_SQL.threadAccess, [actor.memberId, actor.memberId, threadId]);
      if (!room || !(await sees(actor, room))) return undefined;
      const now = Date.now();
      const roomId = Number(room.id);
      const banned = await run.all(WRITE_SQL.ban, [roomId, actor.memberId, now, 1]);
      const unaccepted = room.code_of_conduct !== null && room.s_coc_accepted_at == null;
      if (banned.length > 0 || unaccepted || room.t_locked_at !== null) return 'refused';
      const postId = await run.transaction(async (query) => {
        const [{ id }] = (await query(WRITE_SQL.insertPost, [
          threadId,
          roomId,
          actor.memberId,
          null,
          null,
          body,
          body,
          now,
        ])) as [Row];
        const [{ post_count }] = (await query(SQL.countPost, [id, id, now, now, threadId])) as [Row];
        await query(WRITE_SQL.markRead, [threadId, actor.memberId, 0, id, post_count, now]);
        await query(WRITE_SQL.deleteDraft, [actor.memberId, `thread-${threadId}`]);
        const payload = JSON.stringify({ roomId, threadId, postId: Number(id) });
        await query(WRITE_SQL.liveEvent, [`room:${roomId}`, 'post.created', payload, now]);
        await notifyFollowers(query, room, { id: threadId, title: room.t_title }, Number(id), actor.memberId, now);
        return Number(id);
      });
      const row = (await one(WRITE_SQL.newPost, [EXCERPT_LENGTH * 2, postId]))!;
      return post(row, actor.memberId, new Map(), new Map());
    },

    close: () => run.close(),
  };
}
