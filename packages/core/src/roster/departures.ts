/**
 * Mass departures in a roster import: a truncated or wrong file (three rows against 33,000
 * members) would end almost every membership. The preview shows the departures by Ortsverein;
 * applying needs the admin's typed number and reason — the web's counterpart of the CLI's --force.
 */
import type { Database } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { RosterPlan, RosterSummary } from './plan.ts';

/** More departures than this (and more than a tenth of the roster) need a deliberate confirmation. */
export const MASS_DEPARTURE = 100;
/** The shortest explanation of why a file with a mass departure is complete. */
export const MASS_DEPARTURE_REASON_MIN = 20;
/** Units and names shown of the departures in a preview. */
const DEPARTURE_UNITS = 10;
const DEPARTURE_SAMPLE = 3;

/**
 * Whether applying would end the membership of so many that a truncated or wrong file is the
 * likelier explanation (a 3-row file against 33,000 members).
 */
export function isMassDeparture(summary: RosterSummary): boolean {
  return summary.left > MASS_DEPARTURE && summary.left > (summary.rows - summary.new) / 10;
}

/** What an admin states to apply a mass departure: the number of departures typed, and why the file is complete. */
export interface DepartureConfirmation {
  departures?: number | undefined;
  reason?: string | undefined;
}

/** The departures of a preview by their Ortsverein, most first, each with a few names. */
export interface DeparturesByUnit {
  unit: { code: string; name: string };
  count: number;
  sample: { memberNumber: string; name: string }[];
}

/** Groups the plan's departures by Ortsverein for the preview: which units a file would empty. */
export async function departuresByUnit(database: Database, plan: RosterPlan): Promise<DeparturesByUnit[]> {
  const byUnit = new Map<number, RosterPlan['leaves']>();
  for (const leave of plan.leaves) byUnit.set(leave.unitId, [...(byUnit.get(leave.unitId) ?? []), leave]);
  const top = [...byUnit.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, DEPARTURE_UNITS);
  if (top.length === 0) return [];
  const units = await database.db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where(
      'id',
      'in',
      top.map(([unitId]) => unitId),
    )
    .execute();
  const unitById = new Map(units.map((u) => [u.id, { code: u.code, name: u.name }]));
  return top.map(([unitId, leaves]) => ({
    unit: unitById.get(unitId) ?? { code: '', name: '' },
    count: leaves.length,
    sample: leaves.slice(0, DEPARTURE_SAMPLE).map((m) => ({ memberNumber: m.memberNumber, name: m.name })),
  }));
}

/**
 * Refuses a mass departure unless the admin typed the number of departures and explained why
 * the file is complete — the web's counterpart of the CLI's `--force`. Changes nothing.
 */
export function checkDepartures(summary: RosterSummary, confirmation: DepartureConfirmation): string | null {
  if (!isMassDeparture(summary)) return null;
  const reason = confirmation.reason?.trim() ?? '';
  const errors = [
    ...(confirmation.departures === summary.left
      ? []
      : [{ path: '/departures', message: `type the number of departures (${summary.left})` }]),
    ...(reason.length >= MASS_DEPARTURE_REASON_MIN
      ? []
      : [
          {
            path: '/reason',
            message: `explain in at least ${MASS_DEPARTURE_REASON_MIN} characters why the file is complete`,
          },
        ]),
  ];
  if (errors.length > 0) {
    throw new DomainError('roster_mass_departure', `${summary.left} members would leave; not confirmed`, errors);
  }
  return reason;
}
