/**
 * Room bans: a moderator bars a member from writing in a room until a given time. A banned
 * member still reads; rooms, threads, posts, reactions and polls call {@link activeBan} before
 * every write. Bans are audited with who, whom, until when and why, and the banned member's open
 * clients hear of it (`room.ban_changed` on their member scope) so the room view updates.
 */
import type { Kysely } from 'kysely';
import type { RoomBan, RoomBanList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { inTransaction, memberScope, recordLiveEvent } from '../live/live.events.ts';
import { canModerateRoom, canSeeRoom } from '../rooms/rooms.policy.ts';
import { loadPolicyActor, loadPolicyRoom, requireModeratedRoom } from './moderation.access.ts';

/** The longest ban a moderator can set: a year (a little more, so "in a year" from a form passes). */
export const MAX_BAN_MS = 366 * 24 * 60 * 60 * 1000;

/** The member's ban from the room in force now, if any (a banned member reads but does not write). */
export async function activeBan(
  db: Kysely<DB>,
  roomId: number,
  memberId: number,
): Promise<{ until: number; reason: string } | undefined> {
  return activeBanQuery.first(db, roomId, memberId, nowMs());
}

const activeBanQuery = prepared((db, roomId: number, memberId: number, now: number) =>
  db
    .selectFrom('room_bans')
    .select(['until', 'reason'])
    .where('room_id', '=', roomId)
    .where('member_id', '=', memberId)
    .where('lifted_at', 'is', null)
    .where('until', '>', now)
    .orderBy('until', 'desc')
    .limit(1),
);

function selectBans(db: Kysely<DB>) {
  return db
    .selectFrom('room_bans as b')
    .innerJoin('members as m', 'm.id', 'b.member_id')
    .leftJoin('members as bm', 'bm.id', 'b.banned_by')
    .leftJoin('members as lm', 'lm.id', 'b.lifted_by')
    .select([
      'b.id',
      'b.member_id',
      'b.reason',
      'b.until',
      'b.created_at',
      'b.banned_by',
      'b.lifted_at',
      'b.lifted_by',
      'm.first_name',
      'm.last_name',
      'bm.first_name as banned_by_first',
      'bm.last_name as banned_by_last',
      'lm.first_name as lifted_by_first',
      'lm.last_name as lifted_by_last',
    ]);
}

type BanRow = Awaited<ReturnType<ReturnType<typeof selectBans>['executeTakeFirstOrThrow']>>;

const person = (id: number | null, first: string | null, last: string | null) =>
  id === null || first === null ? null : { memberId: id, displayName: `${first} ${last ?? ''}`.trim() };

function presentBan(row: BanRow, now: number): RoomBan {
  return {
    id: row.id,
    member: person(row.member_id, row.first_name, row.last_name)!,
    reason: row.reason,
    until: isoFromMs(row.until),
    createdAt: isoFromMs(row.created_at),
    bannedBy: person(row.banned_by, row.banned_by_first, row.banned_by_last),
    liftedAt: isoFromMs(row.lifted_at),
    liftedBy: person(row.lifted_by, row.lifted_by_first, row.lifted_by_last),
    active: row.lifted_at === null && row.until > now,
  };
}

/** Every ban of the room, those in force first, then the newest (at most 200). 404 unless the actor moderates it. */
export async function listBans(db: Kysely<DB>, actor: Actor, roomId: number): Promise<RoomBanList> {
  await requireModeratedRoom(db, actor, roomId);
  const now = nowMs();
  const rows = await selectBans(db).where('b.room_id', '=', roomId).orderBy('b.id', 'desc').limit(200).execute();
  const items = rows.map((r) => presentBan(r, now));
  return { items: [...items.filter((b) => b.active), ...items.filter((b) => !b.active)] };
}

export interface BanInput {
  memberId: number;
  /** ISO time the ban ends. */
  until: string;
  reason: string;
}

/**
 * Bans a member from writing in the room until `until`. 404 unless the actor moderates the room;
 * 422 for oneself, a member who cannot see the room, or one who moderates it; 409 when a ban is
 * already in force (lift it to set another).
 */
export async function banMember(db: Kysely<DB>, actor: Actor, roomId: number, input: BanInput): Promise<RoomBan> {
  const room = await requireModeratedRoom(db, actor, roomId);
  const now = nowMs();
  const until = Date.parse(input.until);
  const reason = input.reason.trim();
  const problems = [
    ...(Number.isNaN(until) || until <= now ? [{ path: '/until', message: 'must lie in the future' }] : []),
    ...(until > now + MAX_BAN_MS ? [{ path: '/until', message: 'at most a year ahead' }] : []),
    ...(reason.length === 0 ? [{ path: '/reason', message: 'say why' }] : []),
  ];
  if (problems.length > 0) throw new ValidationError(problems);
  if (input.memberId === actor.memberId) throw new DomainError('ban_self');
  const target = await loadPolicyActor(db, input.memberId);
  const roomForTarget = await loadPolicyRoom(db, roomId, input.memberId);
  if (!target || !roomForTarget || !canSeeRoom(target, roomForTarget)) throw new DomainError('ban_member_outside_room');
  if (canModerateRoom(target, roomForTarget)) throw new DomainError('ban_moderator');

  const id = await inTransaction(db, async (trx) => {
    if (await activeBan(trx, roomId, input.memberId)) throw new DomainError('already_banned');
    const { id } = await trx
      .insertInto('room_bans')
      .values({
        room_id: roomId,
        member_id: input.memberId,
        reason,
        until,
        banned_by: actor.memberId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'room.member_banned',
      actorAccountId: actor.accountId,
      subjectMemberId: input.memberId,
      unitId: room.unitId,
      data: { roomId, banId: id, until: isoFromMs(until), reason },
    });
    await recordLiveEvent(trx, memberScope(input.memberId), 'room.ban_changed', { roomId });
    return id;
  });
  return presentBan(await selectBans(db).where('b.id', '=', id).executeTakeFirstOrThrow(), nowMs());
}

/** Lifts a ban before it ends. 404 unless the actor moderates the room; 409 when it is no longer in force. */
export async function liftBan(db: Kysely<DB>, actor: Actor, roomId: number, banId: number): Promise<void> {
  const room = await requireModeratedRoom(db, actor, roomId);
  const ban = await db
    .selectFrom('room_bans')
    .select(['id', 'member_id', 'until', 'lifted_at', 'reason'])
    .where('id', '=', banId)
    .where('room_id', '=', roomId)
    .executeTakeFirst();
  if (!ban) throw new NotFoundError('ban');
  await inTransaction(db, async (trx) => {
    const now = nowMs();
    const lifted = await trx
      .updateTable('room_bans')
      .set({ lifted_at: now, lifted_by: actor.memberId })
      .where('id', '=', ban.id)
      .where('lifted_at', 'is', null)
      .where('until', '>', now)
      .executeTakeFirst();
    if (Number(lifted.numUpdatedRows) === 0) throw new DomainError('ban_not_active');
    await recordAudit(trx, {
      action: 'room.ban_lifted',
      actorAccountId: actor.accountId,
      subjectMemberId: ban.member_id,
      unitId: room.unitId,
      data: { roomId, banId: ban.id, until: isoFromMs(ban.until), reason: ban.reason },
    });
    await recordLiveEvent(trx, memberScope(ban.member_id), 'room.ban_changed', { roomId });
  });
}
