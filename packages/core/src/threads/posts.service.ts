/**
 * Posts: a thread's posts (keyset by id, the latest 50 by default), writing a post or reply with
 * an optional quote, editing with a visible history, and deleting (by the author, or a moderator —
 * audited). Every change is recorded live for the room.
 */
import { sql, type Kysely } from 'kysely';
import type { CreatePostBody, Post, PostList, PostRevisionList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { extractMentions, renderMarkdown, type Mentions } from '../markdown/markdown.ts';
import { attachToPost } from '../attachments/attachments.service.ts';
import { inTransaction, recordLiveEvent, roomScope } from '../live/live.events.ts';
import {
  assertCanWrite,
  loadPostAccess,
  loadThreadAccess,
  type RoomAccess,
  type ThreadAccess,
} from '../rooms/rooms.access.ts';
import { presentNewPost, presentPost, presentPosts, selectPosts, type PostViewer } from './posts.present.ts';
import { notifyAboutPost } from './threads.notifications.ts';

const viewerOf = (actor: Actor, access: ThreadAccess): PostViewer => ({
  memberId: actor.memberId,
  moderates: access.moderates,
  locked: access.thread.locked_at !== null,
});

const latestPosts = prepared((db, threadId: number, limit: number) =>
  selectPosts(db).where('p.thread_id', '=', threadId).orderBy('p.id', 'desc').limit(limit),
);
const postsBefore = prepared((db, threadId: number, before: number, limit: number) =>
  selectPosts(db).where('p.thread_id', '=', threadId).where('p.id', '<', before).orderBy('p.id', 'desc').limit(limit),
);
const postsAfter = prepared((db, threadId: number, after: number, limit: number) =>
  selectPosts(db).where('p.thread_id', '=', threadId).where('p.id', '>', after).orderBy('p.id', 'asc').limit(limit),
);

/**
 * A page of the thread's posts, oldest first: the latest `limit` by default, those before a post
 * id (scrolling up) or after one (catching up).
 */
export async function listPosts(
  db: Kysely<DB>,
  actor: Actor,
  threadId: number,
  page: { before?: string | undefined; after?: string | undefined; limit?: number | undefined },
): Promise<PostList> {
  if (page.before !== undefined && page.after !== undefined) {
    throw new ValidationError([{ path: '/querystring/after', message: 'give either before or after' }]);
  }
  const access = await loadThreadAccess(db, actor, threadId);
  const limit = page.limit ?? 50;
  let rows;
  let hasOlder: boolean;
  let hasNewer: boolean;
  if (page.after !== undefined) {
    rows = await postsAfter.all(db, threadId, Number(page.after), limit + 1);
    hasNewer = rows.length > limit;
    rows = rows.slice(0, limit);
    hasOlder = true;
  } else {
    const before = page.before !== undefined ? Number(page.before) : undefined;
    rows =
      before === undefined
        ? await latestPosts.all(db, threadId, limit + 1)
        : await postsBefore.all(db, threadId, before, limit + 1);
    hasOlder = rows.length > limit;
    rows = rows.slice(0, limit).reverse();
    hasNewer = before !== undefined && (access.thread.last_post_id ?? 0) >= before;
  }
  return { items: await presentPosts(db, viewerOf(actor, access), rows), hasOlder, hasNewer };
}

/**
 * The post's HTML, with every person mentioned shown under their current name (not the one
 * typed into the text, which an author could change by hand).
 */
async function renderBody(db: Kysely<DB>, body: string, mentions: Mentions): Promise<string> {
  if (mentions.memberIds.length === 0) return renderMarkdown(body);
  const rows = await db
    .selectFrom('members as m')
    .select(['m.id', sql<string>`m.first_name || ' ' || m.last_name`.as('name')])
    .where('m.id', 'in', mentions.memberIds)
    .execute();
  return renderMarkdown(body, { memberNames: new Map(rows.map((r) => [r.id, r.name])) });
}

export interface PostInput {
  body: string;
  parentId?: number | undefined;
  parentAuthorId?: number | null;
  quoteId?: number | undefined;
  attachmentIds: number[];
  /** The composer's draft this post came from; it is gone once the post is written. */
  draftKey: string;
  opensThread: boolean;
}

const insertPostRow = prepared(
  (
    db,
    threadId: number,
    roomId: number,
    authorId: number,
    parentId: number | null,
    quoteId: number | null,
    body: string,
    bodyHtml: string,
    now: number,
  ) =>
    db
      .insertInto('posts')
      .values({
        thread_id: threadId,
        room_id: roomId,
        author_id: authorId,
        parent_id: parentId,
        quote_id: quoteId,
        body,
        body_html: bodyHtml,
        created_at: now,
      })
      .returning('id'),
);

// Concurrent posts commit in any order: the latest post id only ever grows.
const countPostInThread = prepared((db, postId: number, now: number, threadId: number) =>
  db
    .updateTable('threads')
    .set({
      last_post_id: sql<number>`case when last_post_id is null or last_post_id < ${postId} then ${postId} else last_post_id end`,
      last_post_at: now,
      post_count: sql<number>`post_count + 1`,
      updated_at: now,
    })
    .where('id', '=', threadId)
    .returning('post_count'),
);

const markReadByAuthor = prepared(
  (db, threadId: number, memberId: number, following: boolean, postId: number, readCount: number, now: number) =>
    db
      .insertInto('thread_reads')
      .values({
        thread_id: threadId,
        member_id: memberId,
        following,
        last_read_post_id: postId,
        read_count: readCount,
        read_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['thread_id', 'member_id']).doUpdateSet({
          last_read_post_id: (eb) => eb.ref('excluded.last_read_post_id'),
          read_count: (eb) => eb.ref('excluded.read_count'),
          read_at: (eb) => eb.ref('excluded.read_at'),
        }),
      ),
);

const deleteDraft = prepared((db, memberId: number, key: string) =>
  db.deleteFrom('drafts').where('member_id', '=', memberId).where('key', '=', key),
);

/**
 * Writes a post inside the caller's transaction: the row, the thread's counters, attachments,
 * the author's read marker, the live event and the notifications. Returns the post id.
 */
export async function insertPost(
  trx: Kysely<DB>,
  actor: Actor,
  access: RoomAccess & { thread: { id: number; title: string; room_id: number } },
  input: PostInput,
): Promise<number> {
  const now = nowMs();
  const mentions = extractMentions(input.body);
  const roomId = access.room.id;
  const threadId = access.thread.id;
  const bodyHtml = await renderBody(trx, input.body, mentions);
  const { id: postId } = (await insertPostRow.first(
    trx,
    threadId,
    roomId,
    actor.memberId,
    input.parentId ?? null,
    input.quoteId ?? null,
    input.body,
    bodyHtml,
    now,
  ))!;
  const { post_count } = (await countPostInThread.first(trx, postId, now, threadId))!;
  if (input.attachmentIds.length > 0) {
    await attachToPost(trx, { memberId: actor.memberId, roomId, postId, attachmentIds: input.attachmentIds });
  }
  // The author has read the thread up to their own post; who opens a thread follows it.
  await markReadByAuthor.all(trx, threadId, actor.memberId, input.opensThread, postId, post_count, now);
  await deleteDraft.all(trx, actor.memberId, input.draftKey);
  if (!input.opensThread) {
    await recordLiveEvent(trx, roomScope(roomId), 'post.created', { roomId, threadId, postId });
  }
  await notifyAboutPost(trx, access, {
    authorId: actor.memberId,
    threadId,
    postId,
    title: access.thread.title,
    mentions,
    parentAuthorId: input.parentAuthorId ?? null,
    opensThread: input.opensThread,
  });
  return postId;
}

/** A post of the same thread that a reply or quote refers to; 422 naming the field otherwise. */
async function postOfThread(db: Kysely<DB>, threadId: number, postId: number, path: string) {
  const post = await db
    .selectFrom('posts')
    .select(['id', 'author_id', 'deleted_at'])
    .where('id', '=', postId)
    .where('thread_id', '=', threadId)
    .executeTakeFirst();
  if (!post) throw new ValidationError([{ path, message: 'not a post of this thread' }]);
  return post;
}

/** Writes a post or a reply (optionally quoting a post of the thread). */
export async function createPost(db: Kysely<DB>, actor: Actor, threadId: number, input: CreatePostBody): Promise<Post> {
  const access = await loadThreadAccess(db, actor, threadId);
  await assertCanWrite(db, actor, access);
  if (input.body.trim() === '') throw new ValidationError([{ path: '/body', message: 'must not be blank' }]);
  const parent =
    input.parentId !== undefined ? await postOfThread(db, threadId, input.parentId, '/parentId') : undefined;
  if (input.quoteId !== undefined) await postOfThread(db, threadId, input.quoteId, '/quoteId');
  const postId = await inTransaction(db, (trx) =>
    insertPost(trx, actor, access, {
      body: input.body,
      parentId: input.parentId,
      parentAuthorId: parent && parent.deleted_at === null ? parent.author_id : null,
      quoteId: input.quoteId,
      attachmentIds: input.attachmentIds ?? [],
      draftKey: `thread-${threadId}`,
      opensThread: false,
    }),
  );
  return presentNewPost(db, viewerOf(actor, access), postId, (input.attachmentIds ?? []).length > 0);
}

/** The author edits their post; the text before is kept as a revision everyone can read. */
export async function editPost(db: Kysely<DB>, actor: Actor, postId: number, body: string): Promise<Post> {
  const access = await loadPostAccess(db, actor, postId);
  const { post } = access;
  if (post.author_id !== actor.memberId) throw new NotFoundError('post');
  if (post.deleted_at !== null) throw new DomainError('post_deleted');
  if (post.hidden_at !== null) throw new DomainError('post_hidden');
  await assertCanWrite(db, actor, access);
  if (body.trim() === '') throw new ValidationError([{ path: '/body', message: 'must not be blank' }]);
  if (body !== post.body) {
    await inTransaction(db, async (trx) => {
      const now = nowMs();
      await trx
        .insertInto('post_revisions')
        .values({ post_id: postId, body: post.body, edited_by: actor.memberId, created_at: now })
        .execute();
      await trx
        .updateTable('posts')
        .set({
          body,
          body_html: await renderBody(trx, body, extractMentions(body)),
          edited_at: now,
          edit_count: sql<number>`edit_count + 1`,
        })
        .where('id', '=', postId)
        .execute();
      await recordLiveEvent(trx, roomScope(post.room_id), 'post.updated', {
        roomId: post.room_id,
        threadId: post.thread_id,
        postId,
      });
    });
  }
  return presentPost(db, viewerOf(actor, access), postId);
}

/** Earlier versions of a post, newest first (nothing for deleted posts; moderators only for hidden ones). */
export async function listRevisions(db: Kysely<DB>, actor: Actor, postId: number): Promise<PostRevisionList> {
  const access = await loadPostAccess(db, actor, postId);
  const { post } = access;
  if (post.deleted_at !== null || (post.hidden_at !== null && !access.moderates)) return { items: [] };
  const rows = await db
    .selectFrom('post_revisions as r')
    .leftJoin('members as m', 'm.id', 'r.edited_by')
    .select([
      'r.body',
      'r.created_at',
      'r.edited_by',
      sql<string | null>`m.first_name || ' ' || m.last_name`.as('name'),
    ])
    .where('r.post_id', '=', postId)
    .orderBy('r.id', 'desc')
    .execute();
  return {
    items: rows.map((r) => ({
      body: r.body,
      editedAt: isoFromMs(r.created_at),
      editedBy: r.edited_by !== null ? { memberId: r.edited_by, displayName: r.name ?? '' } : null,
    })),
  };
}

/**
 * The author or a moderator deletes a post: its text and history are gone for everyone, the
 * post stays in the thread as "deleted". A moderator deleting someone else's post is audited.
 */
export async function deletePost(db: Kysely<DB>, actor: Actor, postId: number): Promise<void> {
  const access = await loadPostAccess(db, actor, postId);
  const { post } = access;
  const own = post.author_id === actor.memberId;
  if (!own && !access.moderates) throw new NotFoundError('post');
  if (post.deleted_at !== null) return;
  if (own && !access.moderates) await assertCanWrite(db, actor, access);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('posts')
      .set({ body: '', body_html: '', deleted_at: nowMs(), deleted_by: actor.memberId })
      .where('id', '=', postId)
      .execute();
    await trx.deleteFrom('post_revisions').where('post_id', '=', postId).execute();
    await trx.deleteFrom('reactions').where('post_id', '=', postId).execute();
    if (!own) {
      await recordAudit(trx, {
        action: 'post.deleted_by_moderator',
        actorAccountId: actor.accountId,
        subjectMemberId: post.author_id,
        unitId: access.room.unit_id,
        data: { roomId: post.room_id, threadId: post.thread_id, postId },
      });
    }
    await recordLiveEvent(trx, roomScope(post.room_id), 'post.deleted', {
      roomId: post.room_id,
      threadId: post.thread_id,
      postId,
    });
  });
}

