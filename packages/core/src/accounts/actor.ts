/**
 * The actor: who is asking, with their memberships and roles, loaded once per request. Policies
 * are pure functions of the actor and a resource.
 */
import type { Kysely } from 'kysely';
import type { Locale, Me, Role } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { prepared } from '../db/prepared.ts';
import { unitsOfMember, type UnitRow } from '../units/units.repository.ts';
import { presentUnit } from '../units/units.service.ts';

export interface Actor {
  accountId: number;
  memberId: number;
  email: string;
  displayName: string;
  memberNumber: string;
  locale: Locale;
  /** Units the member belongs to: the Ortsverein and everything above it, AGs, Gremien. */
  units: UnitRow[];
  /** Roles as held, by unit. */
  roles: { unitId: number; unitDepth: number; role: Role }[];
}

/** The account and member columns an actor is made of (the session query reads them too). */
export const ACTOR_ACCOUNT_COLUMNS = [
  'a.id as account_id',
  'a.email',
  'a.locale',
  'm.id as member_id',
  'm.first_name',
  'm.last_name',
  'm.member_number',
  'm.unit_id',
  'm.status',
] as const;

/** An account with its member, as {@link ACTOR_ACCOUNT_COLUMNS} select them. */
export interface ActorAccount {
  account_id: number;
  email: string;
  locale: Locale;
  member_id: number;
  first_name: string;
  last_name: string;
  member_number: string;
  unit_id: number;
  status: string;
}

const accountOfActor = prepared((db, accountId: number) =>
  db
    .selectFrom('accounts as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select(ACTOR_ACCOUNT_COLUMNS)
    .where('a.id', '=', accountId),
);

const rolesOfActor = prepared((db, memberId: number) =>
  db
    .selectFrom('member_roles as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.unit_id', 'r.role', 'u.depth'])
    .where('r.member_id', '=', memberId),
);

/**
 * Loads the actor for an account; undefined when the member is no longer active. Pass the
 * account row when it was read already (the session query reads it along with the session).
 */
export async function loadActor(db: Kysely<DB>, accountId: number, known?: ActorAccount): Promise<Actor | undefined> {
  const row = known?.account_id === accountId ? known : await accountOfActor.first(db, accountId);
  if (!row || row.status !== 'active') return undefined;
  const [units, roles] = await Promise.all([
    unitsOfMember(db, row.member_id, row.unit_id),
    rolesOfActor.all(db, row.member_id),
  ]);
  return {
    accountId: row.account_id,
    memberId: row.member_id,
    email: row.email,
    displayName: `${row.first_name} ${row.last_name}`,
    memberNumber: row.member_number,
    locale: row.locale,
    units,
    roles: roles.map((r) => ({ unitId: r.unit_id, unitDepth: r.depth, role: r.role })),
  };
}

/** Whether the actor holds a role in a unit. */
export function hasRole(actor: Actor, role: Role, unitId: number): boolean {
  return actor.roles.some((r) => r.role === role && r.unitId === unitId);
}

/** Whether the actor administers the whole Landesverband (an `lv_admin` role at the root). */
export function isLandesAdmin(actor: Actor): boolean {
  return actor.roles.some((r) => r.role === 'lv_admin' && r.unitDepth === 0);
}

/** The `/me` document. */
export function presentMe(actor: Actor): Me {
  const order = ['ortsverein', 'kreisverband', 'regionalzentrum', 'landesverband', 'arbeitsgemeinschaft', 'gremium'];
  const memberships = [...actor.units]
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.name.localeCompare(b.name, 'de'))
    .map((unit) => ({
      unit: presentUnit(unit),
      roles: actor.roles.filter((r) => r.unitId === unit.id).map((r) => r.role),
    }));
  return {
    id: actor.accountId,
    email: actor.email,
    displayName: actor.displayName,
    locale: actor.locale,
    memberNumber: actor.memberNumber,
    memberships,
    abilities: { readSentMail: isLandesAdmin(actor), administerUnits: isLandesAdmin(actor) },
  };
}
