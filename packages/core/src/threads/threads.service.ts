/**
 * Threads: the room's thread list (pinned first, then latest activity, keyset-paginated), opening
 * a thread with its first post (and poll), a thread with the member's read marker, pinning and
 * locking (moderators, audited). Following and read markers: `threads.reads.ts`.
 */
import { sql, type Kysely } from 'kysely';
import type { CreateThreadBody, Thread, ThreadList, ThreadSummary } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs, toBool } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { activeBan } from '../moderation/bans.ts';
import { createPoll, pollOfThread } from '../polls/polls.service.ts';
import { inTransaction, recordLiveEvent, roomScope } from '../live/live.events.ts';
import {
  assertCanWrite,
  loadRoomAccess,
  loadThreadAccess,
  type RoomAccess,
  type ThreadAccess,
} from '../rooms/rooms.access.ts';
import { insertPost } from './posts.service.ts';

const PINNED_MAX = 50;

function selectThreads(db: Kysely<DB>, memberId: number) {
  return db
    .selectFrom('threads as t')
    .leftJoin('members as m', 'm.id', 't.author_id')
    .leftJoin('thread_reads as tr', (j) => j.onRef('tr.thread_id', '=', 't.id').on('tr.member_id', '=', memberId))
    .select([
      't.id',
      't.title',
      't.author_id',
      't.created_at',
      't.last_post_at',
      't.last_post_id',
      't.post_count',
      't.pinned_at',
      't.locked_at',
      'tr.last_read_post_id',
      'tr.read_count',
      sql<string | null>`m.first_name || ' ' || m.last_name`.as('author_name'),
      (eb) =>
        eb.exists(eb.selectFrom('polls as pl').select('pl.id').whereRef('pl.thread_id', '=', 't.id')).as('has_poll'),
    ]);
}

const pinnedThreads = prepared((db, memberId: number, roomId: number, limit: number) =>
  selectThreads(db, memberId)
    .where('t.room_id', '=', roomId)
    .where('t.deleted_at', 'is', null)
    .where('t.pinned_at', 'is not', null)
    .orderBy('t.pinned_at', 'desc')
    .limit(limit),
);

/** Unpinned threads by latest post: the first page, and the page after a cursor (keyset). */
const latestThreads = prepared((db, memberId: number, roomId: number, limit: number) =>
  unpinnedThreads(db, memberId, roomId).limit(limit),
);
const threadsBefore = prepared((db, memberId: number, roomId: number, at: number, id: number, limit: number) =>
  unpinnedThreads(db, memberId, roomId)
    .where((eb) => eb.or([eb('t.last_post_at', '<', at), eb.and([eb('t.last_post_at', '=', at), eb('t.id', '<', id)])]))
    .limit(limit),
);

function unpinnedThreads(db: Kysely<DB>, memberId: number, roomId: number) {
  return selectThreads(db, memberId)
    .where('t.room_id', '=', roomId)
    .where('t.deleted_at', 'is', null)
    .where('t.pinned_at', 'is', null)
    .orderBy('t.last_post_at', 'desc')
    .orderBy('t.id', 'desc');
}

type ThreadListRow = Awaited<ReturnType<ReturnType<typeof selectThreads>['execute']>>[number];

function summarise(row: ThreadListRow, lastVisitAt: number | null): ThreadSummary {
  const read = row.last_read_post_id ?? 0;
  const unread = row.last_post_id !== null && row.last_post_id > read ? row.post_count - (row.read_count ?? 0) : 0;
  return {
    id: row.id,
    title: row.title,
    author: row.author_id !== null ? { memberId: row.author_id, displayName: row.author_name ?? '' } : null,
    createdAt: isoFromMs(row.created_at),
    lastPostAt: isoFromMs(row.last_post_at),
    postCount: row.post_count,
    unreadCount: Math.max(0, unread),
    // New since the last visit, and not yet read: the member's own reply (which marks the thread
    // read for its author) is nothing new to them.
    newSinceLastVisit: lastVisitAt !== null && row.last_post_at > lastVisitAt && unread > 0,
    pinned: row.pinned_at !== null,
    locked: row.locked_at !== null,
    hasPoll: toBool(row.has_poll),
  };
}

/**
 * The room's threads: on the first page the pinned ones, then by latest post. The cursor is
 * `<lastPostAt>_<id>` of the last thread of the previous page (keyset; no OFFSET, no COUNT).
 */
export async function listThreads(
  db: Kysely<DB>,
  actor: Actor,
  roomId: number,
  page: { cursor?: string | undefined; limit?: number | undefined },
): Promise<ThreadList> {
  const access = await loadRoomAccess(db, actor, roomId);
  const limit = page.limit ?? 30;
  const [at, id] = page.cursor ? page.cursor.split('_').map(Number) : [undefined, undefined];
  const pinned = page.cursor === undefined ? await pinnedThreads.all(db, actor.memberId, roomId, PINNED_MAX) : [];
  const rows =
    at === undefined
      ? await latestThreads.all(db, actor.memberId, roomId, limit + 1)
      : await threadsBefore.all(db, actor.memberId, roomId, at, id!, limit + 1);
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: [...pinned, ...pageRows].map((r) => summarise(r, access.settings.lastVisitAt)),
    nextCursor: more && last ? `${last.last_post_at}_${last.id}` : null,
  };
}

/** The thread with the member's read marker, follow state and abilities. */
export async function getThread(db: Kysely<DB>, actor: Actor, threadId: number): Promise<Thread> {
  const access = await loadThreadAccess(db, actor, threadId);
  return presentThread(db, actor, access);
}

