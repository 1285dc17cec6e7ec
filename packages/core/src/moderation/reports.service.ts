/**
 * Reports: any member who can see a post reports it once, with a reason; moderators of the room
 * see the reports in a queue, one case per post, and close them (dismissed: nothing wrong;
 * resolved: dealt with). Closing a case is audited with who, what and why, never the post content.
 */
import type { Kysely } from 'kysely';
import type { ModerationCase, ModerationQueue, ModerationSummary, ReportStatus } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { inTransaction, memberScope, recordLiveEvents } from '../live/live.events.ts';
import type { PolicyRoom } from '../rooms/rooms.policy.ts';
import { moderatedRoomIds, requireModeratedRoom, requireVisiblePost, roomModerators } from './moderation.access.ts';

/**
 * Tells the room's moderators' open clients that its queue changed (`report.created` when a
 * report arrives, `report.settled` when a case is closed or its post hidden). Reports are not
 * news for the whole room, so these go to each moderator's member scope.
 */
export async function announceToModerators(
  trx: Kysely<DB>,
  room: PolicyRoom,
  type: 'report.created' | 'report.settled',
  postId: number,
): Promise<void> {
  const moderators = await roomModerators(trx, room);
  await recordLiveEvents(
    trx,
    moderators.map((id) => ({ scope: memberScope(id), type, payload: { roomId: room.id, postId } })),
  );
}

const person = (id: number | null, first: string | null, last: string | null) =>
  id === null || first === null ? null : { memberId: id, displayName: `${first} ${last ?? ''}`.trim() };

/**
 * Reports a post the actor can see. 404 when they cannot; 422 for their own post; 409 when it is
 * deleted, already hidden, or already reported by them (a member reports a post once).
 */
