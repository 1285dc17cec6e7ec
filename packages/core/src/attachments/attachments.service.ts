/**
 * Attachments of posts. (Stub; the attachments module owns and completes this file.)
 */
import type { Kysely } from 'kysely';
import type { AttachmentView } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';

/**
 * Links uploaded attachments to a new post. Each must have been uploaded by the author to the same
 * room and not be linked yet; otherwise 422 `validation_failed` (nothing is linked).
 */
export async function attachToPost(
  _trx: Kysely<DB>,
  _input: { memberId: number; roomId: number; postId: number; attachmentIds: number[] },
): Promise<void> {}

/** The attachments of posts, by post id, for presenting them. */
export async function attachmentsOfPosts(_db: Kysely<DB>, _postIds: number[]): Promise<Map<number, AttachmentView[]>> {
  return new Map();
}
