/**
 * Attachments of posts: a member uploads a file into a room they can write in, then names it when
 * writing the thread or post that carries it. Until then only the uploader can fetch it; after
 * that everyone who can see the post. Files live on disk under random keys (`uploadDir`, shared
 * by every node), the rows in `attachments`.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ROOM_LIMITS, type AttachmentView } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { nowMs } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { assertCanWrite, loadRoomAccess } from '../rooms/rooms.access.ts';
import { chunks } from '../members/members.repository.ts';
import { enqueueJob } from '../jobs/jobs.queue.ts';
import type { JobHandler } from '../jobs/jobs.worker.ts';
import { inspectAttachment } from './attachments.content.ts';
import { cleanFileName, readAttachmentFile, removeAttachmentFile, storeAttachmentFile } from './attachments.files.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The job that removes uploads never posted (see {@link removeOrphanAttachments}). */
export const ATTACHMENT_CLEANUP_JOB = 'attachments.cleanup';
/** Uploads a member may hold unlinked at once (a full disk is not a way to post). */
export const MAX_PENDING_UPLOADS = 50;

export interface AttachmentSettings {
  /** The uploads folder (shared by all nodes). */
  uploadDir: string;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
}

type AttachmentRow = {
  id: number;
  file_name: string;
  media_type: string;
  size: number;
  width: number | null;
  height: number | null;
};

function present(row: AttachmentRow): AttachmentView {
  return {
    id: row.id,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size,
    width: row.width,
    height: row.height,
    url: `/api/v1/attachments/${row.id}`,
  };
}

const VIEW_COLUMNS = ['id', 'file_name', 'media_type', 'size', 'width', 'height'] as const;

/**
 * Stores an upload for a room the actor can write in. The order matters: who may (404 for a room
 * they cannot see, 403 when banned), then what it is (type by content, images re-encoded), then
 * the file and its row — so a refused upload leaves nothing behind.
 */
export async function uploadAttachment(
  db: Kysely<DB>,
  actor: Actor,
  input: { roomId: number; fileName: string; data: Buffer },
  settings: AttachmentSettings,
): Promise<AttachmentView> {
  if (input.data.length > settings.maxBytes) throw new DomainError('attachment_too_large');
  const access = await loadRoomAccess(db, actor, input.roomId);
  await assertCanWrite(db, actor, access);
  const pending = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('uploader_id', '=', actor.memberId)
    .where('post_id', 'is', null)
    .where('created_at', '>', nowMs() - DAY_MS)
    .executeTakeFirstOrThrow();
  if (Number(pending.n) >= MAX_PENDING_UPLOADS) throw new DomainError('rate_limited', 'too many pending uploads');

  const file = await inspectAttachment(input.data);
  const fileName = cleanFileName(input.fileName, file);
  const key = await storeAttachmentFile(settings.uploadDir, file.data);
  try {
    const row = await db
      .insertInto('attachments')
      .values({
        room_id: access.room.id,
        post_id: null,
        uploader_id: actor.memberId,
        file_name: fileName,
        media_type: file.mediaType,
        size: file.data.length,
        sha256: createHash('sha256').update(file.data).digest('hex'),
        storage_key: key,
        width: file.width,
        height: file.height,
        created_at: nowMs(),
      })
      .returning(VIEW_COLUMNS)
      .executeTakeFirstOrThrow();
    // One cleanup per day with uploads, a day after that day ends: whatever was not posted by then goes.
    const day = Math.floor(nowMs() / DAY_MS);
    await enqueueJob(
      db,
      ATTACHMENT_CLEANUP_JOB,
      {},
      { runAt: (day + 2) * DAY_MS, idempotencyKey: `${ATTACHMENT_CLEANUP_JOB}:${day}` },
    );
    return present(row);
  } catch (error) {
    await removeAttachmentFile(settings.uploadDir, key);
    throw error;
  }
}

export interface AttachmentDownload {
  view: AttachmentView;
  data: Buffer;
}

/**
 * An attachment's bytes for a viewer who may see it: its room visible to them, and either linked
 * to a post they can read (not deleted; hidden ones only for its author and moderators) or their
 * own pending upload. Everything else is 404.
 */
