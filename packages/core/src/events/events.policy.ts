/**
 * Who may see, organise and moderate an event. Pure functions of the actor and the event, plus
 * `visibleEventIds`, the matching SQL filter for lists; both live here so they cannot drift apart.
 * Not seeing an event means every route answers 404 for it.
 *
 * Organisers of a unit's events: its chair, deputy chair and board, its `rz_staff` (a role held in
 * Regionalzentren), and LV admins. They see their unit's events whatever the audience.
 * Audience, relative to the organising unit: `all` every member; `unit` members of the unit and
 * of every unit below it (AG and Gremium members for theirs); `role` holders of the listed roles
 * in the unit itself.
 */
import type { Kysely } from 'kysely';
import type { EventAudience, Role } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isLvAdmin } from '../rooms/rooms.policy.ts';

export type EventActor = Pick<Actor, 'memberId' | 'units' | 'roles'>;

/** An event as policies see it. */
export interface PolicyEvent {
  unitId: number;
  audience: EventAudience;
  audienceRoles: readonly Role[];
}

/** Roles that organise the events of their unit. */
export const ORGANISING_ROLES: readonly Role[] = ['chair', 'deputy_chair', 'board', 'rz_staff'];

/** Whether the actor creates and manages events of a unit. */
export function canOrganiseEventsOf(actor: EventActor, unitId: number): boolean {
  return isLvAdmin(actor) || actor.roles.some((r) => r.unitId === unitId && ORGANISING_ROLES.includes(r.role));
}

/** Whether the event's audience includes the actor (organisers aside). */
export function isInAudience(actor: EventActor, event: PolicyEvent): boolean {
  switch (event.audience) {
    case 'all':
      return true;
    case 'unit':
      return actor.units.some((u) => u.id === event.unitId);
    case 'role':
      return actor.roles.some((r) => r.unitId === event.unitId && event.audienceRoles.includes(r.role));
  }
}

export function canSeeEvent(actor: EventActor, event: PolicyEvent): boolean {
  return canOrganiseEventsOf(actor, event.unitId) || isInAudience(actor, event);
}

/** Organisers edit the event, its meeting data and registrations, and moderate its questions. */
export function canManageEvent(actor: EventActor, event: PolicyEvent): boolean {
  return canOrganiseEventsOf(actor, event.unitId);
}

/** Registering takes being in the audience: organisers outside it do not take places. */
export function canRegisterFor(actor: EventActor, event: PolicyEvent): boolean {
  return isInAudience(actor, event);
}

/**
 * The list filter: use as `where('e.id', 'in', visibleEventIds(db, actor))`. Mirrors
 * {@link canSeeEvent}; the policy test checks both agree.
 */
export function visibleEventIds(db: Kysely<DB>, actor: EventActor) {
  const nonEmpty = (ids: number[]) => (ids.length > 0 ? ids : [-1]);
  const unitIds = actor.units.map((u) => u.id);
  const organised = actor.roles.filter((r) => ORGANISING_ROLES.includes(r.role)).map((r) => r.unitId);
  return db
    .selectFrom('events as ve')
    .select('ve.id')
    .where((eb) =>
      eb.or([
        ...(isLvAdmin(actor) ? [eb.val(true)] : []),
        eb('ve.audience', '=', 'all'),
        eb.and([eb('ve.audience', '=', 'unit'), eb('ve.unit_id', 'in', nonEmpty(unitIds))]),
        eb('ve.unit_id', 'in', nonEmpty(organised)),
        ...actor.roles.map((r) =>
          eb.and([
            eb('ve.audience', '=', 'role'),
            eb('ve.unit_id', '=', r.unitId),
            eb.exists(
              eb
                .selectFrom('event_audience_roles as var')
                .select('var.event_id')
                .whereRef('var.event_id', '=', 've.id')
                .where('var.role', '=', r.role),
            ),
          ]),
        ),
      ]),
    );
}
