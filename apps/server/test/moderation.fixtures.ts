/**
 * Rooms, threads and posts written straight into the database for the moderation and
 * notification tests, so they do not depend on the rooms routes. A unit's "Allgemein" room is
 * reused when the unit already has one (units get their rooms when they are created).
 */
import type { Kysely } from 'kysely';
import type { DB, RoomAudience } from '@rotes-netz/core';

/** The unit's room of that kind (general or board), created if it is missing. */
export async function roomOf(db: Kysely<DB>, unitId: number, kind: 'general' | 'board' = 'general'): Promise<number> {
  const found = await db
    .selectFrom('rooms')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (found) return found.id;
  return addRoom(db, unitId, kind === 'general' ? 'unit' : 'board', kind);
}

export async function addRoom(
  db: Kysely<DB>,
  unitId: number,
  audience: RoomAudience,
  kind: 'general' | 'board' | 'custom' = 'custom',
): Promise<number> {
  const now = Date.now();
  const name = kind === 'general' ? 'Allgemein' : kind === 'board' ? 'Vorstand' : `Raum ${audience}`;
  const { id } = await db
    .insertInto('rooms')
    .values({ unit_id: unitId, kind, name, audience, created_at: now, updated_at: now, last_activity_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A thread with its first post; returns both ids. */
export async function addThread(
  db: Kysely<DB>,
  roomId: number,
  authorId: number,
  title: string,
  body = 'Erster Beitrag',
): Promise<{ threadId: number; postId: number }> {
  const now = Date.now();
  const { id: threadId } = await db
    .insertInto('threads')
    .values({ room_id: roomId, title, author_id: authorId, created_at: now, updated_at: now, last_post_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const postId = await addPost(db, threadId, authorId, body);
  return { threadId, postId };
}

export async function addPost(
  db: Kysely<DB>,
  threadId: number,
  authorId: number,
  body: string,
  parentId: number | null = null,
): Promise<number> {
  const thread = await db.selectFrom('threads').select('room_id').where('id', '=', threadId).executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto('posts')
    .values({
      thread_id: threadId,
      room_id: thread.room_id,
      author_id: authorId,
      parent_id: parentId,
      body,
      body_html: `<p>${body}</p>`,
      created_at: Date.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Gives a member a role in a unit. */
export async function grant(db: Kysely<DB>, memberId: number, unitId: number, role: string): Promise<void> {
  await db
    .insertInto('member_roles')
    .values({ member_id: memberId, unit_id: unitId, role: role as 'moderator', source: 'app', created_at: Date.now() })
    .execute();
}

/** The live events recorded for a scope, oldest first. */
export async function liveEvents(db: Kysely<DB>, scope: string): Promise<{ type: string; payload: unknown }[]> {
  const rows = await db
    .selectFrom('live_events')
    .select(['type', 'payload'])
    .where('scope', '=', scope)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    type: r.type,
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
  }));
}
