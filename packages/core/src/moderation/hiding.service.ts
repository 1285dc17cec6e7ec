/**
 * Hiding and restoring posts. A hidden post stays in its thread; members see that it was hidden
 * and why, moderators still see its content. Hiding closes the post's open reports as resolved.
 * Both are audited (who, which post, why — never the content) and announced live to the room.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { nowMs } from '../db/database.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { inTransaction, recordLiveEvent, roomScope } from '../live/live.events.ts';
import { canModerateRoom } from '../rooms/rooms.policy.ts';
import { requireVisiblePost } from './moderation.access.ts';
import { announceToModerators } from './reports.service.ts';

async function requireModeratedPost(db: Kysely<DB>, actor: Actor, postId: number) {
  const found = await requireVisiblePost(db, actor, postId);
  if (!canModerateRoom(actor, found.room)) throw new NotFoundError('post');
  return found;
}

/**
 * Hides a post with a reason. Hiding a hidden post changes nothing (the first reason stays);
 * 409 for a deleted post; 404 unless the actor moderates the room.
 */
export async function hidePost(db: Kysely<DB>, actor: Actor, postId: number, reason: string): Promise<void> {
  const text = reason.trim();
  if (text.length === 0) throw new ValidationError([{ path: '/reason', message: 'say why' }]);
  const { post, room } = await requireModeratedPost(db, actor, postId);
  if (post.deleted_at !== null) throw new DomainError('post_deleted');
  if (post.hidden_at !== null) return;
  await inTransaction(db, async (trx) => {
    const now = nowMs();
    const hidden = await trx
      .updateTable('posts')
      .set({ hidden_at: now, hidden_by: actor.memberId, hidden_reason: text })
      .where('id', '=', post.id)
      .where('hidden_at', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(hidden.numUpdatedRows) === 0) return;
    const closed = await trx
      .updateTable('reports')
      .set({ status: 'resolved', resolved_by: actor.memberId, resolved_at: now, resolution: text })
      .where('post_id', '=', post.id)
      .where('status', '=', 'open')
      .returning('id')
      .execute();
    await recordAudit(trx, {
      action: 'post.hidden',
      actorAccountId: actor.accountId,
      subjectMemberId: post.author_id,
      unitId: room.unitId,
      data: {
        roomId: room.id,
        threadId: post.thread_id,
        postId: post.id,
        reason: text,
        reportIds: closed.map((r) => r.id),
      },
    });
    await recordLiveEvent(trx, roomScope(room.id), 'post.hidden', {
      roomId: room.id,
      threadId: post.thread_id,
      postId: post.id,
    });
    if (closed.length > 0) await announceToModerators(trx, room, 'report.settled', post.id);
  });
}

/** Shows a hidden post again. Restoring a visible post changes nothing; 404 unless the actor moderates the room. */
export async function restorePost(db: Kysely<DB>, actor: Actor, postId: number): Promise<void> {
  const { post, room } = await requireModeratedPost(db, actor, postId);
  if (post.hidden_at === null) return;
  await inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('posts')
      .select('hidden_reason')
      .where('id', '=', post.id)
      .where('hidden_at', 'is not', null)
      .executeTakeFirst();
    if (!before) return;
    await trx
      .updateTable('posts')
      .set({ hidden_at: null, hidden_by: null, hidden_reason: null })
      .where('id', '=', post.id)
      .execute();
    await recordAudit(trx, {
      action: 'post.restored',
      actorAccountId: actor.accountId,
      subjectMemberId: post.author_id,
      unitId: room.unitId,
      data: { roomId: room.id, threadId: post.thread_id, postId: post.id, hiddenReason: before.hidden_reason },
    });
    await recordLiveEvent(trx, roomScope(room.id), 'post.restored', {
      roomId: room.id,
      threadId: post.thread_id,
      postId: post.id,
    });
  });
}
