/**
 * Rooms: the member's grouped room list, a room with the member's abilities, setting up custom
 * rooms (functionaries), the member's own settings (mute, follow, leave), the code of conduct
 * and the mention list (invites: `rooms.invites.ts`). Decisions are in `rooms.policy.ts`; loading in `rooms.access.ts`.
 */
import type { Kysely } from 'kysely';
import type {
  CreateRoomBody,
  MentionableList,
  Room,
  RoomList,
  RoomSettingsBody,
  RoomSummary,
  UpdateRoomBody,
} from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs, toBool } from '../db/database.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { activeBan } from '../moderation/bans.ts';
import { inTransaction, recordLiveEvent, recordRoomsChanged, roomScope } from '../live/live.events.ts';
import { findUnit } from '../units/units.repository.ts';
import { canManageRoomsOf } from './rooms.policy.ts';
import {
  ancestorIdsOfUnit,
  loadManagedRoom,
  loadRoomAccess,
  unitAncestorIds,
  type RoomAccess,
} from './rooms.access.ts';
import {
  invitableMemberIds,
  insertRoom,
  mentionableMembers,
  roomsForList,
  upsertRoomSettings,
} from './rooms.repository.ts';

const GROUP_ORDER = [
  'ortsverein',
  'kreisverband',
  'regionalzentrum',
  'landesverband',
  'arbeitsgemeinschaft',
  'gremium',
];
const KIND_ORDER = ['general', 'board', 'custom'];

/** Only custom rooms may be left or archived; "Allgemein" and "Vorstand" belong to the unit. */
const isOptional = (kind: string) => kind === 'custom';

/**
 * The actor's rooms grouped by unit (Ortsverein, Kreisverband, Regionalzentrum, Landesverband,
 * then AGs and Gremien), with unread counts. Rooms the member left come last in their group, and
 * only with `includeLeft`.
 */
export async function listRooms(
  db: Kysely<DB>,
  actor: Actor,
  options: { includeLeft?: boolean } = {},
): Promise<RoomList> {
  const rows = await roomsForList(db, actor);
  const groups = new Map<number, { unit: RoomList['groups'][number]['unit']; rooms: RoomSummary[] }>();
  const sorted = rows
    .filter((r) => options.includeLeft || r.left_at === null)
    .sort(
      (a, b) =>
        GROUP_ORDER.indexOf(a.unit_type) - GROUP_ORDER.indexOf(b.unit_type) ||
        a.unit_name.localeCompare(b.unit_name, 'de') ||
        a.unit_id - b.unit_id ||
        Number(a.left_at !== null) - Number(b.left_at !== null) ||
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        a.name.localeCompare(b.name, 'de') ||
        a.id - b.id,
    );
  for (const r of sorted) {
    let group = groups.get(r.unit_id);
    if (!group) {
      group = { unit: { id: r.unit_id, name: r.unit_name, type: r.unit_type }, rooms: [] };
      groups.set(r.unit_id, group);
    }
    group.rooms.push({
      id: r.id,
      unitId: r.unit_id,
      kind: r.kind,
      name: r.name,
      description: r.description,
      audience: r.audience,
      unreadThreads: Number(r.unread_threads ?? 0),
      unreadPosts: Math.max(0, Number(r.unread_posts ?? 0)),
      muted: toBool(r.muted),
      left: r.left_at !== null,
      optional: isOptional(r.kind),
      lastActivityAt: isoFromMs(Math.max(r.last_activity_at, Number(r.last_post_at ?? 0))),
    });
  }
  return { groups: [...groups.values()] };
}

async function presentRoom(db: Kysely<DB>, actor: Actor, access: RoomAccess): Promise<Room> {
  const { room, settings } = access;
  const [unit, ban] = await Promise.all([findUnit(db, room.unit_id), activeBan(db, room.id, actor.memberId)]);
  return {
    id: room.id,
    unit: { id: unit!.id, name: unit!.name, type: unit!.type },
    kind: room.kind,
    name: room.name,
    description: room.description,
    audience: room.audience,
    codeOfConduct: room.code_of_conduct,
    cocAccepted: room.code_of_conduct === null || settings.cocAcceptedAt !== null,
    settings: { muted: settings.muted, following: settings.following, left: settings.left },
    optional: isOptional(room.kind),
    lastVisitAt: isoFromMs(settings.lastVisitAt),
    permissions: { post: ban === undefined, moderate: access.moderates, manage: access.manages },
    ban: ban ? { until: isoFromMs(ban.until), reason: ban.reason } : null,
  };
}

export async function getRoom(db: Kysely<DB>, actor: Actor, roomId: number): Promise<Room> {
  return presentRoom(db, actor, await loadRoomAccess(db, actor, roomId));
}

/** Members to invite must be active members of the unit; otherwise 422 naming the field. */
async function checkInvitees(db: Kysely<DB>, unitId: number, ids: number[]): Promise<void> {
  const found = await invitableMemberIds(db, unitId, ids);
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new ValidationError([{ path: `/inviteMemberIds/${missing}`, message: 'no such member' }]);
}

