/**
 * Amendments (Änderungsanträge) to line ranges of the current draft: replace, delete or insert,
 * with a reason. They gather supporters; at the process's threshold they count as submitted
 * ("eingereicht") for the commission (a unit's amendment, filed by its board, is submitted at
 * once). The commission sets the procedure. An amendment always names the draft version its lines
 * refer to: one filed on an older version is refused, never applied to lines that moved.
 */
import { sql, type Kysely } from 'kysely';
import type { Amendment, AmendmentBody, AmendmentList, AmendmentListQuery, ProcedureBody } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import type { Actor } from '../accounts/actor.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { checkRange, diffTexts, originalText, overlaps } from './draft-text.ts';
import { currentDraftRow } from './drafts.service.ts';
import { assertCommission, assertFilesFor, assertPhase, isCommission, phaseAt } from './programme.policy.ts';
import { loadProcess } from './processes.service.ts';

function selectAmendments(db: Kysely<DB>, memberId: number) {
  return db
    .selectFrom('amendments as a')
    .innerJoin('programme_drafts as d', 'd.id', 'a.draft_id')
    .innerJoin('programme_chapters as c', 'c.id', 'a.chapter_id')
    .innerJoin('programme_processes as p', 'p.id', 'a.process_id')
    .leftJoin('members as f', 'f.id', 'a.filer_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('programme_drafts as md', 'md.id', 'a.merged_into_draft_id')
    .selectAll('a')
    .select([
      'd.version as draft_version',
      'c.title as chapter_title',
      'p.amendment_threshold',
      'f.first_name as filer_first',
      'f.last_name as filer_last',
      'u.name as unit_name',
      'md.version as merged_version',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('amendment_supports as s')
            .select('s.amendment_id')
            .whereRef('s.amendment_id', '=', 'a.id')
            .where('s.member_id', '=', memberId),
        )
        .as('supported'),
    );
}

type AmendmentRow = Awaited<ReturnType<ReturnType<typeof selectAmendments>['execute']>>[number];

/** Which amendments of the same draft touch the same lines (rejected and settled ones aside). */
function overlapIndex(
  rows: Pick<AmendmentRow, 'id' | 'kind' | 'from_line' | 'to_line' | 'text' | 'procedure' | 'draft_id'>[],
) {
  const index = new Map<number, number[]>();
  const byDraft = new Map<number, typeof rows>();
  for (const r of rows) {
    if (r.procedure === 'reject' || r.procedure === 'settled') continue;
    const group = byDraft.get(r.draft_id);
    if (group) group.push(r);
    else byDraft.set(r.draft_id, [r]);
  }
  for (const group of byDraft.values()) {
    const pairs = overlaps(
      group.map((r) => ({ id: r.id, kind: r.kind, fromLine: r.from_line, toLine: r.to_line, text: r.text })),
    );
    // Pushed, not copied: copying the list per row made this quadratic in the amendments of a draft.
    const add = (from: number, to: number) => {
      const list = index.get(from);
      if (list) list.push(to);
      else index.set(from, [to]);
    };
    for (const [a, b] of pairs) {
      add(a, b);
      add(b, a);
    }
  }
  return index;
}

function present(row: AmendmentRow, actor: Actor, overlapsWith: number[], phaseOpen: boolean): Amendment {
  return {
    id: row.id,
    processId: row.process_id,
    draftVersion: row.draft_version,
    chapter: { id: row.chapter_id, title: row.chapter_title },
    kind: row.kind,
    fromLine: row.from_line,
    toLine: row.to_line,
    originalText: row.original_text,
    text: row.text,
    diff: diffTexts(row.kind, row.original_text, row.text),
    reason: row.reason,
    filer:
      row.filer_id !== null && row.filer_first !== null
        ? { memberId: row.filer_id, displayName: `${row.filer_first} ${row.filer_last ?? ''}`.trim() }
        : null,
    unit: row.unit_id !== null && row.unit_name !== null ? { id: row.unit_id, name: row.unit_name } : null,
    status: row.status,
    supportCount: row.support_count,
    supported: Boolean(row.supported),
    threshold: row.amendment_threshold,
    procedure:
      row.procedure !== null && row.decided_at !== null
        ? {
            kind: row.procedure,
            text: row.procedure_text,
            note: row.procedure_note,
            settledById: row.settled_by_id,
            decidedAt: isoFromMs(row.decided_at),
          }
        : null,
    mergedIntoVersion: row.merged_version ?? null,
    overlapsWith: [...new Set(overlapsWith)].sort((a, b) => a - b),
    createdAt: isoFromMs(row.created_at),
    version: row.version,
    permissions: {
      support: phaseOpen && row.filer_id !== actor.memberId && row.unit_id === null,
      decide: isCommission(actor),
    },
  };
}

/** Files an amendment on lines of the current draft, while amendments are open. */
export async function fileAmendment(
  db: Kysely<DB>,
  actor: Actor,
  processId: number,
  input: AmendmentBody,
): Promise<Amendment> {
  const process = await loadProcess(db, processId);
  assertPhase(process, nowMs(), 'amendments');
  const draft = await currentDraftRow(db, processId);
  if (input.draftVersion !== draft.version) {
    if (input.draftVersion < draft.version) throw new DomainError('draft_outdated');
    throw new ValidationError([{ path: '/draftVersion', message: 'no such draft version' }]);
  }
  const range = checkRange(draft.lines, input);
  if (range !== 'ok') throw new DomainError('lines_outside_draft');
  const text = input.kind === 'delete' ? '' : input.text.trim();
  if (input.kind !== 'delete' && text === '')
    throw new ValidationError([{ path: '/text', message: 'must not be blank' }]);
  if (input.reason.trim() === '') throw new ValidationError([{ path: '/reason', message: 'must not be blank' }]);
  const unitId = assertFilesFor(actor, input.unitId);
  const now = nowMs();
  const submitted = unitId !== null || process.amendment_threshold === 0;
  const { id } = await db
    .insertInto('amendments')
    .values({
      process_id: processId,
      draft_id: draft.id,
      chapter_id: draft.lines[input.fromLine - 1]!.chapterId,
      kind: input.kind,
      from_line: input.fromLine,
      to_line: input.toLine,
      original_text: originalText(draft.lines, input.fromLine, input.toLine),
      text,
      reason: input.reason.trim(),
      filer_id: actor.memberId,
      filer_unit_id: actor.units.find((u) => u.type === 'ortsverein')?.id ?? null,
      unit_id: unitId,
      status: submitted ? 'submitted' : 'collecting',
      submitted_at: submitted ? now : null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getAmendment(db, actor, id);
}

async function loadRow(db: Kysely<DB>, actor: Actor, id: number): Promise<AmendmentRow> {
  const row = await selectAmendments(db, actor.memberId).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('amendment');
  return row;
}

async function overlapsOf(db: Kysely<DB>, draftId: number) {
  const rows = await db
    .selectFrom('amendments')
    .select(['id', 'kind', 'from_line', 'to_line', 'text', 'procedure', 'draft_id'])
    .where('draft_id', '=', draftId)
    .execute();
  return overlapIndex(rows);
}

export async function getAmendment(db: Kysely<DB>, actor: Actor, id: number): Promise<Amendment> {
  const row = await loadRow(db, actor, id);
  const [process, index] = await Promise.all([loadProcess(db, row.process_id), overlapsOf(db, row.draft_id)]);
  return present(row, actor, index.get(id) ?? [], phaseAt(process, nowMs()) === 'amendments');
}

/** Amendments of a process in line order (by default those on the current draft). */
export async function listAmendments(
  db: Kysely<DB>,
  actor: Actor,
  processId: number,
  q: AmendmentListQuery,
): Promise<AmendmentList> {
  const process = await loadProcess(db, processId);
  let query = selectAmendments(db, actor.memberId).where('a.process_id', '=', processId);
  if (q.draftVersion !== undefined) query = query.where('d.version', '=', q.draftVersion);
  if (q.chapterId !== undefined) query = query.where('a.chapter_id', '=', q.chapterId);
  if (q.status !== undefined) query = query.where('a.status', '=', q.status);
  if (q.mine) query = query.where('a.filer_id', '=', actor.memberId);
  const rows = await query.orderBy('d.version', 'desc').orderBy('a.from_line').orderBy('a.id').execute();
  const index = overlapIndex(rows);
  const open = phaseAt(process, nowMs()) === 'amendments';
  return { items: rows.map((r) => present(r, actor, index.get(r.id) ?? [], open)) };
}

/** Supports an amendment (again: nothing changes) or withdraws; the threshold submits it. */
export async function setAmendmentSupport(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  support: boolean,
): Promise<Amendment> {
  const row = await loadRow(db, actor, id);
  const process = await loadProcess(db, row.process_id);
  assertPhase(process, nowMs(), 'amendments');
  if (row.filer_id === actor.memberId) throw new DomainError('cannot_support_own');
  await db.transaction().execute(async (trx) => {
    const result = support
      ? await trx
          .insertInto('amendment_supports')
          .values({ amendment_id: id, member_id: actor.memberId, created_at: nowMs() })
          .onConflict((oc) => oc.columns(['amendment_id', 'member_id']).doNothing())
          .executeTakeFirst()
      : await trx
          .deleteFrom('amendment_supports')
          .where('amendment_id', '=', id)
          .where('member_id', '=', actor.memberId)
          .executeTakeFirst();
    const changed = Number(
      'numInsertedOrUpdatedRows' in result ? result.numInsertedOrUpdatedRows : result.numDeletedRows,
    );
    if (changed === 0) return;
    // Once submitted, an amendment stays submitted even if supporters withdraw later.
    await trx
      .updateTable('amendments')
      .set((eb) => ({
        support_count: sql<number>`support_count + ${support ? 1 : -1}`,
        status: eb
          .case()
          .when(
            sql<boolean>`status = 'collecting' and support_count + ${support ? 1 : -1} >= ${process.amendment_threshold}`,
          )
          .then(sql<'submitted'>`'submitted'`)
          .else(eb.ref('status'))
          .end(),
        submitted_at: eb
          .case()
          .when(
            sql<boolean>`status = 'collecting' and support_count + ${support ? 1 : -1} >= ${process.amendment_threshold}`,
          )
          .then(nowMs())
          .else(eb.ref('submitted_at'))
          .end(),
      }))
      .where('id', '=', id)
      .execute();
  });
  return getAmendment(db, actor, id);
}

/** The commission's procedure for an amendment; 409 when someone decided meanwhile. */
export async function decideAmendment(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: ProcedureBody,
): Promise<Amendment> {
  assertCommission(actor);
  const row = await loadRow(db, actor, id);
  if (row.merged_into_draft_id !== null) throw new ConflictError('already merged');
  const text = input.text?.trim() ?? '';
  if (input.procedure === 'modified' && text === '' && row.kind !== 'delete') {
    throw new ValidationError([{ path: '/text', message: 'the modified wording is missing' }]);
  }
  let settledBy: number | null = null;
  if (input.procedure === 'settled') {
    const other = await db
      .selectFrom('amendments')
      .select('id')
      .where('id', '=', input.settledById ?? -1)
      .where('process_id', '=', row.process_id)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (!other) throw new ValidationError([{ path: '/settledById', message: 'not another amendment of this process' }]);
    settledBy = other.id;
  }
  const result = await db
    .updateTable('amendments')
    .set({
      procedure: input.procedure,
      procedure_text: input.procedure === 'modified' ? text : null,
      procedure_note: input.note?.trim() || null,
      settled_by_id: settledBy,
      decided_by: actor.memberId,
      decided_at: nowMs(),
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', input.expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError('amendment decided meanwhile');
  return getAmendment(db, actor, id);
}
