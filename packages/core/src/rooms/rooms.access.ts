/**
 * Loading a room, thread or post together with what the actor may do with it — in one query for
 * the room row, the actor's invite and settings (plus one indexed closure read when the actor
 * holds roles whose reach depends on the unit's ancestors). Whatever the actor cannot see is
 * answered with {@link NotFoundError}, exactly like a missing id; archived rooms are gone too.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, PostsTable, RoomsTable, ThreadsTable } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { toBool } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import { activeBan } from '../moderation/bans.ts';
import { canManageRoom, canModerateRoom, canSeeRoom, type PolicyRoom } from './rooms.policy.ts';

export type RoomRow = Selectable<RoomsTable>;
export type ThreadRow = Selectable<ThreadsTable>;
export type PostRow = Selectable<PostsTable>;

/** The actor's own settings for a room (defaults when there is no row). */
export interface MemberRoomSettings {
  muted: boolean;
  following: boolean;
  left: boolean;
  cocAcceptedAt: number | null;
  lastVisitAt: number | null;
}

/** A room the actor can see, with their abilities in it. */
export interface RoomAccess {
  room: RoomRow;
  policy: PolicyRoom;
  settings: MemberRoomSettings;
  moderates: boolean;
  manages: boolean;
}

export interface ThreadAccess extends RoomAccess {
  thread: ThreadRow;
}

export interface PostAccess extends ThreadAccess {
  post: PostRow;
}

/** The ids above a unit, root first; only read when the actor holds a role (otherwise they decide nothing). */
export async function unitAncestorIds(db: Kysely<DB>, actor: Pick<Actor, 'roles'>, unitId: number): Promise<number[]> {
  return actor.roles.length === 0 ? [] : ancestorIdsOfUnit(db, unitId);
}

/** The ids above a unit, root first. */
export async function ancestorIdsOfUnit(db: Kysely<DB>, unitId: number): Promise<number[]> {
  const rows = await ancestorsQuery.all(db, unitId);
  return rows.map((r) => r.ancestor_id);
}

const ancestorsQuery = prepared((db, unitId: number) =>
  db
    .selectFrom('unit_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', unitId)
    .where('depth', '>', 0)
    .orderBy('depth', 'desc'),
);

function roomWithMember(db: Kysely<DB>, memberId: number) {
  return db
    .selectFrom('rooms as r')
    .leftJoin('room_invites as ri', (j) => j.onRef('ri.room_id', '=', 'r.id').on('ri.member_id', '=', memberId))
    .leftJoin('room_settings as rs', (j) => j.onRef('rs.room_id', '=', 'r.id').on('rs.member_id', '=', memberId))
    .selectAll('r')
    .select([
      'ri.member_id as invited_member',
      'rs.muted as s_muted',
      'rs.following as s_following',
      'rs.left_at as s_left_at',
      'rs.coc_accepted_at as s_coc_accepted_at',
      'rs.last_visit_at as s_last_visit_at',
    ])
    .where('r.archived_at', 'is', null);
}

type RoomWithMember = Awaited<ReturnType<ReturnType<typeof roomWithMember>['executeTakeFirstOrThrow']>>;

async function decide(db: Kysely<DB>, actor: Actor, row: RoomWithMember | undefined, what: string) {
  if (!row) throw new NotFoundError(what);
  const { invited_member, s_muted, s_following, s_left_at, s_coc_accepted_at, s_last_visit_at, ...room } = row;
  const policy: PolicyRoom = {
    id: room.id,
    unitId: room.unit_id,
    audience: room.audience,
    unitAncestorIds: await unitAncestorIds(db, actor, room.unit_id),
    invited: invited_member !== null,
  };
  if (!canSeeRoom(actor, policy)) throw new NotFoundError(what);
  return {
    room: room as RoomRow,
    policy,
    settings: {
      muted: toBool(s_muted),
      following: toBool(s_following),
      left: s_left_at !== null,
      cocAcceptedAt: s_coc_accepted_at,
      lastVisitAt: s_last_visit_at,
    },
    moderates: canModerateRoom(actor, policy),
    manages: canManageRoom(actor, policy),
  };
}

