/**
 * Writing roster members in bulk, for the demo seed and the roster import alike. A chunk of 1,000
 * rows keeps every statement far below PostgreSQL's 65,535 bind parameters and SQLite's 32,766.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Rows per statement in bulk writes. */
export const CHUNK = 1000;

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface NewMember {
  memberNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  birthDate: string | null;
  /** The member's Ortsverein. */
  unitId: number;
}

/** Inserts active members in chunks; returns each member number's new id. */
export async function insertMembers(
  trx: Kysely<DB>,
  members: readonly NewMember[],
  now: number,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunks(members)) {
    const rows = await trx
      .insertInto('members')
      .values(
        chunk.map((m) => ({
          member_number: m.memberNumber,
          first_name: m.firstName,
          last_name: m.lastName,
          email: m.email,
          birth_date: m.birthDate,
          unit_id: m.unitId,
          status: 'active' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'member_number'])
      .execute();
    for (const row of rows) ids.set(row.member_number, row.id);
  }
  return ids;
}
