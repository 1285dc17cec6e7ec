/**
 * Who may do what with roles and members of a unit. `can` is a pure, synchronous function of the
 * actor and the unit (given with its ancestry, so "inside" needs no query); `administeredUnitIds`
 * is the matching list filter for queries. The single check and the list filter live together so
 * they cannot drift apart.
 */
import type { Kysely } from 'kysely';
import type { Role, UnitType } from '@rotes-netz/shared';
import { BOARD_ROLES } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';

/** A unit as policies see it: its ids from the root down (`ancestorIds` may or may not include the unit itself). */
export interface PolicyUnit {
  id: number;
  type: UnitType;
  ancestorIds: number[];
}

/** Roles a chair (or deputy) may hand out in the app, in their unit and below. */
export const CHAIR_GRANTABLE_ROLES: readonly Role[] = ['moderator', 'board'];

/** Roles that lead a unit and so administer it and everything below it. */
const LEADING_ROLES: readonly Role[] = ['chair', 'deputy_chair'];

export type RoleAction =
  | { action: 'role.list'; unit: PolicyUnit }
  | { action: 'role.grant'; unit: PolicyUnit; role: Role; memberId: number }
  | { action: 'role.revoke'; unit: PolicyUnit; role: Role; memberId: number; source: 'roster' | 'app' }
  | { action: 'member.read'; unit: PolicyUnit }
  | { action: 'invitation.create'; unit: PolicyUnit }
  | { action: 'audit.read' };

const isLvAdmin = (actor: Pick<Actor, 'roles'>): boolean =>
  actor.roles.some((r) => r.role === 'lv_admin' && r.unitDepth === 0);

/** Whether the actor holds one of `roles` in the unit or in a unit above it. */
function holdsAbove(actor: Pick<Actor, 'roles'>, roles: readonly Role[], unit: PolicyUnit): boolean {
  const within = new Set([...unit.ancestorIds, unit.id]);
  return actor.roles.some((r) => roles.includes(r.role) && within.has(r.unitId));
}

/** Whether the actor may change `role` for someone in the unit (ignoring who and where it came from). */
function mayAssign(actor: Pick<Actor, 'roles'>, unit: PolicyUnit, role: Role): boolean {
  if (isLvAdmin(actor)) return true;
  // rz_staff, programme_commission, chair and lv_admin come from the Landesverband or the roster.
  return CHAIR_GRANTABLE_ROLES.includes(role) && holdsAbove(actor, LEADING_ROLES, unit);
}

/** Whether the actor may do `request.action`. Pure; "no" is shown to users as "not found". */
export function can(actor: Pick<Actor, 'roles' | 'memberId'>, request: RoleAction): boolean {
  switch (request.action) {
    case 'audit.read':
      return isLvAdmin(actor);
    case 'role.list':
      return isLvAdmin(actor) || holdsAbove(actor, BOARD_ROLES, request.unit);
    case 'role.grant':
      // Nobody raises their own rights.
      return request.memberId !== actor.memberId && mayAssign(actor, request.unit, request.role);
    case 'role.revoke':
      // The roster owns the roles it brings; an import would only restore them.
      return (
        request.source === 'app' && request.memberId !== actor.memberId && mayAssign(actor, request.unit, request.role)
      );
    case 'member.read':
      return (
        isLvAdmin(actor) ||
        holdsAbove(actor, [...BOARD_ROLES], request.unit) ||
        holdsAbove(actor, ['rz_staff'], request.unit)
      );
    case 'invitation.create':
      return isLvAdmin(actor) || holdsAbove(actor, [...LEADING_ROLES, 'member_care'], request.unit);
  }
}

/** The roles the actor could grant in the unit (for the UI's role picker). */
export function grantableRoles(
  actor: Pick<Actor, 'roles' | 'memberId'>,
  unit: PolicyUnit,
  all: readonly Role[],
): Role[] {
  return all.filter((role) => mayAssign(actor, unit, role));
}

/**
 * The list filter: a subquery of the ids of every unit the actor administers (leads, or is below
 * a unit they lead; every unit for a Landesverband admin). Use as `where('unit_id', 'in', …)`.
 */
export function administeredUnitIds(db: Kysely<DB>, actor: Pick<Actor, 'roles'>) {
  const query = db.selectFrom('unit_closure').select('descendant_id as unit_id');
  if (isLvAdmin(actor)) return query.where('ancestor_id', '=', actor.roles.find((r) => r.role === 'lv_admin')!.unitId);
  const led = actor.roles.filter((r) => LEADING_ROLES.includes(r.role)).map((r) => r.unitId);
  // An empty IN list is invalid SQL; -1 matches no unit.
  return query.where('ancestor_id', 'in', led.length > 0 ? led : [-1]);
}
