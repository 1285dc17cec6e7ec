/**
 * Draft versions: the commission publishes the text per chapter; members read it with line
 * numbers that stay the same for everyone (see draft-text.ts). Accepted amendments are merged into
 * a new version; overlapping ones are left out and reported.
 */
import type { Kysely } from 'kysely';
import type {
  MergeResult,
  ProgrammeDraft as Draft,
  ProgrammeDraftList as DraftList,
  ProgrammeDraftSummary as DraftSummary,
  PublishDraftBody,
} from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isUniqueViolation, isoFromMs, nowMs } from '../db/database.ts';
import type { Actor } from '../accounts/actor.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../errors.ts';
import {
  applyChanges,
  numberLines,
  overlaps,
  type DraftChapterText,
  type DraftLine,
  type LineChange,
} from './draft-text.ts';
import { assertCommission } from './programme.policy.ts';

interface DraftRow {
  id: number;
  process_id: number;
  version: number;
  note: string | null;
  published_at: number;
}

/** A draft version's chapters in chapter order, with their titles. */
async function chapterTexts(db: Kysely<DB>, draftId: number) {
  return db
    .selectFrom('programme_draft_chapters as d')
    .innerJoin('programme_chapters as c', 'c.id', 'd.chapter_id')
    .select(['c.id', 'c.title', 'd.text'])
    .where('d.draft_id', '=', draftId)
    .orderBy('c.position')
    .execute();
}

/** The numbered lines of a draft version. */
export async function draftLines(db: Kysely<DB>, draftId: number): Promise<DraftLine[]> {
  const chapters = await chapterTexts(db, draftId);
  return numberLines(chapters.map((c) => ({ chapterId: c.id, text: c.text })));
}

function summary(row: DraftRow, lineCount: number): DraftSummary {
  return { id: row.id, version: row.version, publishedAt: isoFromMs(row.published_at), note: row.note, lineCount };
}

