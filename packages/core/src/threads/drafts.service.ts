/**
 * Drafts: what a member is typing, kept on the server so it survives a reload or a change of
 * device. The key names the composer: `room-<id>` (a new thread) or `thread-<id>` (a reply); a
 * draft of a room or thread the member cannot see does not exist (404). Writing the post removes it.
 */
import type { Kysely } from 'kysely';
import type { ComposerDraft } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import { loadRoomAccess, loadThreadAccess } from '../rooms/rooms.access.ts';

async function checkKey(db: Kysely<DB>, actor: Actor, key: string): Promise<void> {
  const match = /^(room|thread)-([1-9][0-9]{0,15})$/.exec(key);
  if (!match) throw new NotFoundError('draft');
  const id = Number(match[2]);
  if (match[1] === 'room') await loadRoomAccess(db, actor, id);
  else await loadThreadAccess(db, actor, id);
}

/** The member's draft for the key; an empty body when there is none. */
export async function getComposerDraft(db: Kysely<DB>, actor: Actor, key: string): Promise<ComposerDraft> {
  await checkKey(db, actor, key);
  const row = await db
    .selectFrom('drafts')
    .select(['body', 'updated_at'])
    .where('member_id', '=', actor.memberId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? { body: row.body, updatedAt: isoFromMs(row.updated_at) } : { body: '', updatedAt: null };
}

/** Keeps the draft (an empty body removes it). */
export async function saveComposerDraft(
  db: Kysely<DB>,
  actor: Actor,
  key: string,
  body: string,
): Promise<ComposerDraft> {
  await checkKey(db, actor, key);
  if (body.trim() === '') {
    await deleteComposerDraft(db, actor, key);
    return { body: '', updatedAt: null };
  }
  const now = nowMs();
  await db
    .insertInto('drafts')
    .values({ member_id: actor.memberId, key, body, updated_at: now })
    .onConflict((oc) => oc.columns(['member_id', 'key']).doUpdateSet({ body, updated_at: now }))
    .execute();
  return { body, updatedAt: isoFromMs(now) };
}

export async function deleteComposerDraft(db: Kysely<DB>, actor: Actor, key: string): Promise<void> {
  await checkKey(db, actor, key);
  await db.deleteFrom('drafts').where('member_id', '=', actor.memberId).where('key', '=', key).execute();
}
