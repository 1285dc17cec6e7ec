/**
 * SQL of rooms: the room list with unread counts, the member's settings, invites and the mention
 * list. No decisions here; the service and the policy decide.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, RoomAudience, RoomKind } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { escapeLike } from '../text.ts';
import type { PolicyActor, PolicyRoom } from './rooms.policy.ts';
import { memberIdsWhoCanSee, visibleRoomIds } from './rooms.policy.ts';
import { visibleMemberIds, type MemberViewer } from '../members/members.visibility.ts';

const displayName = sql<string>`m.first_name || ' ' || m.last_name`;

/**
 * Every room the actor can see, with its unit, the actor's settings and unread counts. Unread
 * counts come from `threads.last_post_id`/`post_count` against the actor's `thread_reads`, one
 * indexed pass over each room's threads — never a count over posts.
 */
export async function roomsForList(db: Kysely<DB>, actor: PolicyActor) {
  const me = actor.memberId;
  return db
    .selectFrom('rooms as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('room_settings as rs', (j) => j.onRef('rs.room_id', '=', 'r.id').on('rs.member_id', '=', me))
    .select([
      'r.id',
      'r.unit_id',
      'r.kind',
      'r.name',
      'r.description',
      'r.audience',
      'r.last_activity_at',
      'u.name as unit_name',
      'u.type as unit_type',
      'rs.muted',
      'rs.left_at',
    ])
    .select((eb) => [
      eb
        .selectFrom('threads as t')
        .whereRef('t.room_id', '=', 'r.id')
        .select((e) => e.fn.max('t.last_post_at').as('m'))
        .as('last_post_at'),
      eb
        .selectFrom('threads as t')
        .leftJoin('thread_reads as tr', (j) => j.onRef('tr.thread_id', '=', 't.id').on('tr.member_id', '=', me))
        .whereRef('t.room_id', '=', 'r.id')
        .where('t.deleted_at', 'is', null)
        .where(sql<boolean>`t.last_post_id > coalesce(tr.last_read_post_id, 0)`)
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('unread_threads'),
      eb
        .selectFrom('threads as t')
        .leftJoin('thread_reads as tr', (j) => j.onRef('tr.thread_id', '=', 't.id').on('tr.member_id', '=', me))
        .whereRef('t.room_id', '=', 'r.id')
        .where('t.deleted_at', 'is', null)
        .where(sql<boolean>`t.last_post_id > coalesce(tr.last_read_post_id, 0)`)
        .select(sql<number>`coalesce(sum(t.post_count - coalesce(tr.read_count, 0)), 0)`.as('n'))
        .as('unread_posts'),
    ])
    .where('r.id', 'in', visibleRoomIds(db, actor))
    .where('r.archived_at', 'is', null)
    .execute();
}

/** Writes some of the member's settings for a room, creating the row with defaults when missing. */
export async function upsertRoomSettings(
  db: Kysely<DB>,
  roomId: number,
  memberId: number,
  values: Partial<{
    muted: boolean;
    following: boolean;
    left_at: number | null;
    coc_accepted_at: number;
    last_visit_at: number;
  }>,
): Promise<void> {
  await db
    .insertInto('room_settings')
    .values({ room_id: roomId, member_id: memberId, ...values })
    .onConflict((oc) => oc.columns(['room_id', 'member_id']).doUpdateSet(values))
    .execute();
}

export interface NewRoom {
  unitId: number;
  kind: RoomKind;
  name: string;
  description: string | null;
  audience: RoomAudience;
  codeOfConduct: string | null;
  createdBy: number | null;
}

export async function insertRoom(db: Kysely<DB>, room: NewRoom): Promise<number> {
  const now = nowMs();
  const { id } = await db
    .insertInto('rooms')
    .values({
      unit_id: room.unitId,
      kind: room.kind,
      name: room.name,
      description: room.description,
      audience: room.audience,
      code_of_conduct: room.codeOfConduct,
      created_by: room.createdBy,
      created_at: now,
      updated_at: now,
      last_activity_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Which of the ids are active members (for invites); the rest are refused. */
/**
 * Members who may be invited to an invite-only room of a unit: active members of the unit — their
 * Ortsverein in its subtree, or in an AG or Gremium there. A room's managers reach nobody elsewhere
 * in the Land (data minimisation): a group across Ortsvereine is a room of the Kreisverband above.
 */
export function invitableMembers(db: Kysely<DB>, unitId: number) {
  const subtree = db.selectFrom('unit_closure as ic').select('ic.descendant_id').where('ic.ancestor_id', '=', unitId);
  return db
    .selectFrom('members as im')
    .select('im.id')
    .where('im.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('im.unit_id', 'in', subtree),
        eb.exists(
          eb
            .selectFrom('member_units as iu')
            .select('iu.member_id')
            .whereRef('iu.member_id', '=', 'im.id')
            .where('iu.unit_id', 'in', subtree),
        ),
      ]),
    );
}

/** Of the ids, those {@link invitableMembers} holds for the unit. */
export async function invitableMemberIds(db: Kysely<DB>, unitId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await invitableMembers(db, unitId).where('im.id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function invitesOf(db: Kysely<DB>, roomId: number) {
  return db
    .selectFrom('room_invites as i')
    .innerJoin('members as m', 'm.id', 'i.member_id')
    .select(['i.member_id', 'i.created_at', displayName.as('display_name')])
    .where('i.room_id', '=', roomId)
    .orderBy('m.last_name')
    .orderBy('m.first_name')
    .execute();
}

/**
 * Up to `limit` members who can see the room whose name contains `q`, by name — only those whose
 * names the viewer may see: a Land-wide room is no directory of the Land.
 */
export async function mentionableMembers(
  db: Kysely<DB>,
  room: Omit<PolicyRoom, 'invited'>,
  viewer: MemberViewer,
  q: string,
  limit: number,
) {
  const pattern = `%${escapeLike(q.trim().toLowerCase())}%`;
  return db
    .selectFrom('members as m')
    .select(['m.id', displayName.as('display_name')])
    .where('m.id', 'in', memberIdsWhoCanSee(db, room))
    .where('m.id', 'in', visibleMemberIds(db, viewer))
    .$if(q.trim() !== '', (qb) =>
      qb.where(sql<boolean>`lower(m.first_name || ' ' || m.last_name) like ${pattern} escape '\\'`),
    )
    .orderBy('m.last_name')
    .orderBy('m.first_name')
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

/** Of the candidates, those who can see the room. */
export async function whoCanSee(
  db: Kysely<DB>,
  room: Omit<PolicyRoom, 'invited'>,
  candidates: number[],
): Promise<number[]> {
  if (candidates.length === 0) return [];
  const rows = await memberIdsWhoCanSee(db, room).where('wm.id', 'in', candidates).execute();
  return rows.map((r) => r.id);
}
