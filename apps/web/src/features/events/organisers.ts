/** Which units a member can organise events for, as far as the web app can tell before asking. */
import type { Me, Role } from '@rotes-netz/shared';

/**
 * Roles that organise events of their unit, as the events policy says (LV admins organise
 * everywhere). The API decides; the page uses this only to offer the form to whom it concerns.
 */
const ORGANISER_ROLES: readonly Role[] = ['chair', 'deputy_chair', 'board', 'rz_staff', 'lv_admin'];

export interface OrganiserUnit {
  id: number;
  name: string;
}

/** The member's units in which they hold an organising role. */
export function organiserUnits(me: Me): OrganiserUnit[] {
  return me.memberships
    .filter((m) => m.roles.some((role) => ORGANISER_ROLES.includes(role)))
    .map((m) => ({ id: m.unit.id, name: m.unit.name }));
}