async function latestRow(db: Kysely<DB>, processId: number): Promise<DraftRow | undefined> {
  return db
    .selectFrom('programme_drafts')
    .select(['id', 'process_id', 'version', 'note', 'published_at'])
    .where('process_id', '=', processId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest published version, or null before the first. */
export async function currentDraft(db: Kysely<DB>, processId: number): Promise<DraftSummary | null> {
  const row = await latestRow(db, processId);
  return row ? summary(row, (await draftLines(db, row.id)).length) : null;
}

/** The row of the current version; `no_draft_yet` before the first. */
export async function currentDraftRow(db: Kysely<DB>, processId: number): Promise<DraftRow & { lines: DraftLine[] }> {
  const row = await latestRow(db, processId);
  if (!row) throw new DomainError('no_draft_yet');
  return { ...row, lines: await draftLines(db, row.id) };
}

export async function listDrafts(db: Kysely<DB>, processId: number): Promise<DraftList> {
  const rows = await db
    .selectFrom('programme_drafts')
    .select(['id', 'process_id', 'version', 'note', 'published_at'])
    .where('process_id', '=', processId)
    .orderBy('version', 'desc')
    .execute();
  return { items: await Promise.all(rows.map(async (r) => summary(r, (await draftLines(db, r.id)).length))) };
}

/** One version with its lines. */
export async function getDraft(db: Kysely<DB>, processId: number, version: number): Promise<Draft> {
  const row = await db
    .selectFrom('programme_drafts')
    .select(['id', 'process_id', 'version', 'note', 'published_at'])
    .where('process_id', '=', processId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('draft');
  const chapters = await chapterTexts(db, row.id);
  const lines = numberLines(chapters.map((c) => ({ chapterId: c.id, text: c.text })));
  return {
    ...summary(row, lines.length),
    chapters: chapters.map((c) => {
      const own = lines.filter((l) => l.chapterId === c.id);
      return {
        id: c.id,
        title: c.title,
        text: c.text,
        firstLine: own[0]?.number ?? 0,
        lastLine: own.at(-1)?.number ?? 0,
      };
    }),
    lines,
  };
}

/** Writes a new version (the next number) with the chapters' texts; chapters not given stay empty. */
async function insertVersion(
  trx: Kysely<DB>,
  actor: Actor,
  processId: number,
  chapters: DraftChapterText[],
  note: string | null,
): Promise<DraftRow> {
  const latest = await latestRow(trx, processId);
  const row = {
    process_id: processId,
    version: (latest?.version ?? 0) + 1,
    note,
    published_by: actor.memberId,
    published_at: nowMs(),
  };
  // The unique (process, version) makes two commission members publishing at once a 409, not a fork.
  const { id } = await trx
    .insertInto('programme_drafts')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? new ConflictError('draft version taken') : error;
    });
  await trx
    .insertInto('programme_draft_chapters')
    .values(chapters.map((c) => ({ draft_id: id, chapter_id: c.chapterId, text: c.text })))
    .execute();
  return { id, ...row };
}

/** The commission publishes a draft version. */
export async function publishDraft(
  db: Kysely<DB>,
  actor: Actor,
  processId: number,
  input: PublishDraftBody,
): Promise<DraftSummary> {
  assertCommission(actor);
  const chapters = await db
    .selectFrom('programme_chapters')
    .select('id')
    .where('process_id', '=', processId)
    .orderBy('position')
    .execute();
  if (chapters.length === 0) throw new NotFoundError('process');
  const known = new Set(chapters.map((c) => c.id));
  const given = new Map<number, string>();
  input.chapters.forEach((c, i) => {
    if (!known.has(c.chapterId) || given.has(c.chapterId)) {
      throw new ValidationError([
        { path: `/chapters/${i}/chapterId`, message: 'not a chapter of this process, or twice' },
      ]);
    }
    given.set(c.chapterId, c.text);
  });
  const texts = chapters.map((c) => ({ chapterId: c.id, text: given.get(c.id) ?? '' }));
  const row = await db.transaction().execute((trx) => insertVersion(trx, actor, processId, texts, input.note ?? null));
  return summary(row, numberLines(texts).length);
}

/**
 * Merges the accepted (and modified) amendments of the current version into a new one. Amendments
 * whose lines overlap another accepted one are left out and reported: the commission settles them
 * (e.g. with a modified text covering both) and merges again.
 */
export async function mergeAmendments(
  db: Kysely<DB>,
  actor: Actor,
  processId: number,
  note: string | undefined,
): Promise<MergeResult> {
  assertCommission(actor);
  return db.transaction().execute(async (trx) => {
    const current = await latestRow(trx, processId);
    if (!current) throw new NotFoundError('draft');
    const accepted = await trx
      .selectFrom('amendments')
      .select(['id', 'kind', 'from_line', 'to_line', 'text', 'procedure', 'procedure_text'])
      .where('draft_id', '=', current.id)
      .where('procedure', 'in', ['accept', 'modified'])
      .where('merged_into_draft_id', 'is', null)
      .orderBy('id')
      .execute();
    const changes: LineChange[] = accepted.map((a) => ({
      id: a.id,
      kind: a.kind,
      fromLine: a.from_line,
      toLine: a.to_line,
      text: a.procedure === 'modified' ? (a.procedure_text ?? '') : a.text,
    }));
    const overlapping = overlaps(changes);
    const left = new Set(overlapping.flat());
    const merged = changes.filter((c) => !left.has(c.id));
    const chapters = await chapterTexts(trx, current.id);
    const texts = applyChanges(
      chapters.map((c) => ({ chapterId: c.id, text: c.text })),
      merged,
    );
    const row = await insertVersion(trx, actor, processId, texts, note ?? null);
    if (merged.length > 0) {
      await trx
        .updateTable('amendments')
        .set({ merged_into_draft_id: row.id })
        .where(
          'id',
          'in',
          merged.map((c) => c.id),
        )
        .execute();
    }
    return {
      draft: summary(row, numberLines(texts).length),
      merged: merged.map((c) => c.id),
      overlapping,
    };
  });
}
