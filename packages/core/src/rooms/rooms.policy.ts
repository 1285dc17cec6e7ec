/**
 * Who may see, write in, moderate and manage a room. `canSeeRoom` and friends are pure functions
 * of the actor and the room; `visibleRoomIds` is the matching SQL filter for lists. Both live
 * here so the single check and the list cannot drift apart. Not seeing a room means every route
 * answers 404 for it and nothing of it is ever delivered live.
 *
 * - `unit`: members of the unit and of every unit below it (an Ortsverein member counts for its
 *   Kreisverband, Regionalzentrum and the Landesverband; AG and Gremium members for theirs);
 * - `board`: holders of a board role in the unit itself;
 * - `all`: every member with an account (verified);
 * - `invite`: the invited members only.
 */
import type { Kysely } from 'kysely';
import { BOARD_ROLES, type Role } from '@rotes-netz/shared';
import type { DB, RoomAudience } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';

/** A room as policies see it. `unitAncestorIds` are the ids above the room's unit (root first). */
export interface PolicyRoom {
  id: number;
  unitId: number;
  audience: RoomAudience;
  unitAncestorIds: number[];
  /** Whether the actor is on the room's invite list (only read for `invite` rooms). */
  invited?: boolean;
}

export type PolicyActor = Pick<Actor, 'memberId' | 'units' | 'roles'>;

/** Roles that moderate every room they can see in their unit and below. */
export const MODERATING_ROLES: readonly Role[] = ['moderator', 'chair', 'deputy_chair'];
/** Roles that set up rooms in their unit (and, for leading roles, below it). */
const MANAGING_ROLES: readonly Role[] = ['chair', 'deputy_chair', 'board'];

function holdsIn(actor: PolicyActor, roles: readonly Role[], unitIds: Iterable<number>): boolean {
  const set = new Set(unitIds);
  return actor.roles.some((r) => roles.includes(r.role) && set.has(r.unitId));
}

export function isLvAdmin(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((r) => r.role === 'lv_admin' && r.unitDepth === 0);
}

/** Whether the actor may read the room at all. */
export function canSeeRoom(actor: PolicyActor, room: PolicyRoom): boolean {
  switch (room.audience) {
    case 'unit':
      return actor.units.some((u) => u.id === room.unitId);
    case 'board':
      return holdsIn(actor, BOARD_ROLES, [room.unitId]);
    case 'all':
      return true;
    case 'invite':
      return room.invited === true || canManageRoom(actor, room);
  }
}

/** Whether the actor moderates the room: a moderator, chair or deputy of its unit or above, who can see it. */
export function canModerateRoom(actor: PolicyActor, room: PolicyRoom): boolean {
  if (!canSeeRoom(actor, room)) return false;
  return isLvAdmin(actor) || holdsIn(actor, MODERATING_ROLES, [...room.unitAncestorIds, room.unitId]);
}

/**
 * Whether the actor may set up rooms in a unit (create, rename, describe, invite, archive): its
 * board, the leading roles of the units above, and LV admins.
 */
export function canManageRoomsOf(actor: PolicyActor, unit: { id: number; ancestorIds: number[] }): boolean {
  return (
    isLvAdmin(actor) ||
    holdsIn(actor, MANAGING_ROLES, [unit.id]) ||
    holdsIn(actor, ['chair', 'deputy_chair'], unit.ancestorIds)
  );
}

export function canManageRoom(actor: PolicyActor, room: PolicyRoom): boolean {
  return canManageRoomsOf(actor, { id: room.unitId, ancestorIds: room.unitAncestorIds });
}

/**
 * The list filter: a query of the ids of every room the actor can see. Use as
 * `where('r.id', 'in', visibleRoomIds(db, actor))`. Mirrors {@link canSeeRoom}; the policy test
 * checks that both agree (invite rooms a manager can see through `canManageRoom` are included).
 */
