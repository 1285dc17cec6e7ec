/**
 * The diff between a parsed roster and the database: who is new, who changed, who moved to
 * another Ortsverein, who left. The plan holds exactly what applying will write, so the applied
 * change is the one the admin saw. The roster is the whole membership: an active member missing
 * from the file has left — unless their row was broken, then they are left alone. The rows of
 * members who deleted their account change nothing.
 */
import type { Kysely } from 'kysely';
import type { Role } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { ParsedRoster, RosterRow, RosterRowError } from './parse.ts';

export interface PlannedMember {
  line: number;
  memberNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  birthDate: string | null;
  unitId: number;
  agUnitIds: number[];
  roles: { unitId: number; role: Role }[];
}

export interface PlannedUpdate extends PlannedMember {
  id: number;
  fromUnitId: number;
  /** Which fields differ: firstName, lastName, email, birthDate, unit, ags, roles, status. */
  changes: string[];
}

export interface RosterPlan {
  encoding: ParsedRoster['encoding'];
  separator: ParsedRoster['separator'];
  rows: number;
  inserts: PlannedMember[];
  updates: PlannedUpdate[];
  leaves: { id: number; memberNumber: string; name: string; unitId: number }[];
  errors: RosterRowError[];
}

/** The counts shown before and recorded after applying. */
export interface RosterSummary {
  encoding: ParsedRoster['encoding'];
  separator: ParsedRoster['separator'];
  rows: number;
  new: number;
  changed: number;
  moved: number;
  left: number;
  unchanged: number;
  errors: number;
}

export function summarize(plan: RosterPlan): RosterSummary {
  const moved = plan.updates.filter((u) => u.changes.includes('unit')).length;
  const taken = plan.rows - plan.errors.length;
  return {
    encoding: plan.encoding,
    separator: plan.separator,
    rows: plan.rows,
    new: plan.inserts.length,
    changed: plan.updates.length - moved,
    moved,
    left: plan.leaves.length,
    unchanged: taken - plan.inserts.length - plan.updates.length,
    errors: plan.errors.length,
  };
}

const key = (ids: number[]) => [...ids].sort((a, b) => a - b).join(',');
const roleKey = (roles: { unitId: number; role: string }[]) =>
  roles
    .map((r) => `${r.unitId}:${r.role}`)
    .sort()
    .join(',');

/** Reads what the database holds and compares it with the file, in a handful of full reads. */
export async function planRoster(db: Kysely<DB>, parsed: ParsedRoster): Promise<RosterPlan> {
  const [units, members, memberUnits, roles] = await Promise.all([
    db.selectFrom('units').select(['id', 'code', 'type']).execute(),
    db
      .selectFrom('members')
      .select(['id', 'member_number', 'first_name', 'last_name', 'email', 'birth_date', 'unit_id', 'status'])
      .execute(),
    db.selectFrom('member_units').select(['member_id', 'unit_id']).execute(),
    db.selectFrom('member_roles').select(['member_id', 'unit_id', 'role']).where('source', '=', 'roster').execute(),
  ]);
  const unitByCode = new Map(units.map((u) => [u.code.toUpperCase(), u]));
  const memberByNumber = new Map(members.map((m) => [m.member_number, m]));
  const agsOf = new Map<number, number[]>();
  for (const row of memberUnits) agsOf.set(row.member_id, [...(agsOf.get(row.member_id) ?? []), row.unit_id]);
  const rolesOf = new Map<number, { unitId: number; role: Role }[]>();
  for (const row of roles) {
    rolesOf.set(row.member_id, [...(rolesOf.get(row.member_id) ?? []), { unitId: row.unit_id, role: row.role }]);
  }

  const errors = [...parsed.errors];
  const plan: RosterPlan = {
    encoding: parsed.encoding,
    separator: parsed.separator,
    rows: parsed.rows.length + parsed.errors.length,
    inserts: [],
    updates: [],
    leaves: [],
    errors,
  };

  /** Resolves a row's unit codes; reports the first one that does not fit. */
  const resolve = (row: RosterRow): PlannedMember | undefined => {
    const fail = (reason: RosterRowError['reason'], detail: string) => {
      errors.push({ line: row.line, memberNumber: row.memberNumber, reason, detail });
      return undefined;
    };
    const ov = unitByCode.get(row.ortsvereinCode);
    if (!ov) return fail('unknown_unit', row.ortsvereinCode);
    if (ov.type !== 'ortsverein') return fail('not_an_ortsverein', row.ortsvereinCode);
    const agUnitIds: number[] = [];
    for (const code of row.agCodes) {
      const ag = unitByCode.get(code);
      if (!ag) return fail('unknown_unit', code);
      if (ag.type !== 'arbeitsgemeinschaft' && ag.type !== 'gremium') return fail('not_an_arbeitsgemeinschaft', code);
      agUnitIds.push(ag.id);
    }
    const planned: PlannedMember['roles'] = [];
    for (const fn of row.functions) {
      const unit = unitByCode.get(fn.unitCode);
      if (!unit) return fail('unknown_unit', fn.unitCode);
      if (!planned.some((r) => r.unitId === unit.id && r.role === fn.role))
        planned.push({ unitId: unit.id, role: fn.role });
    }
    const { line, memberNumber, firstName, lastName, email, birthDate } = row;
    return { line, memberNumber, firstName, lastName, email, birthDate, unitId: ov.id, agUnitIds, roles: planned };
  };

  const inFile = new Set<string>(parsed.errors.flatMap((e) => (e.memberNumber ? [e.memberNumber] : [])));
  for (const row of parsed.rows) {
    inFile.add(row.memberNumber);
    const existing = memberByNumber.get(row.memberNumber);
    // A deleted account stays deleted. Its row is in every later file of the party's office, so
    // it is skipped quietly (counted as unchanged) rather than reported as broken each time.
    if (existing?.status === 'deleted') continue;
    const member = resolve(row);
    if (!member) continue;
    if (!existing) {
      plan.inserts.push(member);
      continue;
    }
    const changes: string[] = [];
    if (existing.first_name !== member.firstName) changes.push('firstName');
    if (existing.last_name !== member.lastName) changes.push('lastName');
    if (existing.email !== member.email) changes.push('email');
    if (existing.birth_date !== member.birthDate) changes.push('birthDate');
    if (existing.unit_id !== member.unitId) changes.push('unit');
    if (key(agsOf.get(existing.id) ?? []) !== key(member.agUnitIds)) changes.push('ags');
    if (roleKey(rolesOf.get(existing.id) ?? []) !== roleKey(member.roles)) changes.push('roles');
    if (existing.status !== 'active') changes.push('status');
    if (changes.length) plan.updates.push({ ...member, id: existing.id, fromUnitId: existing.unit_id, changes });
  }
  for (const m of members) {
    if (m.status === 'active' && !inFile.has(m.member_number)) {
      plan.leaves.push({
        id: m.id,
        memberNumber: m.member_number,
        name: `${m.first_name} ${m.last_name}`,
        unitId: m.unit_id,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return plan;
}