export async function downloadAttachment(
  db: Kysely<DB>,
  actor: Actor,
  attachmentId: number,
  uploadDir: string,
): Promise<AttachmentDownload> {
  const row = await db
    .selectFrom('attachments as a')
    .leftJoin('posts as p', 'p.id', 'a.post_id')
    .leftJoin('threads as t', 't.id', 'p.thread_id')
    .select([
      ...VIEW_COLUMNS.map((c) => `a.${c}` as const),
      'a.room_id',
      'a.post_id',
      'a.uploader_id',
      'a.storage_key',
      'p.author_id',
      'p.deleted_at',
      'p.hidden_at',
      't.deleted_at as thread_deleted_at',
    ])
    .where('a.id', '=', attachmentId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('attachment');
  const access = await loadRoomAccess(db, actor, row.room_id).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError('attachment') : error;
  });
  const readable =
    row.post_id === null
      ? row.uploader_id === actor.memberId
      : row.deleted_at === null &&
        row.thread_deleted_at === null &&
        (row.hidden_at === null || access.moderates || row.author_id === actor.memberId);
  if (!readable) throw new NotFoundError('attachment');
  const data = await readAttachmentFile(uploadDir, row.storage_key);
  if (!data) throw new NotFoundError('attachment');
  return { view: present(row), data };
}

/**
 * Links uploaded attachments to a new post, inside the post's transaction. Each must have been
 * uploaded by the author to the same room and not be linked yet, and there may be at most
 * {@link ROOM_LIMITS.attachmentsPerPost}; otherwise 422 `validation_failed` and nothing is linked.
 */
export async function attachToPost(
  trx: Kysely<DB>,
  input: { memberId: number; roomId: number; postId: number; attachmentIds: number[] },
): Promise<void> {
  const ids = [...new Set(input.attachmentIds)];
  if (ids.length === 0) return;
  const refuse = (message: string) => new ValidationError([{ path: '/attachmentIds', message }]);
  if (ids.length > ROOM_LIMITS.attachmentsPerPost) {
    throw refuse(`at most ${ROOM_LIMITS.attachmentsPerPost} attachments per post`);
  }
  const result = await trx
    .updateTable('attachments')
    .set({ post_id: input.postId })
    .where('id', 'in', ids)
    .where('uploader_id', '=', input.memberId)
    .where('room_id', '=', input.roomId)
    .where('post_id', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== ids.length) {
    // The caller's transaction rolls back, so the rows linked just now are unlinked again.
    throw refuse('unknown attachment, or not your upload to this room, or already used');
  }
}

/** The attachments of posts, by post id (in upload order), for presenting them. */
const attachmentsOfPostsQuery = prepared((db, postIds: number[]) =>
  db
    .selectFrom('attachments')
    .select([...VIEW_COLUMNS, 'post_id'])
    .where('post_id', 'in', postIds)
    .orderBy('id'),
);

export async function attachmentsOfPosts(db: Kysely<DB>, postIds: number[]): Promise<Map<number, AttachmentView[]>> {
  const byPost = new Map<number, AttachmentView[]>();
  for (const chunk of chunks([...new Set(postIds)])) {
    const rows = await attachmentsOfPostsQuery.all(db, chunk);
    for (const row of rows) {
      const list = byPost.get(row.post_id!) ?? [];
      list.push(present(row));
      byPost.set(row.post_id!, list);
    }
  }
  return byPost;
}

/**
 * Removes uploads never linked to a post within `olderThanMs` (default a day), rows and files;
 * returns how many. Safe to run again and on several nodes at once.
 */
export async function removeOrphanAttachments(
  db: Kysely<DB>,
  uploadDir: string,
  options: { olderThanMs?: number; now?: number } = {},
): Promise<number> {
  const cutoff = (options.now ?? nowMs()) - (options.olderThanMs ?? DAY_MS);
  const rows = await db
    .deleteFrom('attachments')
    .where('post_id', 'is', null)
    .where('created_at', '<', cutoff)
    .returning('storage_key')
    .execute();
  for (const row of rows) await removeAttachmentFile(uploadDir, row.storage_key);
  return rows.length;
}

/** The worker's handler for {@link ATTACHMENT_CLEANUP_JOB}. */
export function attachmentCleanupHandler(db: Kysely<DB>, uploadDir: string): JobHandler {
  return async () => {
    await removeOrphanAttachments(db, uploadDir);
  };
}
