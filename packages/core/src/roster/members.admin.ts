/**
 * The Landesverband admin's view of the membership: search, one member with units and roles, a
 * CSV export in the import format, and renaming units. Only callers that checked `isLandesAdmin`
 * may use these.
 */
import { sql, type Kysely } from 'kysely';
import type { Role, UnitType } from '@rotes-netz/shared';
import type { DB, MemberStatus } from '../db/schema.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { csvDocument } from '../csv.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { escapeLike, foldForSearch } from '../text.ts';

/** The member's full name folded like `foldForSearch`, in SQL both dialects understand. */
const foldedName = sql<string>`lower(replace(replace(replace(replace(replace(replace(replace(
  m.first_name || ' ' || m.last_name,
  'Ä', 'ae'), 'ä', 'ae'), 'Ö', 'oe'), 'ö', 'oe'), 'Ü', 'ue'), 'ü', 'ue'), 'ß', 'ss'))`;

export interface MemberSearch {
  q?: string | undefined;
  unitId?: number | undefined;
  status?: MemberStatus | undefined;
  offset: number;
  limit: number;
}

export interface MemberListItem {
  id: number;
  memberNumber: string;
  name: string;
  status: MemberStatus;
  ortsverein: { id: number; code: string; name: string };
}

/** Members by name or number, inside a unit, by status; sorted by last name. */
export async function searchMembers(
  db: Kysely<DB>,
  search: MemberSearch,
): Promise<{ items: MemberListItem[]; nextCursor: string | null }> {
  const folded = search.q ? foldForSearch(search.q) : '';
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'm.id',
      'm.member_number',
      'm.first_name',
      'm.last_name',
      'm.status',
      'u.id as unit_id',
      'u.code',
      'u.name',
    ])
    .$if(folded !== '', (q) =>
      q.where((eb) =>
        eb.or([
          eb('m.member_number', '=', search.q!.trim()),
          sql<boolean>`${foldedName} like ${`%${escapeLike(folded)}%`} escape '\\'`,
        ]),
      ),
    )
    .$if(search.unitId !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb(
            'm.unit_id',
            'in',
            eb.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', search.unitId!),
          ),
          eb('m.id', 'in', eb.selectFrom('member_units').select('member_id').where('unit_id', '=', search.unitId!)),
        ]),
      ),
    )
    .$if(search.status !== undefined, (q) => q.where('m.status', '=', search.status!))
    .orderBy('m.last_name')
    .orderBy('m.first_name')
    .orderBy('m.id')
    .offset(search.offset)
    .limit(search.limit + 1)
    .execute();
  return {
    items: rows.slice(0, search.limit).map((r) => ({
      id: r.id,
      memberNumber: r.member_number,
      name: `${r.first_name} ${r.last_name}`,
      status: r.status,
      ortsverein: { id: r.unit_id, code: r.code, name: r.name },
    })),
    nextCursor: rows.length > search.limit ? String(search.offset + search.limit) : null,
  };
}

type UnitRef = { id: number; code: string; name: string; type: UnitType };

export interface MemberDetail extends MemberListItem {
  firstName: string;
  lastName: string;
  email: string | null;
  birthDate: string | null;
  leftAt: string | null;
  hasAccount: boolean;
  units: UnitRef[];
  roles: { unit: UnitRef; role: Role; source: 'roster' | 'app' }[];
}

/** One member with AG memberships, roles and whether they have an account. */
export async function getMemberDetail(db: Kysely<DB>, id: number): Promise<MemberDetail> {
  const m = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('accounts as a', 'a.member_id', 'm.id')
    .selectAll('m')
    .select(['u.code', 'u.name', 'a.id as account_id'])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!m) throw new NotFoundError('member');
  const [units, roles] = await Promise.all([
    db
      .selectFrom('member_units as mu')
      .innerJoin('units as u', 'u.id', 'mu.unit_id')
      .select(['u.id', 'u.code', 'u.name', 'u.type'])
      .where('mu.member_id', '=', id)
      .orderBy('u.name')
      .execute(),
    db
      .selectFrom('member_roles as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['u.id', 'u.code', 'u.name', 'u.type', 'r.role', 'r.source'])
      .where('r.member_id', '=', id)
      .orderBy('u.depth')
      .orderBy('r.role')
      .execute(),
  ]);
  return {
    id: m.id,
    memberNumber: m.member_number,
    name: `${m.first_name} ${m.last_name}`,
    firstName: m.first_name,
    lastName: m.last_name,
    email: m.email,
    birthDate: m.birth_date,
    status: m.status,
    leftAt: isoFromMs(m.left_at),
    hasAccount: m.account_id !== null,
    ortsverein: { id: m.unit_id, code: m.code, name: m.name },
    units,
    roles: roles.map(({ role, source, ...unit }) => ({ unit, role, source })),
  };
}