/** A functionary sets up a custom room in a unit. 404 when they may not (or the unit does not exist). */
export async function createRoom(db: Kysely<DB>, actor: Actor, unitId: number, input: CreateRoomBody): Promise<Room> {
  const unit = await findUnit(db, unitId);
  if (!unit) throw new NotFoundError('unit');
  const ancestorIds = await unitAncestorIds(db, actor, unitId);
  if (!canManageRoomsOf(actor, { id: unitId, ancestorIds })) throw new NotFoundError('unit');
  const invitees = input.inviteMemberIds ?? [];
  if (invitees.length > 0 && input.audience !== 'invite') {
    throw new ValidationError([{ path: '/inviteMemberIds', message: 'only invite-only rooms have invites' }]);
  }
  await checkInvitees(db, unitId, invitees);
  const name = input.name.trim();
  if (name === '') throw new ValidationError([{ path: '/name', message: 'must not be blank' }]);
  const roomId = await inTransaction(db, async (trx) => {
    const id = await insertRoom(trx, {
      unitId,
      kind: 'custom',
      name,
      description: input.description?.trim() || null,
      audience: input.audience,
      codeOfConduct: input.codeOfConduct?.trim() || null,
      createdBy: actor.memberId,
    });
    const now = nowMs();
    if (invitees.length > 0) {
      await trx
        .insertInto('room_invites')
        .values(invitees.map((m) => ({ room_id: id, member_id: m, invited_by: actor.memberId, created_at: now })))
        .execute();
    }
    await recordAudit(trx, {
      action: 'room.created',
      actorAccountId: actor.accountId,
      unitId,
      data: { roomId: id, audience: input.audience, invited: invitees.length },
    });
    return id;
  });
  return getRoom(db, actor, roomId);
}

/** Managers rename a room, change its description or code of conduct. */
export async function updateRoom(db: Kysely<DB>, actor: Actor, roomId: number, input: UpdateRoomBody): Promise<Room> {
  const access = await loadManagedRoom(db, actor, roomId);
  const values: { name?: string; description?: string | null; code_of_conduct?: string | null } = {};
  if (input.name !== undefined) {
    values.name = input.name.trim();
    if (values.name === '') throw new ValidationError([{ path: '/name', message: 'must not be blank' }]);
  }
  if (input.description !== undefined) values.description = input.description?.trim() || null;
  if (input.codeOfConduct !== undefined) values.code_of_conduct = input.codeOfConduct?.trim() || null;
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('rooms')
      .set({ ...values, updated_at: nowMs() })
      .where('id', '=', roomId)
      .execute();
    // A changed code of conduct is accepted anew.
    if (values.code_of_conduct !== undefined && values.code_of_conduct !== access.room.code_of_conduct) {
      await trx.updateTable('room_settings').set({ coc_accepted_at: null }).where('room_id', '=', roomId).execute();
    }
    await recordAudit(trx, {
      action: 'room.updated',
      actorAccountId: actor.accountId,
      unitId: access.room.unit_id,
      data: { roomId, fields: Object.keys(values) },
    });
    await recordLiveEvent(trx, roomScope(roomId), 'room.updated', { roomId });
  });
  return getRoom(db, actor, roomId);
}

/** Managers archive a custom room: it disappears for everyone (every route answers 404). */
export async function archiveRoom(db: Kysely<DB>, actor: Actor, roomId: number): Promise<void> {
  const access = await loadManagedRoom(db, actor, roomId);
  if (!isOptional(access.room.kind)) throw new DomainError('room_is_default');
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('rooms')
      .set({ archived_at: nowMs(), updated_at: nowMs() })
      .where('id', '=', roomId)
      .execute();
    await recordAudit(trx, {
      action: 'room.archived',
      actorAccountId: actor.accountId,
      unitId: access.room.unit_id,
      data: { roomId },
    });
    await recordLiveEvent(trx, roomScope(roomId), 'room.archived', { roomId });
    await recordRoomsChanged(trx, [roomId]);
  });
}

/** The member mutes, follows or leaves a room (or undoes it). Default rooms cannot be left. */
export async function updateRoomSettings(
  db: Kysely<DB>,
  actor: Actor,
  roomId: number,
  input: RoomSettingsBody,
): Promise<Room> {
  const access = await loadRoomAccess(db, actor, roomId);
  if (input.left === true && !isOptional(access.room.kind)) throw new DomainError('room_is_default');
  await upsertRoomSettings(db, roomId, actor.memberId, {
    ...(input.muted !== undefined ? { muted: input.muted } : {}),
    ...(input.following !== undefined ? { following: input.following } : {}),
    ...(input.left !== undefined ? { left_at: input.left ? nowMs() : null } : {}),
  });
  return getRoom(db, actor, roomId);
}

/** The member accepts the room's code of conduct (once; later calls change nothing). */
export async function acceptCodeOfConduct(db: Kysely<DB>, actor: Actor, roomId: number): Promise<void> {
  const access = await loadRoomAccess(db, actor, roomId);
  if (access.settings.cocAcceptedAt !== null) return;
  await upsertRoomSettings(db, roomId, actor.memberId, { coc_accepted_at: nowMs() });
}

/** Records the member's visit; the previous one marks what is "new since your last visit". */
export async function recordRoomVisit(db: Kysely<DB>, actor: Actor, roomId: number): Promise<void> {
  await loadRoomAccess(db, actor, roomId);
  await upsertRoomSettings(db, roomId, actor.memberId, { last_visit_at: nowMs() });
}

/** Up to 10 members who can see the room, for the composer's @-completion. */
export async function mentionable(db: Kysely<DB>, actor: Actor, roomId: number, q = ''): Promise<MentionableList> {
  const access = await loadRoomAccess(db, actor, roomId);
  const policy = { ...access.policy, unitAncestorIds: await ancestorIdsOfUnit(db, access.room.unit_id) };
  const rows = await mentionableMembers(db, policy, actor, q, 10);
  return { items: rows.map((r) => ({ memberId: r.id, displayName: r.display_name })) };
}
