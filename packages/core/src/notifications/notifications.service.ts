/**
 * In-app notifications: mentions, replies to one's posts, new threads in rooms one follows.
 * `notify` is called inside the causing transaction by the module that knows the recipients;
 * recipients must already be filtered to members who can see the room. Lists drop what the member
 * can no longer see (the roster may have moved them since), so a lost room never shows its name
 * or titles. Marking read is announced on the member's scope, so every device updates its bell.
 */
import type { Kysely } from 'kysely';
import type { NotificationKindName, NotificationList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isoFromMs, nowMs, toJson } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import { inTransaction, memberScope, recordLiveEvent, recordLiveEvents } from '../live/live.events.ts';
import { visibleRoomIds, type PolicyActor } from '../rooms/rooms.policy.ts';

export type NotificationKind = NotificationKindName;

export interface NotificationInput {
  kind: NotificationKind;
  /** Who caused it (never notified about their own action). */
  actorMemberId: number;
  roomId: number;
  threadId: number;
  postId?: number;
  /** The thread title, for the list. */
  title: string;
}

/** When one post gives a member several reasons to hear of it, the strongest wins. */
const PRIORITY: Record<NotificationKind, number> = { idea_answered: 1, thread: 1, reply: 2, mention: 3 };

/** Rows per statement: well inside SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/** Where the web app shows what a notification points at. */
export function notificationUrl(roomId: number, threadId: number, postId: number | null): string {
  return `/raeume/${roomId}/themen/${threadId}${postId === null ? '' : `#beitrag-${postId}`}`;
}

/**
 * Stores one notification per recipient and announces it on their member scope. Never the actor;
 * a member who already has a notification about the same post gets no second one (a reply that
 * also mentions them is one "mention": mention > reply > thread). A notification without a post
 * (an answered idea) is not repeated while the member has an unread one of the same kind on the thread.
 */
export async function notify(trx: Kysely<DB>, recipients: number[], input: NotificationInput): Promise<void> {
  const members = [...new Set(recipients)].filter((id) => id !== input.actorMemberId);
  const postId = input.postId ?? null;
  const now = nowMs();
  for (let i = 0; i < members.length; i += CHUNK) {
    const chunk = members.slice(i, i + CHUNK);
    const existing = await trx
      .selectFrom('notifications')
      .select(['id', 'member_id', 'kind'])
      .where('member_id', 'in', chunk)
      .where('thread_id', '=', input.threadId)
      .where((eb) =>
        postId === null
          ? eb.and([eb('post_id', 'is', null), eb('kind', '=', input.kind), eb('read_at', 'is', null)])
          : eb('post_id', '=', postId),
      )
      .execute();
    const had = new Set(existing.map((n) => n.member_id));
    const weaker = existing.filter((n) => PRIORITY[n.kind] < PRIORITY[input.kind]);
    if (weaker.length > 0) {
      await trx
        .updateTable('notifications')
        .set({ kind: input.kind, read_at: null })
        .where(
          'id',
          'in',
          weaker.map((n) => n.id),
        )
        .execute();
    }
    const fresh = chunk.filter((id) => !had.has(id));
    const inserted =
      fresh.length === 0
        ? []
        : await trx
            .insertInto('notifications')
            .values(
              fresh.map((memberId) => ({
                member_id: memberId,
                kind: input.kind,
                room_id: input.roomId,
                thread_id: input.threadId,
                post_id: postId,
                actor_id: input.actorMemberId,
                data: toJson({ title: input.title }),
                created_at: now,
              })),
            )
            .returning(['id', 'member_id'])
            .execute();
    await recordLiveEvents(
      trx,
      [...inserted, ...weaker].map((n) => ({
        scope: memberScope(n.member_id),
        type: 'notification.created',
        payload: { id: n.id, kind: input.kind, roomId: input.roomId, threadId: input.threadId, postId },
      })),
    );
  }
}