/**
 * After a member is erased, the posts (and earlier versions) that mention them name them no more:
 * the name typed into each mention becomes the erased member's display name, and the HTML is
 * rendered again from the current names. Runs in the erasure's transaction, after the roster entry
 * was renamed. The rooms' live clients are told, so an open thread shows the new text.
 */
export async function forgetMentionsOf(trx: Kysely<DB>, memberId: number, erasedName: string): Promise<void> {
  const marker = `](m:${memberId})`;
  const mention = new RegExp(String.raw`@\[[^\]\n]{1,100}\]\(m:${memberId}\)`, 'g');
  const replacement = `@[${erasedName}](m:${memberId})`;
  const posts = await trx
    .selectFrom('posts')
    .select(['id', 'body', 'room_id', 'thread_id'])
    .where('body', 'like', `%${marker}%`)
    .execute();
  for (const post of posts) {
    const body = post.body.replace(mention, replacement);
    await trx
      .updateTable('posts')
      .set({ body, body_html: await renderBody(trx, body, extractMentions(body)) })
      .where('id', '=', post.id)
      .execute();
    await recordLiveEvent(trx, roomScope(post.room_id), 'post.updated', {
      roomId: post.room_id,
      threadId: post.thread_id,
      postId: post.id,
    });
  }
  const revisions = await trx
    .selectFrom('post_revisions')
    .select(['id', 'body'])
    .where('body', 'like', `%${marker}%`)
    .execute();
  for (const revision of revisions) {
    await trx
      .updateTable('post_revisions')
      .set({ body: revision.body.replace(mention, replacement) })
      .where('id', '=', revision.id)
      .execute();
  }
}
