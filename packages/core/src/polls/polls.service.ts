/**
 * Polls (Meinungsbilder) of threads: single or multiple choice, open or secret, with an optional
 * closing time, results after voting or only after closing.
 *
 * Secret means secret: a vote row names its member only so that the member can change or withdraw
 * their own vote; no view, list or export ever joins votes of a secret poll to people. In open
 * polls moderators see who chose what.
 */
import type { Kysely } from 'kysely';
import type { PollInput, PollView } from '@rotes-netz/shared';
import type { DB, PollsTable } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs, toBool } from '../db/database.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { inTransaction, recordLiveEvent, roomScope } from '../live/live.events.ts';
import { activeBan } from '../moderation/bans.ts';
import { loadThreadAccess, type ThreadAccess } from '../rooms/rooms.access.ts';
import type { Selectable } from 'kysely';

type PollRow = Selectable<PollsTable>;

/** Who looks at a poll: their own vote is shown to them, voters of open polls to moderators. */
export interface PollViewer {
  memberId: number;
  moderates: boolean;
}

/**
 * Creates the poll of a new thread, inside the thread's transaction; returns its id. Throws
 * `validation_failed` (paths under `/poll`) for blank or repeated options or a closing time that
 * has passed.
 */
export async function createPoll(trx: Kysely<DB>, threadId: number, input: PollInput): Promise<number> {
  const now = nowMs();
  const question = input.question.trim();
  const labels = input.options.map((o) => o.trim());
  const errors: { path: string; message: string }[] = [];
  if (question === '') errors.push({ path: '/poll/question', message: 'must not be blank' });
  labels.forEach((label, i) => {
    if (label === '') errors.push({ path: `/poll/options/${i}`, message: 'must not be blank' });
    else if (labels.findIndex((l) => l.toLowerCase() === label.toLowerCase()) < i) {
      errors.push({ path: `/poll/options/${i}`, message: 'repeats an earlier option' });
    }
  });
  if (labels.length < 2 || labels.length > 20) errors.push({ path: '/poll/options', message: '2 to 20 options' });
  let closesAt: number | null = null;
  if (input.closesAt) {
    closesAt = Date.parse(input.closesAt);
    if (!Number.isFinite(closesAt) || closesAt <= now) {
      errors.push({ path: '/poll/closesAt', message: 'must lie in the future' });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);

  const { id } = await trx
    .insertInto('polls')
    .values({
      thread_id: threadId,
      question,
      multiple: input.multiple ?? false,
      secret: input.secret ?? false,
      results_visibility: input.resultsVisibility ?? 'after_vote',
      closes_at: closesAt,
      closed_at: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('poll_options')
    .values(labels.map((label, position) => ({ poll_id: id, label, position })))
    .execute();
  return id;
}

function isClosed(poll: PollRow, now = nowMs()): boolean {
  return poll.closed_at !== null || (poll.closes_at !== null && poll.closes_at <= now);
}

async function presentPoll(db: Kysely<DB>, poll: PollRow, viewer: PollViewer): Promise<PollView> {
  const [options, mine] = await Promise.all([
    db.selectFrom('poll_options').select(['id', 'label']).where('poll_id', '=', poll.id).orderBy('position').execute(),
    db
      .selectFrom('poll_votes')
      .select('option_id')
      .where('poll_id', '=', poll.id)
      .where('member_id', '=', viewer.memberId)
      .execute(),
  ]);
  const closed = isClosed(poll);
  const myVote = mine.map((v) => v.option_id).sort((a, b) => a - b);
  const resultsVisible = closed || (poll.results_visibility === 'after_vote' && myVote.length > 0);
  const secret = toBool(poll.secret);

  let counts = new Map<number, number>();
  let totalVoters: number | null = null;
  const voters = new Map<number, { memberId: number; displayName: string }[]>();
  if (resultsVisible) {
    const [perOption, total] = await Promise.all([
      db
        .selectFrom('poll_votes')
        .select(['option_id', (eb) => eb.fn.countAll().as('n')])
        .where('poll_id', '=', poll.id)
        .groupBy('option_id')
        .execute(),
      db
        .selectFrom('poll_votes')
        .select((eb) => eb.fn.count('member_id').distinct().as('n'))
        .where('poll_id', '=', poll.id)
        .executeTakeFirstOrThrow(),
    ]);
    counts = new Map(perOption.map((r) => [r.option_id, Number(r.n)]));
    totalVoters = Number(total.n);
    if (!secret && viewer.moderates) {
      const rows = await db
        .selectFrom('poll_votes as v')
        .innerJoin('members as m', 'm.id', 'v.member_id')
        .select(['v.option_id', 'm.id', 'm.first_name', 'm.last_name'])
        .where('v.poll_id', '=', poll.id)
        .orderBy('m.last_name')
        .orderBy('m.first_name')
        .orderBy('m.id')
        .execute();
      for (const r of rows) {
        const list = voters.get(r.option_id) ?? [];
        list.push({ memberId: r.id, displayName: `${r.first_name} ${r.last_name}` });
        voters.set(r.option_id, list);
      }
    }
  }

  return {
    id: poll.id,
    question: poll.question,
    multiple: toBool(poll.multiple),
    secret,
    resultsVisibility: poll.results_visibility,
    closesAt: poll.closes_at === null ? null : isoFromMs(poll.closes_at),
    closed,
    myVote,
    totalVoters,
    options: options.map((o) => ({
      id: o.id,
      label: o.label,
      votes: resultsVisible ? (counts.get(o.id) ?? 0) : null,
      ...(resultsVisible && !secret && viewer.moderates ? { voters: voters.get(o.id) ?? [] } : {}),
    })),
  };
}

/** The thread's poll as the viewer may see it, or null when the thread has none. */
export async function pollOfThread(db: Kysely<DB>, viewer: PollViewer, threadId: number): Promise<PollView | null> {
  const poll = await db.selectFrom('polls').selectAll().where('thread_id', '=', threadId).executeTakeFirst();
  return poll ? presentPoll(db, poll, viewer) : null;
}

interface PollAccess extends ThreadAccess {
  poll: PollRow;
}

/** The poll with its thread and room if the actor can see them; 404 otherwise. */
async function loadPollAccess(db: Kysely<DB>, actor: Actor, pollId: number): Promise<PollAccess> {
  const poll = await db.selectFrom('polls').selectAll().where('id', '=', pollId).executeTakeFirst();
  if (!poll) throw new NotFoundError('poll');
  const access = await loadThreadAccess(db, actor, poll.thread_id).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError('poll') : error;
  });
  return { ...access, poll };
}

/** A poll as the actor sees it; 404 when they cannot see its thread. */
export async function viewPoll(db: Kysely<DB>, actor: Actor, pollId: number): Promise<PollView> {
  const access = await loadPollAccess(db, actor, pollId);
  return presentPoll(db, access.poll, { memberId: actor.memberId, moderates: access.moderates });
}

/** Who may vote now: not banned from the room, and the poll still open. */
async function assertCanVote(db: Kysely<DB>, actor: Actor, access: PollAccess): Promise<void> {
  if (await activeBan(db, access.room.id, actor.memberId)) throw new DomainError('room_banned');
  if (isClosed(access.poll)) throw new DomainError('poll_closed');
}

/**
 * Records (or replaces) the actor's vote: exactly one option for single choice, at least one for
 * multiple choice, all of this poll (else `poll_vote_invalid`); refused once closed
 * (`poll_closed`) or while banned (`room_banned`). Everyone in the room learns live that the
 * poll changed (`poll.voted`, ids only).
 */
export async function votePoll(db: Kysely<DB>, actor: Actor, pollId: number, optionIds: number[]): Promise<PollView> {
  const access = await loadPollAccess(db, actor, pollId);
  await assertCanVote(db, actor, access);
  const chosen = [...new Set(optionIds)];
  const valid = await db
    .selectFrom('poll_options')
    .select('id')
    .where('poll_id', '=', pollId)
    .where('id', 'in', chosen.length > 0 ? chosen : [-1])
    .execute();
  const multiple = toBool(access.poll.multiple);
  if (valid.length !== chosen.length || chosen.length === 0 || (!multiple && chosen.length !== 1)) {
    throw new DomainError('poll_vote_invalid');
  }
  await inTransaction(db, async (trx) => {
    // Locks the poll row, so two votes of one member cannot interleave (and closing waits).
    const locked = await trx
      .updateTable('polls')
      .set((eb) => ({ closed_at: eb.ref('closed_at') }))
      .where('id', '=', pollId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (isClosed(locked)) throw new DomainError('poll_closed');
    await trx.deleteFrom('poll_votes').where('poll_id', '=', pollId).where('member_id', '=', actor.memberId).execute();
    const now = nowMs();
    await trx
      .insertInto('poll_votes')
      .values(
        chosen.map((optionId) => ({
          poll_id: pollId,
          option_id: optionId,
          member_id: actor.memberId,
          created_at: now,
        })),
      )
      .execute();
    await recordLiveEvent(trx, roomScope(access.room.id), 'poll.voted', {
      roomId: access.room.id,
      threadId: access.thread.id,
      pollId,
    });
  });
  return viewPoll(db, actor, pollId);
}

/** Withdraws the actor's vote while the poll is open (no vote: nothing changes). */
export async function withdrawVote(db: Kysely<DB>, actor: Actor, pollId: number): Promise<PollView> {
  const access = await loadPollAccess(db, actor, pollId);
  await assertCanVote(db, actor, access);
  await inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom('poll_votes')
      .where('poll_id', '=', pollId)
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return;
    await recordLiveEvent(trx, roomScope(access.room.id), 'poll.voted', {
      roomId: access.room.id,
      threadId: access.thread.id,
      pollId,
    });
  });
  return viewPoll(db, actor, pollId);
}

/**
 * Closes the poll now: the thread's author or a moderator of the room (anyone else: 404, as the
 * action does not exist for them). Closing a closed poll changes nothing. The room learns it live
 * (`poll.closed`, ids only).
 */
export async function closePoll(db: Kysely<DB>, actor: Actor, pollId: number): Promise<PollView> {
  const access = await loadPollAccess(db, actor, pollId);
  if (access.thread.author_id !== actor.memberId && !access.moderates) throw new NotFoundError('poll');
  if (!isClosed(access.poll)) {
    await inTransaction(db, async (trx) => {
      const result = await trx
        .updateTable('polls')
        .set({ closed_at: nowMs() })
        .where('id', '=', pollId)
        .where('closed_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return;
      await recordLiveEvent(trx, roomScope(access.room.id), 'poll.closed', {
        roomId: access.room.id,
        threadId: access.thread.id,
        pollId,
      });
    });
  }
  return viewPoll(db, actor, pollId);
}
