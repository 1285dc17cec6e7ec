/**
 * What moderation reads before it decides: a room as the room policy wants it, a post with its
 * room and thread, another member as a policy actor, and the SQL list of rooms the actor
 * moderates (the list twin of `canModerateRoom`; the moderation filter test checks they agree).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { NotFoundError } from '../errors.ts';
import { unitsOfMember } from '../units/units.repository.ts';
import {
  canModerateRoom,
  canSeeRoom,
  isLvAdmin,
  MODERATING_ROLES,
  visibleRoomIds,
  type PolicyActor,
  type PolicyRoom,
} from '../rooms/rooms.policy.ts';

/** The room with its unit's ancestry and whether `memberId` is invited; undefined when missing or archived. */
export async function loadPolicyRoom(
  db: Kysely<DB>,
  roomId: number,
  memberId: number,
): Promise<(PolicyRoom & { name: string; unitName: string }) | undefined> {
  const room = await db
    .selectFrom('rooms as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.unit_id', 'r.audience', 'r.name', 'u.name as unit_name'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('room_invites as ri')
            .select('ri.room_id')
            .whereRef('ri.room_id', '=', 'r.id')
            .where('ri.member_id', '=', memberId),
        )
        .as('invited'),
    )
    .where('r.id', '=', roomId)
    .where('r.archived_at', 'is', null)
    .executeTakeFirst();
  if (!room) return undefined;
  const ancestors = await db
    .selectFrom('unit_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', room.unit_id)
    .where('depth', '>', 0)
    .orderBy('depth', 'desc')
    .execute();
  return {
    id: room.id,
    unitId: room.unit_id,
    audience: room.audience,
    unitAncestorIds: ancestors.map((a) => a.ancestor_id),
    invited: Boolean(room.invited),
    name: room.name,
    unitName: room.unit_name,
  };
}

/** The room if the actor moderates it; 404 otherwise (not seeing and not moderating look alike). */
export async function requireModeratedRoom(db: Kysely<DB>, actor: Actor, roomId: number) {
  const room = await loadPolicyRoom(db, roomId, actor.memberId);
  if (!room || !canModerateRoom(actor, room)) throw new NotFoundError('room');
  return room;
}

/** A post with what moderation needs of it; 404 when the actor cannot see it (or it is in a deleted thread). */
export async function requireVisiblePost(db: Kysely<DB>, actor: Actor, postId: number) {
  const post = await db
    .selectFrom('posts as p')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .select([
      'p.id',
      'p.room_id',
      'p.thread_id',
      'p.author_id',
      'p.deleted_at',
      'p.hidden_at',
      't.deleted_at as thread_deleted_at',
    ])
    .where('p.id', '=', postId)
    .executeTakeFirst();
  if (!post || post.thread_deleted_at !== null) throw new NotFoundError('post');
  const room = await loadPolicyRoom(db, post.room_id, actor.memberId);
  if (!room || !canSeeRoom(actor, room)) throw new NotFoundError('post');
  return { post, room };
}

/** Another member as the room policy sees them (for bans: can they see the room, do they moderate it?). */
export async function loadPolicyActor(db: Kysely<DB>, memberId: number): Promise<PolicyActor | undefined> {
  const member = await db
    .selectFrom('members')
    .select(['id', 'unit_id', 'status'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!member || member.status !== 'active') return undefined;
  const [units, roles] = await Promise.all([
    unitsOfMember(db, member.id, member.unit_id),
    db
      .selectFrom('member_roles as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['r.unit_id', 'r.role', 'u.depth'])
      .where('r.member_id', '=', member.id)
      .execute(),
  ]);
  return {
    memberId: member.id,
    units,
    roles: roles.map((r) => ({ unitId: r.unit_id, unitDepth: r.depth, role: r.role })),
  };
}

/**
 * The list filter: ids of every room the actor moderates. Mirrors {@link canModerateRoom}: rooms
 * the actor can see whose unit lies at or below a unit where the actor holds a moderating role,
 * or every visible room for an LV admin; archived rooms are gone, as everywhere else.
 * Use as `where('r.id', 'in', moderatedRoomIds(db, actor))`.
 */
export function moderatedRoomIds(db: Kysely<DB>, actor: PolicyActor) {
  const visible = visibleRoomIds(db, actor).where('vr.archived_at', 'is', null);
  if (isLvAdmin(actor)) return visible;
  const moderatingUnits = actor.roles.filter((r) => MODERATING_ROLES.includes(r.role)).map((r) => r.unitId);
  return visible.where(
    'vr.unit_id',
    'in',
    db
      .selectFrom('unit_closure as mc')
      .select('mc.descendant_id')
      .where('mc.ancestor_id', 'in', moderatingUnits.length > 0 ? moderatingUnits : [-1]),
  );
}

/**
 * Everyone who moderates the room (for live news of reports): holders of a moderating role in
 * its unit or above and LV admins, each checked with {@link canModerateRoom}. A handful of people.
 */
export async function roomModerators(db: Kysely<DB>, room: PolicyRoom): Promise<number[]> {
  const candidates = await db
    .selectFrom('member_roles as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select('r.member_id')
    .distinct()
    .where('m.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('r.role', 'in', [...MODERATING_ROLES]),
          eb('r.unit_id', 'in', [...room.unitAncestorIds, room.unitId]),
        ]),
        eb.and([eb('r.role', '=', 'lv_admin'), eb('u.depth', '=', 0)]),
      ]),
    )
    .execute();
  const moderators: number[] = [];
  for (const { member_id } of candidates) {
    const who = await loadPolicyActor(db, member_id);
    const asSeen = room.audience === 'invite' ? await loadPolicyRoom(db, room.id, member_id) : room;
    if (who && asSeen && canModerateRoom(who, asSeen)) moderators.push(member_id);
  }
  return moderators;
}
