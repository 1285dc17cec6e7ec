/**
 * Room bans. (Stub; the moderation module owns and completes this file.)
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The member's ban from the room in force now, if any (a banned member reads but does not write). */
export async function activeBan(
  _db: Kysely<DB>,
  _roomId: number,
  _memberId: number,
): Promise<{ until: number; reason: string } | undefined> {
  return undefined;
}
