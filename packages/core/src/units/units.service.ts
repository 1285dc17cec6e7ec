/**
 * Use cases of the unit tree. Reading the structure is open to every signed-in member: which
 * Ortsvereine exist is public knowledge; who belongs to them is not, and lives elsewhere.
 */
import type { Kysely } from 'kysely';
import { ALLOWED_PARENTS, type Unit } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import * as repo from './units.repository.ts';
import type { NewUnit, UnitRow, UnitSearch } from './units.repository.ts';

/** The API shape of a unit row. */
export function presentUnit(row: UnitRow): Unit {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    code: row.code,
    parentId: row.parent_id,
    depth: row.depth,
    childCount: row.child_count,
  };
}

/** Creates a unit below its parent, checking that the type may stand there. */
export async function createUnit(db: Kysely<DB>, unit: NewUnit): Promise<Unit> {
  return db.transaction().execute(async (trx) => {
    const parent = unit.parentId === null ? undefined : await repo.findUnit(trx, unit.parentId);
    if (unit.parentId !== null && !parent) {
      throw new ValidationError([{ path: '/parentId', message: 'parent unit does not exist' }]);
    }
    if (!ALLOWED_PARENTS[unit.type].includes(parent?.type ?? null)) {
      throw new ValidationError([
        { path: '/parentId', message: `a ${unit.type} cannot stand below ${parent?.type ?? 'nothing'}` },
      ]);
    }
    if (await repo.findUnitByCode(trx, unit.code)) {
      throw new ValidationError([{ path: '/code', message: 'code is taken' }]);
    }
    const id = await repo.insertUnit(trx, unit);
    return presentUnit((await repo.findUnit(trx, id))!);
  });
}

export async function getUnit(db: Kysely<DB>, id: number): Promise<Unit> {
  const row = await repo.findUnit(db, id);
  if (!row) throw new NotFoundError('unit');
  return presentUnit(row);
}

/** The path from the root down to the unit. */
export async function getAncestry(db: Kysely<DB>, id: number): Promise<Unit[]> {
  const rows = await repo.ancestorsOf(db, id);
  if (rows.length === 0) throw new NotFoundError('unit');
  return rows.map(presentUnit);
}

/** The units directly below, or the roots when `id` is null. */
export async function listChildren(db: Kysely<DB>, id: number | null): Promise<Unit[]> {
  if (id === null) return (await repo.rootUnits(db)).map(presentUnit);
  const children = await repo.childrenOf(db, id);
  if (children.length === 0) await getUnit(db, id);
  return children.map(presentUnit);
}

export async function searchUnits(db: Kysely<DB>, search: UnitSearch): Promise<Unit[]> {
  return (await repo.searchUnits(db, search)).map(presentUnit);
}

export { isInside } from './units.repository.ts';
