/**
 * Whose name a member may see. Party membership is special-category data (GDPR Art. 9), so the
 * roster is not a directory: a member sees the names of members they share something with —
 * a unit narrower than a Regionalzentrum, a room (someone took part in a room the viewer sees, or
 * both were invited to the same room), an event (both registered, or the viewer organises it) —
 * and of members who opened a profile field to all members. Everyone else answers 404, exactly
 * like a member who does not exist.
 *
 * `visibleMemberIds` is the list filter (`where('m.id', 'in', visibleMemberIds(db, viewer))`);
 * `canSeeMember` is the single check built from the same filter, so the two cannot disagree.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isLvAdmin, visibleRoomIds } from '../rooms/rooms.policy.ts';
import { ORGANISING_ROLES, visibleEventIds } from '../events/events.policy.ts';

/** Unit types whose members see each other: the Landesverband and Regionalzentren are too wide. */
export const SHARED_UNIT_TYPES: ReadonlySet<string> = new Set([
  'ortsverein',
  'kreisverband',
  'arbeitsgemeinschaft',
  'gremium',
]);

export type MemberViewer = Pick<Actor, 'memberId' | 'units' | 'roles'>;

/** The ids of the active members whose names `viewer` may see, as a subquery. */
export function visibleMemberIds(db: Kysely<DB>, viewer: MemberViewer) {
  const nonEmpty = (ids: number[]) => (ids.length > 0 ? ids : [-1]);
  const shared = nonEmpty(viewer.units.filter((u) => SHARED_UNIT_TYPES.has(u.type)).map((u) => u.id));
  const organised = nonEmpty(viewer.roles.filter((r) => ORGANISING_ROLES.includes(r.role)).map((r) => r.unitId));
  const query = db.selectFrom('members as vm').select('vm.id').where('vm.status', '=', 'active');
  // LV admins keep the roster; they see every name there anyway.
  if (isLvAdmin(viewer)) return query;
  return query.where((eb) =>
    eb.or([
      eb('vm.id', '=', viewer.memberId),
      // A unit in common: the member's Ortsverein lies inside one of the viewer's units …
      eb('vm.unit_id', 'in', eb.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', 'in', shared)),
      // … or they are in one of them as a member of an AG or Gremium, or by a role.
      eb('vm.id', 'in', eb.selectFrom('member_units').select('member_id').where('unit_id', 'in', shared)),
      eb('vm.id', 'in', eb.selectFrom('member_roles').select('member_id').where('unit_id', 'in', shared)),
      // Chose to be seen: a profile field opened to all members.
      eb(
        'vm.id',
        'in',
        eb
          .selectFrom('profiles')
          .select('member_id')
          .where(sql<boolean>`cast(visibility as text) like ${'%"all"%'}`),
      ),
      // A room in common: wrote in a room the viewer sees, or invited to the same room.
      eb(
        'vm.id',
        'in',
        eb
          .selectFrom('posts')
          .select('author_id')
          .where('room_id', 'in', visibleRoomIds(db, viewer))
          .where('author_id', 'is not', null)
          .where('deleted_at', 'is', null)
          .$narrowType<{ author_id: number }>(),
      ),
      eb(
        'vm.id',
        'in',
        eb
          .selectFrom('room_invites')
          .select('member_id')
          .where(
            'room_id',
            'in',
            eb.selectFrom('room_invites').select('room_id').where('member_id', '=', viewer.memberId),
          ),
      ),
      // An event in common: registered for an event the viewer is registered for or organises.
      eb(
        'vm.id',
        'in',
        eb
          .selectFrom('event_registrations')
          .select('member_id')
          .where((inner) =>
            inner.or([
              inner(
                'event_id',
                'in',
                inner.selectFrom('event_registrations').select('event_id').where('member_id', '=', viewer.memberId),
              ),
              inner('event_id', 'in', inner.selectFrom('events').select('id').where('unit_id', 'in', organised)),
            ]),
          ),
      ),
      // Asked a question in advance of an event the viewer sees (the question shows the name).
      eb(
        'vm.id',
        'in',
        eb
          .selectFrom('event_questions')
          .select('author_id')
          .where('event_id', 'in', visibleEventIds(db, viewer))
          .where('author_id', 'is not', null)
          .$narrowType<{ author_id: number }>(),
      ),
    ]),
  );
}

/** Whether `viewer` may see the name of the member (`false` also for members who do not exist). */
export async function canSeeMember(db: Kysely<DB>, viewer: MemberViewer, memberId: number): Promise<boolean> {
  const row = await visibleMemberIds(db, viewer).where('vm.id', '=', memberId).executeTakeFirst();
  return row !== undefined;
}
