/**
 * Reactions: a member adds or takes back one of the fixed emoji on a post. Writing rules are the
 * room's (bans, code of conduct, locked threads); deleted posts take no reactions.
 */
import type { Kysely } from 'kysely';
import type { ReactionEmoji, ReactionList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { nowMs } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { inTransaction, recordLiveEvent, roomScope } from '../live/live.events.ts';
import { assertCanWrite, loadPostAccess } from '../rooms/rooms.access.ts';
import { reactionsOfPosts } from './posts.present.ts';

/** Adds (`on`) or removes the member's reaction; answers the post's reactions as they are now. */
export async function setReaction(
  db: Kysely<DB>,
  actor: Actor,
  postId: number,
  emoji: ReactionEmoji,
  on: boolean,
): Promise<ReactionList> {
  const access = await loadPostAccess(db, actor, postId);
  const { post } = access;
  if (post.deleted_at !== null) throw new DomainError('post_deleted');
  await assertCanWrite(db, actor, access);
  await inTransaction(db, async (trx) => {
    const changed = on
      ? await trx
          .insertInto('reactions')
          .values({ post_id: postId, member_id: actor.memberId, emoji, created_at: nowMs() })
          .onConflict((oc) => oc.columns(['post_id', 'member_id', 'emoji']).doNothing())
          .executeTakeFirst()
          .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0))
      : await trx
          .deleteFrom('reactions')
          .where('post_id', '=', postId)
          .where('member_id', '=', actor.memberId)
          .where('emoji', '=', emoji)
          .executeTakeFirst()
          .then((r) => Number(r.numDeletedRows));
    if (changed > 0) {
      await recordLiveEvent(trx, roomScope(post.room_id), 'reaction.changed', {
        roomId: post.room_id,
        threadId: post.thread_id,
        postId,
      });
    }
  });
  const reactions = await reactionsOfPosts(db, [postId], actor.memberId);
  return { reactions: reactions.get(postId) ?? [] };
}