export function visibleRoomIds(db: Kysely<DB>, actor: PolicyActor) {
  const unitIds = actor.units.map((u) => u.id);
  const boardUnitIds = actor.roles.filter((r) => BOARD_ROLES.includes(r.role)).map((r) => r.unitId);
  const lvAdmin = isLvAdmin(actor);
  const managedUnits = actor.roles.filter((r) => MANAGING_ROLES.includes(r.role)).map((r) => r.unitId);
  const ledUnits = actor.roles.filter((r) => r.role === 'chair' || r.role === 'deputy_chair').map((r) => r.unitId);
  // An empty IN list is invalid SQL; -1 matches nothing.
  const nonEmpty = (ids: number[]) => (ids.length > 0 ? ids : [-1]);
  return db
    .selectFrom('rooms as vr')
    .select('vr.id')
    .where((eb) =>
      eb.or([
        eb.and([eb('vr.audience', '=', 'unit'), eb('vr.unit_id', 'in', nonEmpty(unitIds))]),
        eb.and([eb('vr.audience', '=', 'board'), eb('vr.unit_id', 'in', nonEmpty(boardUnitIds))]),
        eb('vr.audience', '=', 'all'),
        eb.and([
          eb('vr.audience', '=', 'invite'),
          eb.or([
            eb.exists(
              eb
                .selectFrom('room_invites as ri')
                .select('ri.room_id')
                .whereRef('ri.room_id', '=', 'vr.id')
                .where('ri.member_id', '=', actor.memberId),
            ),
            ...(lvAdmin ? [eb.val(true)] : []),
            eb('vr.unit_id', 'in', nonEmpty(managedUnits)),
            eb(
              'vr.unit_id',
              'in',
              eb
                .selectFrom('unit_closure as vc')
                .select('vc.descendant_id')
                .where('vc.ancestor_id', 'in', nonEmpty(ledUnits)),
            ),
          ]),
        ]),
      ]),
    );
}

/**
 * The inverse of {@link visibleRoomIds}: a query of the ids of the active members with an account
 * who can see the room. Used to filter notification recipients and the mention list, so nobody
 * is told about, or offered as a name in, a room they cannot read.
 */
export function memberIdsWhoCanSee(db: Kysely<DB>, room: Omit<PolicyRoom, 'invited'>) {
  const ancestors = room.unitAncestorIds.length > 0 ? room.unitAncestorIds : [-1];
  return db
    .selectFrom('members as wm')
    .innerJoin('accounts as wa', 'wa.member_id', 'wm.id')
    .select('wm.id')
    .where('wm.status', '=', 'active')
    .where((eb) => {
      const roleIn = (roles: readonly Role[], unitIds: number[]) =>
        eb.exists(
          eb
            .selectFrom('member_roles as wr')
            .select('wr.member_id')
            .whereRef('wr.member_id', '=', 'wm.id')
            .where('wr.role', 'in', [...roles])
            .where('wr.unit_id', 'in', unitIds),
        );
      switch (room.audience) {
        case 'all':
          return eb.val(true);
        case 'board':
          return roleIn(BOARD_ROLES, [room.unitId]);
        case 'unit':
          return eb.or([
            eb(
              'wm.unit_id',
              'in',
              eb.selectFrom('unit_closure as wc').select('wc.descendant_id').where('wc.ancestor_id', '=', room.unitId),
            ),
            eb.exists(
              eb
                .selectFrom('member_units as wu')
                .select('wu.member_id')
                .whereRef('wu.member_id', '=', 'wm.id')
                .where('wu.unit_id', '=', room.unitId),
            ),
            eb.exists(
              eb
                .selectFrom('member_roles as wr')
                .select('wr.member_id')
                .whereRef('wr.member_id', '=', 'wm.id')
                .where('wr.unit_id', '=', room.unitId),
            ),
          ]);
        case 'invite':
          return eb.or([
            eb.exists(
              eb
                .selectFrom('room_invites as wi')
                .select('wi.member_id')
                .whereRef('wi.member_id', '=', 'wm.id')
                .where('wi.room_id', '=', room.id),
            ),
            roleIn(MANAGING_ROLES, [room.unitId]),
            roleIn(['chair', 'deputy_chair'], ancestors),
            eb.exists(
              eb
                .selectFrom('member_roles as wr')
                .innerJoin('units as wru', 'wru.id', 'wr.unit_id')
                .select('wr.member_id')
                .whereRef('wr.member_id', '=', 'wm.id')
                .where('wr.role', '=', 'lv_admin')
                .where('wru.depth', '=', 0),
            ),
          ]);
      }
    });
}
