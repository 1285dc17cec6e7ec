/**
 * In-app notifications. (Stub; the notifications module owns and completes this file.)
 * `notify` is called inside the causing transaction by the module that knows the recipients;
 * recipients must already be filtered to members who can see the room.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs, toJson } from '../db/database.ts';
import { memberScope, recordLiveEvent } from '../live/live.events.ts';

export type NotificationKind = 'mention' | 'reply' | 'thread';

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

export async function notify(trx: Kysely<DB>, recipients: number[], input: NotificationInput): Promise<void> {
  const now = nowMs();
  for (const memberId of new Set(recipients)) {
    if (memberId === input.actorMemberId) continue;
    const { id } = await trx
      .insertInto('notifications')
      .values({ member_id: memberId, kind: input.kind, data: toJson(input), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordLiveEvent(trx, memberScope(memberId), 'notification.created', { id, ...input });
  }
}
