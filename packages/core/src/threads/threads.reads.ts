/**
 * The member's own state of a thread: following it (told about every reply) and the read marker,
 * which only moves forward and tells the member's other devices live.
 */
import type { Kysely } from 'kysely';
import type { Thread } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { nowMs } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import { inTransaction, memberScope, recordLiveEvent } from '../live/live.events.ts';
import { loadThreadAccess } from '../rooms/rooms.access.ts';
import { getThread } from './threads.service.ts';

/** The member follows a thread (told about every reply) or stops following it. */
export async function setThreadFollowed(
  db: Kysely<DB>,
  actor: Actor,
  threadId: number,
  following: boolean,
): Promise<Thread> {
  await loadThreadAccess(db, actor, threadId);
  await db
    .insertInto('thread_reads')
    .values({ thread_id: threadId, member_id: actor.memberId, last_read_post_id: 0, following, read_at: nowMs() })
    .onConflict((oc) => oc.columns(['thread_id', 'member_id']).doUpdateSet({ following }))
    .execute();
  return getThread(db, actor, threadId);
}

/**
 * Moves the member's read marker forward to a post of the thread (never back). Other devices of
 * the member learn it live (`read.updated` to the member's own scope).
 */
export async function markThreadRead(
  db: Kysely<DB>,
  actor: Actor,
  threadId: number,
  lastReadPostId: number,
): Promise<void> {
  await loadThreadAccess(db, actor, threadId);
  const post = await db
    .selectFrom('posts')
    .select('id')
    .where('id', '=', lastReadPostId)
    .where('thread_id', '=', threadId)
    .executeTakeFirst();
  if (!post) throw new ValidationError([{ path: '/lastReadPostId', message: 'not a post of this thread' }]);
  await inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('thread_reads')
      .select('last_read_post_id')
      .where('thread_id', '=', threadId)
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst();
    if (current && current.last_read_post_id >= lastReadPostId) return;
    const { n } = await trx
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('thread_id', '=', threadId)
      .where('id', '<=', lastReadPostId)
      .executeTakeFirstOrThrow();
    const values = { last_read_post_id: lastReadPostId, read_count: Number(n), read_at: nowMs() };
    await trx
      .insertInto('thread_reads')
      .values({ thread_id: threadId, member_id: actor.memberId, ...values })
      .onConflict((oc) => oc.columns(['thread_id', 'member_id']).doUpdateSet(values))
      .execute();
    await recordLiveEvent(trx, memberScope(actor.memberId), 'read.updated', { threadId, lastReadPostId });
  });
}
