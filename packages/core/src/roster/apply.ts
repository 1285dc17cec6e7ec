/**
 * Writes a roster plan in batched statements (see `members.repository.ts`), inside the caller's
 * transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PlannedMember, RosterPlan } from './plan.ts';
import { chunks, insertMembers } from '../members/members.repository.ts';
import { recordMembersChanged } from '../live/live.scopes.ts';

/** Writes the members' AG memberships, first removing their old ones when `replace` is set. */
async function writeAgs(trx: Kysely<DB>, members: (PlannedMember & { id: number })[], replace: boolean) {
  if (replace) {
    for (const chunk of chunks(members)) {
      await trx
        .deleteFrom('member_units')
        .where(
          'member_id',
          'in',
          chunk.map((m) => m.id),
        )
        .execute();
    }
  }
  const rows = members.flatMap((m) => m.agUnitIds.map((unitId) => ({ member_id: m.id, unit_id: unitId })));
  for (const chunk of chunks(rows)) await trx.insertInto('member_units').values(chunk).execute();
}

/** Writes the members' roster roles, first removing their old roster roles when `replace` is set. */
async function writeRoles(trx: Kysely<DB>, members: (PlannedMember & { id: number })[], replace: boolean, now: number) {
  if (replace) {
    for (const chunk of chunks(members)) {
      const ids = chunk.map((m) => m.id);
      // Roles granted in the app are not the roster's to take away.
      await trx.deleteFrom('member_roles').where('member_id', 'in', ids).where('source', '=', 'roster').execute();
    }
  }
  const rows = members.flatMap((m) =>
    m.roles.map((r) => ({
      member_id: m.id,
      unit_id: r.unitId,
      role: r.role,
      source: 'roster' as const,
      created_at: now,
    })),
  );
  for (const chunk of chunks(rows)) {
    // The same role granted in the app already covers it; the app grant stays.
    await trx
      .insertInto('member_roles')
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Counts of what was written. */
export interface AppliedCounts {
  inserted: number;
  updated: number;
  left: number;
  sessionsEnded: number;
}

/** Applies the plan; call it inside one transaction. */
export async function applyPlan(trx: Kysely<DB>, plan: RosterPlan, now: number): Promise<AppliedCounts> {
  const ids = await insertMembers(trx, plan.inserts, now);
  const inserted = plan.inserts.map((m) => ({ ...m, id: ids.get(m.memberNumber)! }));

  // One UPDATE … FROM (VALUES …) per chunk; both dialects name the CTE's columns the same way.
  // Numbers are cast so PostgreSQL does not take the untyped parameters for text.
  for (const chunk of chunks(plan.updates)) {
    const values = sql.join(
      chunk.map(
        (m) =>
          sql`(cast(${m.id} as bigint), ${m.firstName}, ${m.lastName}, ${m.email}, ${m.birthDate}, cast(${m.unitId} as bigint))`,
      ),
    );
    await sql`with v(id, first_name, last_name, email, birth_date, unit_id) as (values ${values})
      update members set first_name = v.first_name, last_name = v.last_name, email = v.email,
        birth_date = v.birth_date, unit_id = v.unit_id, status = 'active', left_at = null,
        updated_at = ${sql.lit(now)}
      from v where members.id = v.id and members.status <> 'deleted'`.execute(trx);
  }
  // Only what changed is rewritten: a roster where every name changed must not rewrite every role.
  const changed = (field: string) => plan.updates.filter((m) => m.changes.includes(field));
  await writeAgs(trx, inserted, false);
  await writeAgs(trx, changed('ags'), true);
  await writeRoles(trx, inserted, false, now);
  await writeRoles(trx, changed('roles'), true, now);

  let sessionsEnded = 0;
  let left = 0;
  for (const chunk of chunks(plan.leaves)) {
    const ids = chunk.map((m) => m.id);
    const result = await trx
      .updateTable('members')
      .set({ status: 'left', left_at: now, updated_at: now })
      .where('id', 'in', ids)
      .where('status', '=', 'active')
      .executeTakeFirst();
    left += Number(result.numUpdatedRows);
    await trx.deleteFrom('member_roles').where('member_id', 'in', ids).where('source', '=', 'roster').execute();
    // Access ends with the roster: every session of the member's account goes at once.
    const ended = await trx
      .deleteFrom('sessions')
      .where('account_id', 'in', (eb) => eb.selectFrom('accounts').select('id').where('member_id', 'in', ids))
      .executeTakeFirst();
    sessionsEnded += Number(ended.numDeletedRows);
  }
  // Open live connections of moved and departed members are looked at again after the commit.
  const regrouped = plan.updates.filter((m) => ['unit', 'ags', 'roles'].some((f) => m.changes.includes(f)));
  await recordMembersChanged(trx, [...regrouped.map((m) => m.id), ...plan.leaves.map((m) => m.id)]);
  return { inserted: inserted.length, updated: plan.updates.length, left, sessionsEnded };
}
