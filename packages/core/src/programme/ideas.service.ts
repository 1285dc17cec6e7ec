/**
 * Ideas for the programme: members (or a unit, filed by its board) submit them to a chapter while
 * ideas are collected; others support them once (withdrawably) and discuss them in the idea's
 * thread; the programme commission answers with a status, an official text and optionally the
 * draft lines the idea went into. Answers carry a version, so two commission members answering at
 * once get a 409 instead of overwriting each other.
 */
import { sql, type Kysely } from 'kysely';
import type {
  AnswerBody,
  AttachmentView,
  BulkStatusBody,
  Idea,
  IdeaBody,
  IdeaList,
  IdeaListQuery,
} from '@rotes-netz/shared';
import { attachmentsOfPosts } from '../attachments/attachments.service.ts';
import type { DB } from '../db/schema.ts';
import { isoFromMs, nowMs, toJson, fromJson } from '../db/database.ts';
import type { Actor } from '../accounts/actor.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { inTransaction } from '../live/live.events.ts';
import { assertCanWrite, loadRoomAccess } from '../rooms/rooms.access.ts';
import { openThread } from '../threads/threads.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { assertCommission, assertFilesFor, assertPhase, isCommission } from './programme.policy.ts';
import { loadProcess } from './processes.service.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

function selectIdeas(db: Kysely<DB>, memberId: number) {
  return db
    .selectFrom('ideas as i')
    .innerJoin('programme_chapters as c', 'c.id', 'i.chapter_id')
    .innerJoin('threads as t', 't.id', 'i.thread_id')
    .leftJoin('members as a', 'a.id', 'i.author_id')
    .leftJoin('units as u', 'u.id', 'i.unit_id')
    .leftJoin('members as ab', 'ab.id', 'i.answered_by')
    .selectAll('i')
    .select((eb) =>
      eb
        .selectFrom('posts as fp')
        .whereRef('fp.thread_id', '=', 'i.thread_id')
        .select((e) => e.fn.min('fp.id').as('first'))
        .as('first_post_id'),
    )
    .select([
      'c.title as chapter_title',
      't.post_count',
      'a.first_name as author_first',
      'a.last_name as author_last',
      'u.name as unit_name',
      'ab.first_name as answerer_first',
      'ab.last_name as answerer_last',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('idea_supports as s')
            .select('s.idea_id')
            .whereRef('s.idea_id', '=', 'i.id')
            .where('s.member_id', '=', memberId),
        )
        .as('supported'),
    );
}

type IdeaRow = Awaited<ReturnType<ReturnType<typeof selectIdeas>['execute']>>[number];

const person = (id: number | null, first: string | null, last: string | null) =>
  id !== null && first !== null ? { memberId: id, displayName: `${first} ${last ?? ''}`.trim() } : null;

function present(row: IdeaRow, actor: Actor, phaseOpen: boolean, files: Map<number, AttachmentView[]>): Idea {
  return {
    id: row.id,
    processId: row.process_id,
    chapter: { id: row.chapter_id, title: row.chapter_title },
    title: row.title,
    body: row.body,
    bodyHtml: row.body_html,
    author: person(row.author_id, row.author_first, row.author_last),
    unit: row.unit_id !== null && row.unit_name !== null ? { id: row.unit_id, name: row.unit_name } : null,
    status: row.status,
    answer:
      row.answered_at !== null
        ? {
            text: row.answer ?? '',
            html: row.answer_html ?? '',
            lines: row.answer_lines !== null ? fromJson(row.answer_lines) : null,
            answeredAt: isoFromMs(row.answered_at),
            answeredBy: person(row.answered_by, row.answerer_first, row.answerer_last),
          }
        : null,
    attachments: (row.first_post_id !== null && files.get(Number(row.first_post_id))) || [],
    supportCount: row.support_count,
    supported: Boolean(row.supported),
    commentCount: Math.max(0, row.post_count - 1),
    threadId: row.thread_id,
    createdAt: isoFromMs(row.created_at),
    version: row.version,
    permissions: {
      support: phaseOpen && row.author_id !== actor.memberId,
      answer: isCommission(actor),
    },
  };
}

/** The files of the ideas' opening posts (the idea's own attachments). */
function filesOf(db: Kysely<DB>, rows: IdeaRow[]): Promise<Map<number, AttachmentView[]>> {
  const ids = rows
    .map((r) => r.first_post_id)
    .filter((id): id is number => id !== null)
    .map(Number);
  return attachmentsOfPosts(db, ids);
}

async function loadIdeaRow(db: Kysely<DB>, actor: Actor, id: number): Promise<IdeaRow> {
  const row = await selectIdeas(db, actor.memberId).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('idea');
  return row;
}