/** The room if the actor can see it; 404 otherwise. */
export async function loadRoomAccess(db: Kysely<DB>, actor: Actor, roomId: number): Promise<RoomAccess> {
  const row = await roomQuery.first(db, actor.memberId, roomId);
  return decide(db, actor, row, 'room');
}

const roomQuery = prepared((db, memberId: number, roomId: number) =>
  roomWithMember(db, memberId).where('r.id', '=', roomId),
);

const THREAD_COLUMNS = [
  'id',
  'room_id',
  'title',
  'author_id',
  'created_at',
  'updated_at',
  'last_post_at',
  'last_post_id',
  'post_count',
  'pinned_at',
  'locked_at',
  'locked_by',
  'deleted_at',
] as const;

const threadQuery = prepared((db, memberId: number, threadId: number) =>
  roomWithMember(db, memberId)
    .innerJoin('threads as t', 't.room_id', 'r.id')
    .select(THREAD_COLUMNS.map((c) => `t.${c} as t_${c}` as const))
    .where('t.id', '=', threadId)
    .where('t.deleted_at', 'is', null),
);

/**
 * The thread and its room if the actor can see them; 404 otherwise (also for deleted threads).
 * One query for thread, room, invite and settings: this runs before every post list and write.
 */
export async function loadThreadAccess(db: Kysely<DB>, actor: Actor, threadId: number): Promise<ThreadAccess> {
  const row = await threadQuery.first(db, actor.memberId, threadId);
  if (!row) throw new NotFoundError('thread');
  const thread = Object.fromEntries(THREAD_COLUMNS.map((c) => [c, row[`t_${c}`]])) as ThreadRow;
  const roomPart = Object.fromEntries(
    Object.entries(row).filter(([key]) => !key.startsWith('t_')),
  ) as unknown as RoomWithMember;
  return { ...(await decide(db, actor, roomPart, 'thread')), thread };
}

/** The post with its thread and room if the actor can see them; 404 otherwise. */
export async function loadPostAccess(db: Kysely<DB>, actor: Actor, postId: number): Promise<PostAccess> {
  const post = await db.selectFrom('posts').selectAll().where('id', '=', postId).executeTakeFirst();
  if (!post) throw new NotFoundError('post');
  const access = await loadThreadAccess(db, actor, post.thread_id).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError('post') : error;
  });
  return { ...access, post };
}

/** The room if the actor manages it (see `canManageRoom`); 404 otherwise. */
export async function loadManagedRoom(db: Kysely<DB>, actor: Actor, roomId: number): Promise<RoomAccess> {
  const access = await loadRoomAccess(db, actor, roomId);
  if (!access.manages) throw new NotFoundError('room');
  return access;
}

/** Checks other modules add for writes in rooms they own (e.g. a programme process's phases). */
type RoomWriteGuard = (db: Kysely<DB>, room: RoomRow) => Promise<void>;
const writeGuards: RoomWriteGuard[] = [];

/** Adds a check every write in a room passes (it throws a DomainError to refuse). */
export function addRoomWriteGuard(guard: RoomWriteGuard): void {
  writeGuards.push(guard);
}

/**
 * Refuses a write in the room with the reason the member can act on: banned (reading stays
 * allowed), the code of conduct not yet accepted, or the thread locked (moderators still write),
 * or a check another module added.
 */
export async function assertCanWrite(
  db: Kysely<DB>,
  actor: Actor,
  access: RoomAccess & { thread?: ThreadRow },
): Promise<void> {
  if (await activeBan(db, access.room.id, actor.memberId)) throw new DomainError('room_banned');
  if (access.room.code_of_conduct !== null && access.settings.cocAcceptedAt === null) {
    throw new DomainError('code_of_conduct_required');
  }
  if (access.thread && access.thread.locked_at !== null && !access.moderates) throw new DomainError('thread_locked');
  for (const guard of writeGuards) await guard(db, access.room);
}