export async function reportPost(db: Kysely<DB>, actor: Actor, postId: number, reason: string): Promise<void> {
  const text = reason.trim();
  if (text.length === 0) throw new ValidationError([{ path: '/reason', message: 'say why' }]);
  const { post, room } = await requireVisiblePost(db, actor, postId);
  if (post.author_id === actor.memberId) throw new DomainError('own_post_report');
  if (post.deleted_at !== null) throw new DomainError('post_deleted');
  if (post.hidden_at !== null) throw new DomainError('post_already_hidden');
  await inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('reports')
      .values({
        post_id: post.id,
        room_id: post.room_id,
        reporter_id: actor.memberId,
        reason: text,
        status: 'open',
        created_at: nowMs(),
      })
      .onConflict((oc) => oc.columns(['post_id', 'reporter_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new DomainError('already_reported');
    await announceToModerators(trx, room, 'report.created', post.id);
  });
}

async function moderatesAnyRoom(db: Kysely<DB>, actor: Actor): Promise<boolean> {
  const room = await moderatedRoomIds(db, actor).limit(1).executeTakeFirst();
  return room !== undefined;
}

/** Whether the actor moderates any room, and how many open reports wait in those rooms. */
export async function moderationSummary(db: Kysely<DB>, actor: Actor): Promise<ModerationSummary> {
  if (!(await moderatesAnyRoom(db, actor))) return { moderates: false, openReports: 0 };
  const { n } = await db
    .selectFrom('reports as rp')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('rp.status', '=', 'open')
    .where('rp.room_id', 'in', moderatedRoomIds(db, actor))
    .executeTakeFirstOrThrow();
  return { moderates: true, openReports: Number(n) };
}

export interface QueueFilter {
  status: ReportStatus;
  /** Only rooms of this unit and the units below it. */
  unitId?: number | undefined;
  /** The previous page's `nextCursor`. */
  cursor?: number | undefined;
  limit: number;
}

/**
 * The moderation queue: reported posts in rooms the actor moderates, one case per post with its
 * reports of the given status, the post with the newest report first. 404 for someone who
 * moderates no room at all, like every moderation route.
 */
export async function moderationQueue(db: Kysely<DB>, actor: Actor, filter: QueueFilter): Promise<ModerationQueue> {
  if (!(await moderatesAnyRoom(db, actor))) throw new NotFoundError('moderation');
  const groups = await db
    .selectFrom('reports as rp')
    .select((eb) => ['rp.post_id', eb.fn.max('rp.id').as('last_id'), eb.fn.countAll().as('n')])
    .where('rp.status', '=', filter.status)
    .where('rp.room_id', 'in', moderatedRoomIds(db, actor))
    .$if(filter.unitId !== undefined, (q) =>
      q.where('rp.room_id', 'in', (eb) =>
        eb
          .selectFrom('rooms as ur')
          .innerJoin('unit_closure as uc', 'uc.descendant_id', 'ur.unit_id')
          .select('ur.id')
          .where('uc.ancestor_id', '=', filter.unitId!),
      ),
    )
    .groupBy('rp.post_id')
    .$if(filter.cursor !== undefined, (q) => q.having((eb) => eb.fn.max('rp.id'), '<', filter.cursor!))
    .orderBy((eb) => eb.fn.max('rp.id'), 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = groups.slice(0, filter.limit);
  if (page.length === 0) return { items: [], nextCursor: null };
  const postIds = page.map((g) => g.post_id);

  const [posts, reports] = await Promise.all([
    db
      .selectFrom('posts as p')
      .innerJoin('threads as t', 't.id', 'p.thread_id')
      .innerJoin('rooms as r', 'r.id', 'p.room_id')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .leftJoin('members as a', 'a.id', 'p.author_id')
      .leftJoin('members as h', 'h.id', 'p.hidden_by')
      .select([
        'p.id',
        'p.author_id',
        'p.body',
        'p.body_html',
        'p.created_at',
        'p.deleted_at',
        'p.hidden_at',
        'p.hidden_by',
        'p.hidden_reason',
        't.id as thread_id',
        't.title',
        'r.id as room_id',
        'r.name as room_name',
        'u.id as unit_id',
        'u.name as unit_name',
        'a.first_name as author_first',
        'a.last_name as author_last',
        'h.first_name as hider_first',
        'h.last_name as hider_last',
      ])
      .where('p.id', 'in', postIds)
      .execute(),
    db
      .selectFrom('reports as rp')
      .leftJoin('members as rm', 'rm.id', 'rp.reporter_id')
      .leftJoin('members as cm', 'cm.id', 'rp.resolved_by')
      .select([
        'rp.id',
        'rp.post_id',
        'rp.reason',
        'rp.status',
        'rp.created_at',
        'rp.reporter_id',
        'rp.resolved_by',
        'rp.resolved_at',
        'rp.resolution',
        'rm.first_name as reporter_first',
        'rm.last_name as reporter_last',
        'cm.first_name as closer_first',
        'cm.last_name as closer_last',
      ])
      .where('rp.post_id', 'in', postIds)
      .where('rp.status', '=', filter.status)
      .orderBy('rp.id', 'desc')
      .execute(),
  ]);

  const postById = new Map(posts.map((p) => [p.id, p]));
  const items: ModerationCase[] = page.map((g) => {
    const p = postById.get(g.post_id)!;
    const own = reports.filter((r) => r.post_id === g.post_id);
    const deleted = p.deleted_at !== null;
    return {
      post: {
        id: p.id,
        author: person(p.author_id, p.author_first, p.author_last),
        body: deleted ? '' : p.body,
        bodyHtml: deleted ? '' : p.body_html,
        createdAt: isoFromMs(p.created_at),
        deleted,
        hidden:
          p.hidden_at === null
            ? null
            : {
                reason: p.hidden_reason ?? '',
                at: isoFromMs(p.hidden_at),
                by: person(p.hidden_by, p.hider_first, p.hider_last),
              },
      },
      room: { id: p.room_id, name: p.room_name, unit: { id: p.unit_id, name: p.unit_name } },
      thread: { id: p.thread_id, title: p.title },
      reportCount: Number(g.n),
      lastReportedAt: isoFromMs(own[0]!.created_at),
      reports: own.map((r) => ({
        id: r.id,
        reason: r.reason,
        reporter: person(r.reporter_id, r.reporter_first, r.reporter_last),
        createdAt: isoFromMs(r.created_at),
        status: r.status,
        resolution: r.resolution,
        resolvedAt: isoFromMs(r.resolved_at),
        resolvedBy: person(r.resolved_by, r.closer_first, r.closer_last),
      })),
    };
  });
  const last = page.at(-1)!;
  return { items, nextCursor: groups.length > filter.limit ? String(last.last_id) : null };
}

/**
 * Closes a report and every other open report of the same post (the queue shows them as one
 * case): `dismissed` when nothing was wrong, `resolved` when it was dealt with. 404 unless the
 * actor moderates the room; 409 when the report is no longer open.
 */
export async function closeReport(
  db: Kysely<DB>,
  actor: Actor,
  reportId: number,
  outcome: 'dismissed' | 'resolved',
  note?: string,
): Promise<void> {
  const report = await db
    .selectFrom('reports as rp')
    .innerJoin('posts as p', 'p.id', 'rp.post_id')
    .select(['rp.id', 'rp.post_id', 'rp.room_id', 'rp.status', 'p.author_id', 'p.thread_id'])
    .where('rp.id', '=', reportId)
    .executeTakeFirst();
  if (!report) throw new NotFoundError('report');
  const room = await requireModeratedRoom(db, actor, report.room_id);
  if (report.status !== 'open') throw new DomainError('report_closed');
  const resolution = note?.trim() || null;
  await inTransaction(db, async (trx) => {
    const closed = await trx
      .updateTable('reports')
      .set({ status: outcome, resolved_by: actor.memberId, resolved_at: nowMs(), resolution })
      .where('post_id', '=', report.post_id)
      .where('status', '=', 'open')
      .returning('id')
      .execute();
    // Someone else closed it in the meantime.
    if (!closed.some((r) => r.id === report.id)) throw new DomainError('report_closed');
    await recordAudit(trx, {
      action: outcome === 'dismissed' ? 'report.dismissed' : 'report.resolved',
      actorAccountId: actor.accountId,
      subjectMemberId: report.author_id,
      unitId: room.unitId,
      data: {
        roomId: room.id,
        threadId: report.thread_id,
        postId: report.post_id,
        reportIds: closed.map((r) => r.id),
        note: resolution,
      },
    });
    await announceToModerators(trx, room, 'report.settled', report.post_id);
  });
}