/** The member's notifications in rooms they can still see (not archived), in threads that still exist. */
function visibleNotifications(db: Kysely<DB>, actor: PolicyActor) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('threads as t', 't.id', 'n.thread_id')
    .innerJoin('rooms as r', 'r.id', 'n.room_id')
    .where('n.member_id', '=', actor.memberId)
    .where('n.room_id', 'in', visibleRoomIds(db, actor))
    .where('r.archived_at', 'is', null)
    .where('t.deleted_at', 'is', null);
}

/** How many of the member's visible notifications are unread. */
export async function unreadNotificationCount(db: Kysely<DB>, actor: PolicyActor): Promise<number> {
  const { n } = await visibleNotifications(db, actor)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('n.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export interface NotificationPage {
  /** The previous page's `nextCursor`. */
  cursor?: number | undefined;
  unreadOnly?: boolean | undefined;
  limit: number;
}

/** The member's notifications, newest first, with the unread count for the bell. */
export async function listNotifications(
  db: Kysely<DB>,
  actor: PolicyActor,
  page: NotificationPage,
): Promise<NotificationList> {
  const rows = await visibleNotifications(db, actor)
    .leftJoin('members as a', 'a.id', 'n.actor_id')
    // An answered idea points at the idea's page rather than at its discussion thread.
    .leftJoin('ideas as i', (join) => join.onRef('i.thread_id', '=', 'n.thread_id').on('n.kind', '=', 'idea_answered'))
    .select([
      'i.id as idea_id',
      'i.process_id',
      'n.id',
      'n.kind',
      'n.created_at',
      'n.read_at',
      'n.room_id',
      'n.thread_id',
      'n.post_id',
      'n.actor_id',
      'r.name as room_name',
      't.title',
      'a.first_name',
      'a.last_name',
    ])
    .$if(page.unreadOnly === true, (q) => q.where('n.read_at', 'is', null))
    .$if(page.cursor !== undefined, (q) => q.where('n.id', '<', page.cursor!))
    .orderBy('n.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((n) => ({
    id: n.id,
    kind: n.kind,
    createdAt: isoFromMs(n.created_at),
    read: n.read_at !== null,
    actor:
      n.actor_id === null || n.first_name === null
        ? null
        : { memberId: n.actor_id, displayName: `${n.first_name} ${n.last_name ?? ''}`.trim() },
    room: { id: n.room_id, name: n.room_name },
    thread: { id: n.thread_id, title: n.title },
    postId: n.post_id,
    url:
      n.idea_id !== null && n.process_id !== null
        ? `/programm/${n.process_id}/ideen/${n.idea_id}`
        : notificationUrl(n.room_id, n.thread_id, n.post_id),
  }));
  return {
    items,
    unread: await unreadNotificationCount(db, actor),
    nextCursor: rows.length > page.limit ? String(items.at(-1)!.id) : null,
  };
}

/**
 * Marks the given notifications (or all of them) read, on every device: the member's clients
 * hear `notifications.read`. Ids that are not the member's are ignored. Returns the new unread count.
 */
export async function markNotificationsRead(
  db: Kysely<DB>,
  actor: PolicyActor,
  which: { ids?: number[] | undefined; all?: boolean | undefined },
): Promise<number> {
  if (!which.all && (which.ids === undefined || which.ids.length === 0)) {
    throw new ValidationError([{ path: '/ids', message: 'give ids or all: true' }]);
  }
  await inTransaction(db, async (trx) => {
    const marked = await trx
      .updateTable('notifications')
      .set({ read_at: nowMs() })
      .where('member_id', '=', actor.memberId)
      .where('read_at', 'is', null)
      .$if(!which.all, (q) => q.where('id', 'in', which.ids!))
      .returning('id')
      .execute();
    if (marked.length === 0) return;
    await recordLiveEvent(
      trx,
      memberScope(actor.memberId),
      'notifications.read',
      which.all ? { all: true } : { ids: marked.map((n) => n.id) },
    );
  });
  return unreadNotificationCount(db, actor);
}
