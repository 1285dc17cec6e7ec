/**
 * The invite list of invite-only rooms, kept by the room's managers. Taking an invite back takes
 * the room away from the member at once (every route answers 404 for it).
 */
import type { Kysely } from 'kysely';
import type { RoomInviteList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { inTransaction, recordRoomsChanged } from '../live/live.events.ts';
import { loadManagedRoom, type RoomAccess } from './rooms.access.ts';
import { invitableMemberIds, invitesOf } from './rooms.repository.ts';

async function loadInviteRoom(db: Kysely<DB>, actor: Actor, roomId: number): Promise<RoomAccess> {
  const access = await loadManagedRoom(db, actor, roomId);
  if (access.room.audience !== 'invite') throw new DomainError('room_not_invite_only');
  return access;
}

export async function listInvites(db: Kysely<DB>, actor: Actor, roomId: number): Promise<RoomInviteList> {
  await loadInviteRoom(db, actor, roomId);
  const rows = await invitesOf(db, roomId);
  return {
    items: rows.map((r) => ({
      memberId: r.member_id,
      displayName: r.display_name,
      invitedAt: isoFromMs(r.created_at),
    })),
  };
}

/**
 * Managers invite members of the room's unit to an invite-only room (already invited members are
 * left as they are); anyone else is 422 `no such member`.
 */
export async function inviteMembers(
  db: Kysely<DB>,
  actor: Actor,
  roomId: number,
  memberIds: number[],
): Promise<RoomInviteList> {
  const access = await loadInviteRoom(db, actor, roomId);
  const found = await invitableMemberIds(db, access.room.unit_id, memberIds);
  const missing = memberIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new ValidationError([{ path: `/memberIds/${missing}`, message: 'no such member' }]);
  await inTransaction(db, async (trx) => {
    const now = nowMs();
    await trx
      .insertInto('room_invites')
      .values(memberIds.map((m) => ({ room_id: roomId, member_id: m, invited_by: actor.memberId, created_at: now })))
      .onConflict((oc) => oc.columns(['room_id', 'member_id']).doNothing())
      .execute();
    for (const memberId of memberIds) {
      await recordAudit(trx, {
        action: 'room.member_invited',
        actorAccountId: actor.accountId,
        subjectMemberId: memberId,
        unitId: access.room.unit_id,
        data: { roomId },
      });
    }
    // Open live connections of the invited start receiving the room at once.
    await recordRoomsChanged(trx, [roomId]);
  });
  return listInvites(db, actor, roomId);
}

/** Managers take an invite back; the member no longer sees the room. */
export async function uninviteMember(db: Kysely<DB>, actor: Actor, roomId: number, memberId: number): Promise<void> {
  const access = await loadInviteRoom(db, actor, roomId);
  await inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom('room_invites')
      .where('room_id', '=', roomId)
      .where('member_id', '=', memberId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new NotFoundError('invite');
    await recordAudit(trx, {
      action: 'room.member_uninvited',
      actorAccountId: actor.accountId,
      subjectMemberId: memberId,
      unitId: access.room.unit_id,
      data: { roomId },
    });
    // …and the uninvited member's connections stop receiving it at once.
    await recordRoomsChanged(trx, [roomId]);
  });
}
