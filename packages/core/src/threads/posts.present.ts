/**
 * Reading posts for the API: one query for the posts with their authors and quoted posts, one for
 * the reactions of the page, one for its attachments. What a viewer may not read never leaves
 * here: deleted posts carry no body for anyone, hidden posts carry theirs to moderators only.
 */
import { sql, type Kysely } from 'kysely';
import { REACTION_EMOJI, type AttachmentView, type Post } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isoFromMs } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { attachmentsOfPosts } from '../attachments/attachments.service.ts';

const EXCERPT_LENGTH = 200;

/** The posts query: add `where`, `orderBy` and `limit`. */
export function selectPosts(db: Kysely<DB>) {
  return db
    .selectFrom('posts as p')
    .leftJoin('members as m', 'm.id', 'p.author_id')
    .leftJoin('posts as q', 'q.id', 'p.quote_id')
    .leftJoin('members as qm', 'qm.id', 'q.author_id')
    .select([
      'p.id',
      'p.thread_id',
      'p.room_id',
      'p.author_id',
      'p.parent_id',
      'p.quote_id',
      'p.body',
      'p.body_html',
      'p.created_at',
      'p.edited_at',
      'p.edit_count',
      'p.deleted_at',
      'p.hidden_at',
      'p.hidden_reason',
      sql<string | null>`m.first_name || ' ' || m.last_name`.as('author_name'),
      'q.author_id as q_author_id',
      sql<string | null>`qm.first_name || ' ' || qm.last_name`.as('q_author_name'),
      // Enough for the excerpt; a quoted post may be 20,000 characters long.
      sql<string | null>`substr(q.body, 1, ${EXCERPT_LENGTH * 2})`.as('q_body'),
      'q.deleted_at as q_deleted_at',
      'q.hidden_at as q_hidden_at',
    ]);
}

export type PostListRow = Awaited<ReturnType<ReturnType<typeof selectPosts>['execute']>>[number];

/** Who is looking: for `mine`, `permissions` and what hidden posts show. */
export interface PostViewer {
  memberId: number;
  moderates: boolean;
  /** Whether the thread is locked (then only moderators edit). */
  locked: boolean;
}

/** Plain text of a Markdown post's beginning, for a quote: no markup, one line, at most 200 characters. */
export function excerptOf(markdown: string): string {
  const text = markdown
    .replace(/@\[([^\]\n]{1,100})\]\(m:\d{1,15}\)/g, '@$1')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/^\s{0,3}(?:>|#{1,6}|[-*+]|\d+\.)\s*/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

const reactionsQuery = prepared((db, memberId: number, postIds: number[]) =>
  db
    .selectFrom('reactions')
    .select([
      'post_id',
      'emoji',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`max(case when member_id = ${memberId} then 1 else 0 end)`.as('mine'),
    ])
    .where('post_id', 'in', postIds)
    .groupBy(['post_id', 'emoji']),
);

/** Reactions of posts, by post id, in the fixed emoji order. */
export async function reactionsOfPosts(db: Kysely<DB>, postIds: number[], memberId: number) {
  const byPost = new Map<number, Post['reactions']>();
  if (postIds.length === 0) return byPost;
  const rows = await reactionsQuery.all(db, memberId, postIds);
  const order = (e: string) => REACTION_EMOJI.indexOf(e as (typeof REACTION_EMOJI)[number]);
  for (const r of rows.sort((a, b) => order(a.emoji) - order(b.emoji))) {
    if (order(r.emoji) < 0) continue;
    const list = byPost.get(r.post_id) ?? [];
    list.push({ emoji: r.emoji as Post['reactions'][number]['emoji'], count: Number(r.n), mine: Number(r.mine) === 1 });
    byPost.set(r.post_id, list);
  }
  return byPost;
}

function presentOne(
  row: PostListRow,
  viewer: PostViewer,
  reactions: Post['reactions'],
  attachments: AttachmentView[],
): Post {
  const deleted = row.deleted_at !== null;
  const hidden = row.hidden_at !== null && !deleted;
  const readable = !deleted && (!hidden || viewer.moderates);
  const own = row.author_id === viewer.memberId;
  const quoteReadable = row.q_deleted_at === null && (row.q_hidden_at === null || viewer.moderates);
  return {
    id: row.id,
    threadId: row.thread_id,
    roomId: row.room_id,
    author: row.author_id !== null ? { memberId: row.author_id, displayName: row.author_name ?? '' } : null,
    parentId: row.parent_id,
    quote:
      row.quote_id !== null && row.q_body !== null
        ? {
            id: row.quote_id,
            author:
              row.q_author_id !== null ? { memberId: row.q_author_id, displayName: row.q_author_name ?? '' } : null,
            excerpt: quoteReadable ? excerptOf(row.q_body) : '',
          }
        : null,
    body: readable ? row.body : '',
    bodyHtml: readable ? row.body_html : '',
    createdAt: isoFromMs(row.created_at),
    editedAt: isoFromMs(row.edited_at),
    editCount: row.edit_count,
    deleted,
    hidden: hidden ? { reason: viewer.moderates ? (row.hidden_reason ?? '') : '' } : null,
    reactions: deleted ? [] : reactions,
    attachments: readable ? attachments : [],
    permissions: {
      edit: own && !deleted && !hidden && (!viewer.locked || viewer.moderates),
      delete: !deleted && (own || viewer.moderates),
      moderate: viewer.moderates,
    },
  };
}

/** Presents posts as the viewer may see them, with reactions and attachments. */
export async function presentPosts(db: Kysely<DB>, viewer: PostViewer, rows: PostListRow[]): Promise<Post[]> {
  const ids = rows.map((r) => r.id);
  const withFiles = rows.filter((r) => r.deleted_at === null && (r.hidden_at === null || viewer.moderates));
  const [reactions, attachments] = await Promise.all([
    reactionsOfPosts(db, ids, viewer.memberId),
    withFiles.length > 0
      ? attachmentsOfPosts(
          db,
          withFiles.map((r) => r.id),
        )
      : new Map<number, AttachmentView[]>(),
  ]);
  return rows.map((r) => presentOne(r, viewer, reactions.get(r.id) ?? [], attachments.get(r.id) ?? []));
}

const postById = prepared((db, postId: number) => selectPosts(db).where('p.id', '=', postId));

/** A post just written: it has no reactions yet, and attachments only when it was given some. */
export async function presentNewPost(
  db: Kysely<DB>,
  viewer: PostViewer,
  postId: number,
  hasAttachments: boolean,
): Promise<Post> {
  const [row] = await postById.all(db, postId);
  const attachments = hasAttachments ? ((await attachmentsOfPosts(db, [postId])).get(postId) ?? []) : [];
  return presentOne(row!, viewer, [], attachments);
}

/** One post as the viewer may see it. */
export async function presentPost(db: Kysely<DB>, viewer: PostViewer, postId: number): Promise<Post> {
  const rows = await postById.all(db, postId);
  const [post] = await presentPosts(db, viewer, rows);
  return post!;
}