export async function getIdea(db: Kysely<DB>, actor: Actor, id: number): Promise<Idea> {
  const row = await loadIdeaRow(db, actor, id);
  const process = await loadProcess(db, row.process_id);
  return present(row, actor, isIdeasPhase(process), await filesOf(db, [row]));
}

const isIdeasPhase = (p: { ideas_from: number; ideas_until: number }) => {
  const now = nowMs();
  return now >= p.ideas_from && now < p.ideas_until;
};

/** Submits an idea; its discussion thread opens in the process's room in the same transaction. */
export async function submitIdea(db: Kysely<DB>, actor: Actor, processId: number, input: IdeaBody): Promise<Idea> {
  const process = await loadProcess(db, processId);
  assertPhase(process, nowMs(), 'ideas');
  const chapter = await db
    .selectFrom('programme_chapters')
    .select('id')
    .where('id', '=', input.chapterId)
    .where('process_id', '=', processId)
    .executeTakeFirst();
  if (!chapter) throw new ValidationError([{ path: '/chapterId', message: 'not a chapter of this process' }]);
  const unitId = assertFilesFor(actor, input.unitId);
  const access = await loadRoomAccess(db, actor, process.room_id);
  await assertCanWrite(db, actor, access);
  const ortsverein = actor.units.find((u) => u.type === 'ortsverein')?.id ?? null;

  const id = await inTransaction(db, async (trx) => {
    const threadId = await openThread(trx, actor, access, {
      title: input.title,
      body: input.body,
      attachmentIds: input.attachmentIds,
      draftKey: `idea-${processId}`,
    });
    const now = nowMs();
    const { id } = await trx
      .insertInto('ideas')
      .values({
        process_id: processId,
        chapter_id: input.chapterId,
        thread_id: threadId,
        title: input.title.replace(/\s+/g, ' ').trim(),
        body: input.body,
        body_html: renderMarkdown(input.body),
        author_id: actor.memberId,
        author_unit_id: ortsverein,
        unit_id: unitId,
        status: 'submitted',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  });
  return getIdea(db, actor, id);
}

/** Ideas of a process with filters and keyset pagination in three orders. */
export async function listIdeas(db: Kysely<DB>, actor: Actor, processId: number, q: IdeaListQuery): Promise<IdeaList> {
  const process = await loadProcess(db, processId);
  const limit = q.limit ?? 25;
  const sort = q.sort ?? 'newest';
  let query = selectIdeas(db, actor.memberId).where('i.process_id', '=', processId);
  if (q.chapterId !== undefined) query = query.where('i.chapter_id', '=', q.chapterId);
  if (q.status !== undefined) query = query.where('i.status', '=', q.status);
  if (q.mine) query = query.where('i.author_id', '=', actor.memberId);
  if (q.myUnit) {
    const ortsverein = actor.units.find((u) => u.type === 'ortsverein')?.id ?? -1;
    const unitIds = actor.units.map((u) => u.id);
    query = query.where((eb) => eb.or([eb('i.author_unit_id', '=', ortsverein), eb('i.unit_id', 'in', unitIds)]));
  }
  const key = sort === 'support' ? 'i.support_count' : sort === 'discussed' ? 't.post_count' : null;
  const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
  if (cursor) {
    const [value, id] = cursor;
    query =
      key === null
        ? query.where('i.id', '<', id)
        : query.where((eb) => eb.or([eb(key, '<', value), eb.and([eb(key, '=', value), eb('i.id', '<', id)])]));
  }
  if (key !== null) query = query.orderBy(key, 'desc');
  const rows = await query
    .orderBy('i.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const files = await filesOf(db, page);
  const last = page.at(-1);
  const open = isIdeasPhase(process);
  return {
    items: page.map((r) => present(r, actor, open, files)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([sort === 'support' ? last.support_count : sort === 'discussed' ? last.post_count : 0, last.id])
        : null,
  };
}

/** Supports an idea (again: nothing changes) or withdraws the support, while ideas are collected. */
export async function setIdeaSupport(db: Kysely<DB>, actor: Actor, id: number, support: boolean): Promise<Idea> {
  const idea = await loadIdeaRow(db, actor, id);
  const process = await loadProcess(db, idea.process_id);
  assertPhase(process, nowMs(), 'ideas');
  if (idea.author_id === actor.memberId) throw new DomainError('cannot_support_own');
  await db.transaction().execute(async (trx) => {
    const changed = support
      ? await trx
          .insertInto('idea_supports')
          .values({ idea_id: id, member_id: actor.memberId, created_at: nowMs() })
          .onConflict((oc) => oc.columns(['idea_id', 'member_id']).doNothing())
          .executeTakeFirst()
      : await trx
          .deleteFrom('idea_supports')
          .where('idea_id', '=', id)
          .where('member_id', '=', actor.memberId)
          .executeTakeFirst();
    const rows = Number(
      'numInsertedOrUpdatedRows' in changed ? changed.numInsertedOrUpdatedRows : changed.numDeletedRows,
    );
    if (rows > 0) {
      await trx
        .updateTable('ideas')
        .set({ support_count: sql<number>`support_count + ${support ? 1 : -1}` })
        .where('id', '=', id)
        .execute();
    }
  });
  return getIdea(db, actor, id);
}

/** Authors and supporters hear of the commission's answer (in the app, on the idea's thread). */
async function tellAboutAnswer(
  trx: Kysely<DB>,
  actor: Actor,
  idea: { id: number; title: string; thread_id: number; author_id: number | null },
  roomId: number,
) {
  const supporters = await trx.selectFrom('idea_supports').select('member_id').where('idea_id', '=', idea.id).execute();
  const recipients = [...supporters.map((s) => s.member_id), ...(idea.author_id !== null ? [idea.author_id] : [])];
  await notify(trx, recipients, {
    kind: 'idea_answered',
    actorMemberId: actor.memberId,
    roomId,
    threadId: idea.thread_id,
    title: idea.title,
  });
}

async function checkLines(db: Kysely<DB>, processId: number, lines: AnswerBody['lines']): Promise<void> {
  if (!lines) return;
  const draft = await db
    .selectFrom('programme_drafts')
    .select('id')
    .where('process_id', '=', processId)
    .where('version', '=', lines.draftVersion)
    .executeTakeFirst();
  if (!draft) throw new ValidationError([{ path: '/lines/draftVersion', message: 'no such draft version' }]);
  if (lines.toLine < lines.fromLine) throw new ValidationError([{ path: '/lines/toLine', message: 'before fromLine' }]);
}

/** The commission's answer: status, official text, optionally the draft lines; 409 when someone answered meanwhile. */
export async function answerIdea(db: Kysely<DB>, actor: Actor, id: number, input: AnswerBody): Promise<Idea> {
  assertCommission(actor);
  const idea = await loadIdeaRow(db, actor, id);
  const process = await loadProcess(db, idea.process_id);
  await checkLines(db, idea.process_id, input.lines);
  const answer = input.answer?.trim() ?? '';
  await inTransaction(db, async (trx) => {
    const now = nowMs();
    const result = await trx
      .updateTable('ideas')
      .set({
        status: input.status,
        answer: answer === '' ? null : answer,
        answer_html: answer === '' ? null : renderMarkdown(answer),
        answer_lines: input.lines ? toJson(input.lines) : null,
        answered_by: actor.memberId,
        answered_at: answer === '' && input.status === 'submitted' ? null : now,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', id)
      .where('version', '=', input.expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError('idea answered meanwhile');
    await tellAboutAnswer(trx, actor, idea, process.room_id);
  });
  return getIdea(db, actor, id);
}

/** Sets one status on many ideas at once (triage); all or nothing, each with its version check. */
export async function setIdeaStatuses(
  db: Kysely<DB>,
  actor: Actor,
  processId: number,
  input: BulkStatusBody,
): Promise<IdeaList> {
  assertCommission(actor);
  const process = await loadProcess(db, processId);
  await inTransaction(db, async (trx) => {
    for (const [index, item] of input.items.entries()) {
      const idea = await trx
        .selectFrom('ideas')
        .select(['id', 'title', 'thread_id', 'author_id', 'process_id'])
        .where('id', '=', item.id)
        .executeTakeFirst();
      if (!idea || idea.process_id !== processId) {
        throw new ValidationError([{ path: `/items/${index}/id`, message: 'not an idea of this process' }]);
      }
      const result = await trx
        .updateTable('ideas')
        .set({ status: input.status, version: sql<number>`version + 1` })
        .where('id', '=', item.id)
        .where('version', '=', item.expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new ConflictError(`idea ${item.id} changed meanwhile`);
      await tellAboutAnswer(trx, actor, idea, process.room_id);
    }
  });
  const ids = new Set(input.items.map((i) => i.id));
  const rows = await selectIdeas(db, actor.memberId)
    .where('i.id', 'in', [...ids])
    .orderBy('i.id', 'desc')
    .execute();
  const open = isIdeasPhase(process);
  const files = await filesOf(db, rows);
  return { items: rows.map((r) => present(r, actor, open, files)), nextCursor: null };
}
