/**
 * Who is told about a new post or thread, inside its transaction: people mentioned by name
 * (`@[Name](m:ID)`), the board of the room's unit (`@vorstand`), its moderators (`@moderation`),
 * the author of the post replied to, followers of the thread (replies) and followers of the room
 * (new threads). Everyone is filtered to members who can see the room right now; replies and new
 * threads skip members who muted or left the room; the author is never told about their own post.
 * Each person gets one notification per post, the most direct kind (mention, then reply, then thread).
 */
import type { Kysely } from 'kysely';
import { BOARD_ROLES } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { prepared } from '../db/prepared.ts';
import type { Mentions } from '../markdown/markdown.ts';
import { notify, type NotificationKind } from '../notifications/notifications.service.ts';
import { whoCanSee } from '../rooms/rooms.repository.ts';
import { ancestorIdsOfUnit, type RoomAccess } from '../rooms/rooms.access.ts';

export interface NewPostFacts {
  authorId: number;
  threadId: number;
  postId: number;
  title: string;
  /** Who the post's text mentions (see `extractMentions`). */
  mentions: Mentions;
  /** Author of the post replied to, if any. */
  parentAuthorId: number | null;
  /** The post opens a new thread. */
  opensThread: boolean;
}

async function mentioned(trx: Kysely<DB>, access: RoomAccess, { memberIds, roles }: Mentions): Promise<number[]> {
  const ids = [...memberIds];
  if (roles.includes('vorstand')) {
    const board = await trx
      .selectFrom('member_roles')
      .select('member_id')
      .where('unit_id', '=', access.room.unit_id)
      .where('role', 'in', [...BOARD_ROLES])
      .execute();
    ids.push(...board.map((r) => r.member_id));
  }
  if (roles.includes('moderation')) {
    const units = [...(await ancestorIdsOfUnit(trx, access.room.unit_id)), access.room.unit_id];
    const moderators = await trx
      .selectFrom('member_roles')
      .select('member_id')
      .where('unit_id', 'in', units)
      .where('role', '=', 'moderator')
      .execute();
    ids.push(...moderators.map((r) => r.member_id));
  }
  return ids;
}

async function followers(trx: Kysely<DB>, access: RoomAccess, facts: NewPostFacts): Promise<number[]> {
  if (facts.opensThread) {
    const rows = await trx
      .selectFrom('room_settings')
      .select('member_id')
      .where('room_id', '=', access.room.id)
      .where('following', '=', true)
      .execute();
    return rows.map((r) => r.member_id);
  }
  const rows = await threadFollowers.all(trx, facts.threadId);
  return rows.map((r) => r.member_id);
}

const threadFollowers = prepared((db, threadId: number) =>
  db.selectFrom('thread_reads').select('member_id').where('thread_id', '=', threadId).where('following', '=', true),
);

/** Of the members, those who muted or left the room. */
async function quietIn(trx: Kysely<DB>, roomId: number, memberIds: number[]): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('room_settings')
    .select('member_id')
    .where('room_id', '=', roomId)
    .where('member_id', 'in', memberIds)
    .where((eb) => eb.or([eb('muted', '=', true), eb('left_at', 'is not', null)]))
    .execute();
  return new Set(rows.map((r) => r.member_id));
}

/** Tells everyone entitled about a new post (or the first post of a new thread). */
export async function notifyAboutPost(trx: Kysely<DB>, access: RoomAccess, facts: NewPostFacts): Promise<void> {
  const kindOf = new Map<number, NotificationKind>();
  const add = (ids: number[], kind: NotificationKind) => {
    for (const id of ids) if (id !== facts.authorId && !kindOf.has(id)) kindOf.set(id, kind);
  };
  add(await mentioned(trx, access, facts.mentions), 'mention');
  if (facts.parentAuthorId !== null) add([facts.parentAuthorId], 'reply');
  add(await followers(trx, access, facts), facts.opensThread ? 'thread' : 'reply');
  if (kindOf.size === 0) return;

  const policy =
    access.room.audience === 'invite'
      ? { ...access.policy, unitAncestorIds: await ancestorIdsOfUnit(trx, access.room.unit_id) }
      : access.policy;
  const entitled = new Set(await whoCanSee(trx, policy, [...kindOf.keys()]));
  const quiet = await quietIn(trx, access.room.id, [...entitled]);
  const byKind = new Map<NotificationKind, number[]>();
  for (const [id, kind] of kindOf) {
    if (!entitled.has(id) || (kind !== 'mention' && quiet.has(id))) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  }
  for (const [kind, recipients] of byKind) {
    await notify(trx, recipients, {
      kind,
      actorMemberId: facts.authorId,
      roomId: access.room.id,
      threadId: facts.threadId,
      postId: facts.postId,
      title: facts.title,
    });
  }
}
