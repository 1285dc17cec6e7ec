/**
 * Questions in advance: members ask (before and during the event), support others' questions
 * once (and may withdraw), and see them sorted by support. Organisers moderate: hide, mark
 * answered, merge duplicates (supporters move to the kept question). Every change is recorded live
 * in the event's scope, carrying only ids.
 */
import type { Kysely } from 'kysely';
import type { EventQuestion, ModerateQuestionBody, QuestionList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { eventScope, inTransaction, recordLiveEvent } from '../live/live.events.ts';
import { canManageEvent } from './events.policy.ts';
import { policyOf, requireVisibleEvent } from './events.service.ts';

export type QuestionView = 'member' | 'presenter' | 'moderation';

async function questionRows(db: Kysely<DB>, eventId: number, memberId: number) {
  return db
    .selectFrom('event_questions as q')
    .leftJoin('members as m', 'm.id', 'q.author_id')
    .select([
      'q.id',
      'q.body',
      'q.author_id',
      'q.support_count',
      'q.merged_into_id',
      'q.hidden_at',
      'q.answered_at',
      'q.created_at',
      'm.first_name',
      'm.last_name',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('event_question_supports as s')
            .select('s.question_id')
            .whereRef('s.question_id', '=', 'q.id')
            .where('s.member_id', '=', memberId),
        )
        .as('supported'),
    )
    .where('q.event_id', '=', eventId)
    .orderBy('q.support_count', 'desc')
    .orderBy('q.id')
    .execute();
}

type QuestionRow = Awaited<ReturnType<typeof questionRows>>[number];

function present(row: QuestionRow, all: QuestionRow[], memberId: number): EventQuestion {
  const status = row.merged_into_id
    ? 'merged'
    : row.hidden_at !== null
      ? 'hidden'
      : row.answered_at !== null
        ? 'answered'
        : 'open';
  return {
    id: row.id,
    body: row.body,
    authorName: row.first_name !== null ? `${row.first_name} ${row.last_name}` : null,
    mine: row.author_id === memberId,
    supportCount: row.support_count,
    supportedByMe: Boolean(row.supported) && row.supported !== 0,
    status,
    mergedIntoId: row.merged_into_id,
    merged: all.filter((q) => q.merged_into_id === row.id).map((q) => ({ id: q.id, body: q.body })),
    createdAt: isoFromMs(row.created_at),
    answeredAt: isoFromMs(row.answered_at),
  };
}

/**
 * Questions sorted by support. Members and the presenter view get open and answered ones (answered
 * after open in the presenter view); moderation gets everything.
 */
export async function listQuestions(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  view: QuestionView,
): Promise<QuestionList> {
  const record = await requireVisibleEvent(db, actor, eventId);
  const moderator = canManageEvent(actor, policyOf(record));
  if (view !== 'member' && !moderator) throw new NotFoundError('questions');
  const rows = await questionRows(db, eventId, actor.memberId);
  let items = rows.map((r) => present(r, rows, actor.memberId));
  if (view !== 'moderation') items = items.filter((q) => q.status === 'open' || q.status === 'answered');
  if (view === 'presenter') items.sort((a, b) => Number(a.status === 'answered') - Number(b.status === 'answered'));
  return { items };
}

async function questionOf(db: Kysely<DB>, actor: Actor, eventId: number, questionId: number): Promise<EventQuestion> {
  const rows = await questionRows(db, eventId, actor.memberId);
  const row = rows.find((r) => r.id === questionId);
  if (!row) throw new NotFoundError('question');
  return present(row, rows, actor.memberId);
}

/** Asks a question; open until the event ends. */
export async function askQuestion(db: Kysely<DB>, actor: Actor, eventId: number, body: string): Promise<EventQuestion> {
  const record = await requireVisibleEvent(db, actor, eventId);
  if (record.row.status !== 'scheduled' || record.row.ends_at <= nowMs())
    throw new DomainError('event_questions_closed');
  const text = body.trim();
  if (text.length === 0) throw new DomainError('validation_failed', 'empty', [{ path: '/body', message: 'empty' }]);
  const id = await inTransaction(db, async (trx) => {
    const { id } = await trx
      .insertInto('event_questions')
      .values({ event_id: eventId, author_id: actor.memberId, body: text, created_at: nowMs() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordLiveEvent(trx, eventScope(eventId), 'event.question_asked', { eventId, questionId: id });
    return id;
  });
  return questionOf(db, actor, eventId, id);
}

/** A visible, open or answered question of the event, for supporting. */
async function requireSupportable(db: Kysely<DB>, actor: Actor, eventId: number, questionId: number) {
  const record = await requireVisibleEvent(db, actor, eventId);
  const q = await db
    .selectFrom('event_questions')
    .select(['id', 'hidden_at', 'merged_into_id'])
    .where('id', '=', questionId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!q || q.hidden_at !== null || q.merged_into_id !== null) throw new NotFoundError('question');
  if (record.row.status !== 'scheduled' || record.row.ends_at <= nowMs())
    throw new DomainError('event_questions_closed');
}

/** Supports a question (once; supporting again changes nothing). */
export async function supportQuestion(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  questionId: number,
  support: boolean,
): Promise<EventQuestion> {
  await requireSupportable(db, actor, eventId, questionId);
  await inTransaction(db, async (trx) => {
    const changed = support
      ? (
          await trx
            .insertInto('event_question_supports')
            .values({ question_id: questionId, member_id: actor.memberId, created_at: nowMs() })
            .onConflict((oc) => oc.columns(['question_id', 'member_id']).doNothing())
            .executeTakeFirst()
        ).numInsertedOrUpdatedRows
      : (
          await trx
            .deleteFrom('event_question_supports')
            .where('question_id', '=', questionId)
            .where('member_id', '=', actor.memberId)
            .executeTakeFirst()
        ).numDeletedRows;
    if (!changed) return;
    await trx
      .updateTable('event_questions')
      .set((eb) => ({ support_count: eb('support_count', support ? '+' : '-', 1) }))
      .where('id', '=', questionId)
      .execute();
    await recordLiveEvent(trx, eventScope(eventId), 'event.question_changed', { eventId, questionId });
  });
  return questionOf(db, actor, eventId, questionId);
}

/** Moderation: exactly one of hide/unhide, mark answered/unanswered, merge into another question. */
export async function moderateQuestion(
  db: Kysely<DB>,
  actor: Actor,
  eventId: number,
  questionId: number,
  body: ModerateQuestionBody,
): Promise<EventQuestion> {
  const record = await requireVisibleEvent(db, actor, eventId);
  if (!canManageEvent(actor, policyOf(record))) throw new NotFoundError('question');
  const actions = [body.hidden, body.answered, body.mergeIntoId].filter((v) => v !== undefined);
  if (actions.length !== 1) throw new DomainError('event_question_one_action');
  const question = await db
    .selectFrom('event_questions')
    .selectAll()
    .where('id', '=', questionId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!question) throw new NotFoundError('question');
  await inTransaction(db, async (trx) => {
    const now = nowMs();
    if (body.hidden !== undefined) {
      await trx
        .updateTable('event_questions')
        .set(body.hidden ? { hidden_at: now, hidden_by: actor.memberId } : { hidden_at: null, hidden_by: null })
        .where('id', '=', questionId)
        .execute();
      if (body.hidden) {
        await recordAudit(trx, {
          action: 'event.question_hidden',
          actorAccountId: actor.accountId,
          subjectMemberId: question.author_id,
          unitId: record.row.unit_id,
          data: { eventId, questionId },
        });
      }
    } else if (body.answered !== undefined) {
      await trx
        .updateTable('event_questions')
        .set({ answered_at: body.answered ? now : null })
        .where('id', '=', questionId)
        .execute();
    } else {
      const target = await trx
        .selectFrom('event_questions')
        .select(['id', 'merged_into_id', 'hidden_at'])
        .where('id', '=', body.mergeIntoId!)
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      if (
        !target ||
        target.id === questionId ||
        target.merged_into_id !== null ||
        target.hidden_at !== null ||
        question.merged_into_id !== null
      ) {
        throw new DomainError('event_question_invalid_merge');
      }
      // Supporters of the duplicate (and its author) now support the kept question, once each.
      const supporters = await trx
        .selectFrom('event_question_supports')
        .select('member_id')
        .where('question_id', '=', questionId)
        .execute();
      const movers = [
        ...new Set([...supporters.map((s) => s.member_id), ...(question.author_id ? [question.author_id] : [])]),
      ];
      if (movers.length > 0) {
        await trx
          .insertInto('event_question_supports')
          .values(movers.map((member_id) => ({ question_id: target.id, member_id, created_at: now })))
          .onConflict((oc) => oc.columns(['question_id', 'member_id']).doNothing())
          .execute();
      }
      const count = await trx
        .selectFrom('event_question_supports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('question_id', '=', target.id)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('event_questions')
        .set({ support_count: Number(count.n) })
        .where('id', '=', target.id)
        .execute();
      // Questions merged into the duplicate follow it.
      await trx
        .updateTable('event_questions')
        .set({ merged_into_id: target.id })
        .where((eb) => eb.or([eb('id', '=', questionId), eb('merged_into_id', '=', questionId)]))
        .execute();
      await recordLiveEvent(trx, eventScope(eventId), 'event.question_changed', { eventId, questionId: target.id });
    }
    await recordLiveEvent(trx, eventScope(eventId), 'event.question_changed', { eventId, questionId });
  });
  return questionOf(db, actor, eventId, questionId);
}
