/**
 * What the navigation offers, guessed from the member's roles. Only a hint for showing entries:
 * the server decides every request, and pages show what it answers.
 */
import type { Me } from '@rotes-netz/shared';

const MANAGING = new Set(['chair', 'deputy_chair', 'board', 'lv_admin']);
const MODERATING = new Set(['chair', 'deputy_chair', 'moderator', 'lv_admin']);

/** Units where the member may set up rooms (board roles there, or LV admin anywhere listed). */
export function managedUnits(me: Me): Me['memberships'][number]['unit'][] {
  return me.memberships.filter((m) => m.roles.some((r) => MANAGING.has(r))).map((m) => m.unit);
}

export function mayModerate(me: Me | undefined): boolean {
  return !!me?.memberships.some((m) => m.roles.some((r) => MODERATING.has(r)));
}