const ROLE_NAMES: Record<Role, string> = {
  chair: 'Vorsitz',
  deputy_chair: 'Stellvertretung',
  treasurer: 'Kassierer',
  member_care: 'Mitgliederbeauftragte',
  board: 'Vorstand',
  moderator: 'moderator',
  rz_staff: 'rz_staff',
  lv_admin: 'lv_admin',
  programme_commission: 'programme_commission',
};

/** Every member as CSV in the import format (UTF-8 with BOM, `;`), plus their status. */
export async function exportMembersCsv(db: Kysely<DB>): Promise<string> {
  const [members, units, roles] = await Promise.all([
    db
      .selectFrom('members as m')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select([
        'm.id',
        'm.member_number',
        'm.first_name',
        'm.last_name',
        'm.email',
        'm.birth_date',
        'm.status',
        'u.code',
      ])
      .orderBy('m.member_number')
      .execute(),
    db
      .selectFrom('member_units as mu')
      .innerJoin('units as u', 'u.id', 'mu.unit_id')
      .select(['mu.member_id', 'u.code'])
      .execute(),
    db
      .selectFrom('member_roles as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['r.member_id', 'r.role', 'u.code'])
      .where('r.source', '=', 'roster')
      .execute(),
  ]);
  const group = <T extends { member_id: number }>(rows: T[], f: (r: T) => string) => {
    const map = new Map<number, string[]>();
    for (const r of rows) map.set(r.member_id, [...(map.get(r.member_id) ?? []), f(r)]);
    return map;
  };
  const agsOf = group(units, (r) => r.code);
  const rolesOf = group(roles, (r) => `${ROLE_NAMES[r.role]}@${r.code}`);
  const header = [
    'Mitgliedsnummer',
    'Vorname',
    'Nachname',
    'E-Mail',
    'Geburtsdatum',
    'Ortsverein',
    'Arbeitsgemeinschaften',
    'Funktionen',
    'Status',
  ];
  return csvDocument(
    header,
    members.map((m) => [
      m.member_number,
      m.first_name,
      m.last_name,
      m.email ?? '',
      m.birth_date ?? '',
      m.code,
      (agsOf.get(m.id) ?? []).join('|'),
      (rolesOf.get(m.id) ?? []).join('|'),
      m.status,
    ]),
  );
}

/** Renames a unit or changes its code; codes stay unique. */
export async function renameUnit(
  db: Kysely<DB>,
  id: number,
  change: { name?: string | undefined; code?: string | undefined },
  who: { accountId: number; ipPrefix?: string | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('units').select(['id', 'name', 'code']).where('id', '=', id).executeTakeFirst();
    if (!unit) throw new NotFoundError('unit');
    const name = change.name?.trim() ?? unit.name;
    const code = change.code?.trim().toUpperCase() ?? unit.code;
    if (name.length < 2) throw new ValidationError([{ path: '/name', message: 'name is too short' }]);
    if (code !== unit.code) {
      const taken = await trx.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst();
      if (taken) throw new ValidationError([{ path: '/code', message: 'code is taken' }]);
    }
    await trx
      .updateTable('units')
      .set({ name, code, search_name: foldForSearch(`${name} ${code}`), updated_at: nowMs() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      action: 'unit.updated',
      actorAccountId: who.accountId,
      unitId: id,
      ipPrefix: who.ipPrefix ?? null,
      data: { fields: [name !== unit.name && 'name', code !== unit.code && 'code'].filter(Boolean) },
    });
  });
}
