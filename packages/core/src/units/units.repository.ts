/**
 * SQL for the unit tree. The closure table makes "is X inside Y" one primary-key lookup and
 * "everything above/below X" one indexed range read.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { UnitType } from '@rotes-netz/shared';
import type { DB, UnitsTable } from '../db/schema.ts';
import { nowMs, toJson } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { escapeLike, foldForSearch } from '../text.ts';

export type UnitRow = Selectable<UnitsTable> & { child_count: number };

export interface NewUnit {
  type: UnitType;
  name: string;
  code: string;
  parentId: number | null;
  contact?: Record<string, unknown> | null;
}

function selectUnits(db: Kysely<DB>) {
  return db
    .selectFrom('units as u')
    .selectAll('u')
    .select((eb) =>
      eb
        .selectFrom('units as c')
        .whereRef('c.parent_id', '=', 'u.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('child_count'),
    )
    .$narrowType<{ child_count: number }>();
}

/** Inserts a unit, its closure rows (itself at depth 0, every ancestor above it) and its two rooms. */
export async function insertUnit(db: Kysely<DB>, unit: NewUnit): Promise<number> {
  const now = nowMs();
  const parentDepth =
    unit.parentId === null
      ? -1
      : (await db.selectFrom('units').select('depth').where('id', '=', unit.parentId).executeTakeFirstOrThrow()).depth;
  const { id } = await db
    .insertInto('units')
    .values({
      type: unit.type,
      name: unit.name,
      search_name: foldForSearch(`${unit.name} ${unit.code}`),
      code: unit.code,
      parent_id: unit.parentId,
      depth: parentDepth + 1,
      contact: unit.contact ? toJson(unit.contact) : null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('unit_closure').values({ ancestor_id: id, descendant_id: id, depth: 0 }).execute();
  // Every unit has its "Allgemein" room for all its members and its "Vorstand" room for its board.
  const room = { unit_id: id, created_at: now, updated_at: now, last_activity_at: now };
  await db
    .insertInto('rooms')
    .values([
      { ...room, kind: 'general', name: 'Allgemein', audience: 'unit' },
      { ...room, kind: 'board', name: 'Vorstand', audience: 'board' },
    ])
    .execute();
  if (unit.parentId !== null) {
    await db
      .insertInto('unit_closure')
      .columns(['ancestor_id', 'descendant_id', 'depth'])
      .expression((eb) =>
        eb
          .selectFrom('unit_closure')
          .select(['ancestor_id', eb.val(id).as('descendant_id'), sql<number>`depth + 1`.as('depth')])
          .where('descendant_id', '=', unit.parentId!),
      )
      .execute();
  }
  return id;
}

export async function findUnit(db: Kysely<DB>, id: number): Promise<UnitRow | undefined> {
  return selectUnits(db).where('u.id', '=', id).executeTakeFirst();
}

export async function findUnitByCode(db: Kysely<DB>, code: string): Promise<UnitRow | undefined> {
  return selectUnits(db).where('u.code', '=', code).executeTakeFirst();
}

/** Whether `unitId` lies inside `ancestorId` (or is it). One primary-key lookup. */
export async function isInside(db: Kysely<DB>, unitId: number, ancestorId: number): Promise<boolean> {
  const row = await db
    .selectFrom('unit_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', '=', unitId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether the member belongs to `unitId`: their Ortsverein, or one of their Arbeitsgemeinschaften
 * or Gremien, is the unit or lies inside it. Roles do not count — a role is what is being decided.
 */
export async function belongsTo(db: Kysely<DB>, memberId: number, unitId: number): Promise<boolean> {
  const row = await db
    .selectFrom('unit_closure')
    .select('depth')
    .where('ancestor_id', '=', unitId)
    .where('descendant_id', 'in', (eb) =>
      eb
        .selectFrom('members')
        .select('unit_id')
        .where('id', '=', memberId)
        .union(eb.selectFrom('member_units').select('unit_id').where('member_id', '=', memberId)),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** The unit and every unit above it, root first. */
export async function ancestorsOf(db: Kysely<DB>, id: number): Promise<UnitRow[]> {
  return selectUnits(db)
    .innerJoin('unit_closure as k', 'k.ancestor_id', 'u.id')
    .where('k.descendant_id', '=', id)
    .orderBy('k.depth', 'desc')
    .execute();
}

/** Every unit below `id` (not itself), optionally only down to `maxDepth` levels, by depth and name. */
export async function descendantsOf(db: Kysely<DB>, id: number, maxDepth?: number): Promise<UnitRow[]> {
  return selectUnits(db)
    .innerJoin('unit_closure as k', 'k.descendant_id', 'u.id')
    .where('k.ancestor_id', '=', id)
    .where('k.depth', '>', 0)
    .$if(maxDepth !== undefined, (q) => q.where('k.depth', '<=', maxDepth!))
    .orderBy('u.depth')
    .orderBy('u.search_name')
    .execute();
}

const unitsOfMemberQuery = prepared((db, memberId: number, ortsvereinId: number) =>
  selectUnits(db)
    .where('u.id', 'in', (eb) =>
      eb
        .selectFrom('unit_closure')
        .select('ancestor_id as id')
        .where('descendant_id', '=', ortsvereinId)
        .union(eb.selectFrom('member_units').select('unit_id as id').where('member_id', '=', memberId))
        .union(eb.selectFrom('member_roles').select('unit_id as id').where('member_id', '=', memberId)),
    )
    .orderBy('u.depth', 'desc'),
);

/**
 * The units a member belongs to, in one query: their Ortsverein and every unit above it, the
 * Arbeitsgemeinschaften and Gremien they are in, and the units where they hold a role.
 */
export async function unitsOfMember(db: Kysely<DB>, memberId: number, ortsvereinId: number): Promise<UnitRow[]> {
  // One IN over a UNION: SQLite answers it from three index lookups (~30 µs); the same as an OR of
  // three INs took it ~1.7 ms.
  return unitsOfMemberQuery.all(db, memberId, ortsvereinId);
}

/** The units directly below `id`, by name. */
export async function childrenOf(db: Kysely<DB>, id: number): Promise<UnitRow[]> {
  return selectUnits(db).where('u.parent_id', '=', id).orderBy('u.search_name').execute();
}

/** The roots of the tree (normally just the Landesverband). */
export async function rootUnits(db: Kysely<DB>): Promise<UnitRow[]> {
  return selectUnits(db).where('u.parent_id', 'is', null).orderBy('u.search_name').execute();
}

export interface UnitSearch {
  q?: string | undefined;
  type?: UnitType | undefined;
  limit: number;
}

/** Units whose name or code contains the query, umlaut- and case-insensitive. */
export async function searchUnits(db: Kysely<DB>, search: UnitSearch): Promise<UnitRow[]> {
  const folded = search.q ? foldForSearch(search.q) : '';
  return selectUnits(db)
    .$if(folded !== '', (q) => q.where(sql<boolean>`u.search_name like ${`%${escapeLike(folded)}%`} escape '\\'`))
    .$if(search.type !== undefined, (q) => q.where('u.type', '=', search.type!))
    .orderBy('u.depth')
    .orderBy('u.search_name')
    .limit(search.limit)
    .execute();
}
