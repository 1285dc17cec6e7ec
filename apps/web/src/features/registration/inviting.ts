import type { Me } from '@rotes-netz/shared';

/** Roles that may invite the members of their unit (the server checks the same). */
const INVITING_ROLES = ['chair', 'deputy_chair', 'board', 'member_care'];

/** The units in which this member may invite; the server decides again. */
export function invitingUnits(me: Me) {
  const admin = me.abilities.administerUnits;
  return me.memberships
    .filter((m) => (admin && m.unit.depth === 0) || m.roles.some((r) => INVITING_ROLES.includes(r)))
    .map((m) => m.unit);
}
