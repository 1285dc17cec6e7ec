/**
 * Who may do what in a programme process, and when. Every verified member reads processes, ideas,
 * drafts and amendments (the programme is the whole Landesverband's); LV admins set processes up;
 * the programme commission answers ideas, publishes drafts and decides amendments. What members
 * may do follows the phase, checked here on the server with the clock of the request.
 */
import { BOARD_ROLES, type ProgrammePhase } from '@rotes-netz/shared';
import type { Actor } from '../accounts/actor.ts';
import { DomainError, ValidationError } from '../errors.ts';
import type { ProgrammeProcessesTable } from './programme.schema.ts';

type Phases = Pick<
  ProgrammeProcessesTable,
  'ideas_from' | 'ideas_until' | 'draft_from' | 'draft_until' | 'amendments_from' | 'amendments_until'
>;

/**
 * The phase at `now`. Ideas are collected in [ideasFrom, ideasUntil), amendments filed in
 * [amendmentsFrom, amendmentsUntil); everything between the two is the draft phase (the commission
 * writes and members discuss the draft), everything after is closed.
 */
export function phaseAt(process: Phases, now: number): ProgrammePhase {
  if (now < process.ideas_from) return 'upcoming';
  if (now < process.ideas_until) return 'ideas';
  if (now < process.amendments_from) return 'draft';
  if (now < process.amendments_until) return 'amendments';
  return 'closed';
}

/** Phases in order; each must start no earlier than the previous one ends. */
export function checkPhases(p: Phases): void {
  const order: [keyof Phases, keyof Phases][] = [
    ['ideas_from', 'ideas_until'],
    ['draft_from', 'draft_until'],
    ['amendments_from', 'amendments_until'],
  ];
  const path = (key: string) => `/phases/${key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`;
  let previousEnd = -Infinity;
  for (const [from, until] of order) {
    if (p[until] <= p[from]) throw new ValidationError([{ path: path(until), message: 'must be after the start' }]);
    if (p[from] < previousEnd) {
      throw new ValidationError([{ path: path(from), message: 'must not start before the previous phase ends' }]);
    }
    previousEnd = p[until];
  }
}

export function isLvAdmin(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((r) => r.role === 'lv_admin' && r.unitDepth === 0);
}

export function isCommission(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((r) => r.role === 'programme_commission');
}

/** Refuses unless the actor is on the programme commission (403: the thing itself is visible to all). */
export function assertCommission(actor: Pick<Actor, 'roles'>): void {
  if (!isCommission(actor)) throw new DomainError('programme_commission_only');
}

/** Refuses with a clear message unless the process is in one of the phases. */
export function assertPhase(process: Phases, now: number, ...allowed: ProgrammePhase[]): void {
  if (!allowed.includes(phaseAt(process, now))) throw new DomainError('programme_phase_closed');
}

/** A unit the actor files for must be one whose board they are on; 422 naming the field otherwise. */
export function assertFilesFor(actor: Pick<Actor, 'roles'>, unitId: number | null | undefined): number | null {
  if (unitId === undefined || unitId === null) return null;
  if (!actor.roles.some((r) => r.unitId === unitId && BOARD_ROLES.includes(r.role))) {
    throw new ValidationError([{ path: '/unitId', message: 'only the board of a unit files on its behalf' }]);
  }
  return unitId;
}