async function presentThread(db: Kysely<DB>, actor: Actor, access: ThreadAccess): Promise<Thread> {
  const { thread } = access;
  const [author, read, ban, poll] = await Promise.all([
    thread.author_id === null
      ? undefined
      : db
          .selectFrom('members as m')
          .select(sql<string>`m.first_name || ' ' || m.last_name`.as('name'))
          .where('m.id', '=', thread.author_id)
          .executeTakeFirst(),
    db
      .selectFrom('thread_reads')
      .select(['last_read_post_id', 'following'])
      .where('thread_id', '=', thread.id)
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst(),
    activeBan(db, thread.room_id, actor.memberId),
    pollOfThread(db, { memberId: actor.memberId, moderates: access.moderates }, thread.id),
  ]);
  return {
    id: thread.id,
    roomId: thread.room_id,
    title: thread.title,
    author: thread.author_id !== null ? { memberId: thread.author_id, displayName: author?.name ?? '' } : null,
    createdAt: isoFromMs(thread.created_at),
    pinned: thread.pinned_at !== null,
    locked: thread.locked_at !== null,
    poll,
    lastReadPostId: read && read.last_read_post_id > 0 ? read.last_read_post_id : null,
    followed: toBool(read?.following),
    permissions: {
      reply: ban === undefined && (thread.locked_at === null || access.moderates),
      moderate: access.moderates,
    },
  };
}

export interface NewThread {
  title: string;
  body: string;
  attachmentIds?: number[] | undefined;
  poll?: CreateThreadBody['poll'];
  /** The composer's draft the first post came from. */
  draftKey: string;
}

/**
 * Writes a thread with its first post (and optional poll) inside the caller's transaction; the
 * caller has checked that the actor may write in the room. The author follows it and has read it;
 * room followers and mentioned members are told. Returns the thread id.
 */
export async function openThread(trx: Kysely<DB>, actor: Actor, access: RoomAccess, input: NewThread): Promise<number> {
  const roomId = access.room.id;
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (title === '') throw new ValidationError([{ path: '/title', message: 'must not be blank' }]);
  if (input.body.trim() === '') throw new ValidationError([{ path: '/body', message: 'must not be blank' }]);
  const now = nowMs();
  const { id } = await trx
    .insertInto('threads')
    .values({ room_id: roomId, title, author_id: actor.memberId, created_at: now, updated_at: now, last_post_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.poll) await createPoll(trx, id, input.poll);
  await trx.updateTable('rooms').set({ last_activity_at: now }).where('id', '=', roomId).execute();
  await insertPost(
    trx,
    actor,
    { ...access, thread: { id, title, room_id: roomId } },
    { body: input.body, attachmentIds: input.attachmentIds ?? [], draftKey: input.draftKey, opensThread: true },
  );
  await recordLiveEvent(trx, roomScope(roomId), 'thread.created', { roomId, threadId: id });
  return id;
}

/** Opens a thread with its first post (and optional poll) in one transaction. */
export async function createThread(
  db: Kysely<DB>,
  actor: Actor,
  roomId: number,
  input: CreateThreadBody,
): Promise<Thread> {
  const access = await loadRoomAccess(db, actor, roomId);
  await assertCanWrite(db, actor, access);
  const threadId = await inTransaction(db, (trx) =>
    openThread(trx, actor, access, { ...input, draftKey: `room-${roomId}` }),
  );
  return getThread(db, actor, threadId);
}

async function loadModerated(db: Kysely<DB>, actor: Actor, threadId: number): Promise<ThreadAccess> {
  const access = await loadThreadAccess(db, actor, threadId);
  if (!access.moderates) throw new NotFoundError('thread');
  return access;
}

/** Moderators pin or unpin a thread (audited; nothing happens when it already is). */
export async function setThreadPinned(
  db: Kysely<DB>,
  actor: Actor,
  threadId: number,
  pinned: boolean,
): Promise<Thread> {
  const access = await loadModerated(db, actor, threadId);
  if ((access.thread.pinned_at !== null) !== pinned) {
    await inTransaction(db, async (trx) => {
      await trx
        .updateTable('threads')
        .set({ pinned_at: pinned ? nowMs() : null })
        .where('id', '=', threadId)
        .execute();
      await recordAudit(trx, {
        action: pinned ? 'thread.pinned' : 'thread.unpinned',
        actorAccountId: actor.accountId,
        unitId: access.room.unit_id,
        data: { roomId: access.room.id, threadId },
      });
      await recordLiveEvent(trx, roomScope(access.room.id), 'thread.updated', { roomId: access.room.id, threadId });
    });
  }
  return getThread(db, actor, threadId);
}

/** Moderators lock or unlock a thread: locked, only moderators write in it (audited). */
export async function setThreadLocked(
  db: Kysely<DB>,
  actor: Actor,
  threadId: number,
  locked: boolean,
): Promise<Thread> {
  const access = await loadModerated(db, actor, threadId);
  if ((access.thread.locked_at !== null) !== locked) {
    await inTransaction(db, async (trx) => {
      await trx
        .updateTable('threads')
        .set(locked ? { locked_at: nowMs(), locked_by: actor.memberId } : { locked_at: null, locked_by: null })
        .where('id', '=', threadId)
        .execute();
      await recordAudit(trx, {
        action: locked ? 'thread.locked' : 'thread.unlocked',
        actorAccountId: actor.accountId,
        unitId: access.room.unit_id,
        data: { roomId: access.room.id, threadId },
      });
      await recordLiveEvent(trx, roomScope(access.room.id), 'thread.updated', { roomId: access.room.id, threadId });
    });
  }
  return getThread(db, actor, threadId);
}
