import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@rotes-netz/shared';
import {
  canManageEvent,
  canRegisterFor,
  canSeeEvent,
  units,
  visibleEventIds,
  type Database,
  type EventActor,
  type PolicyEvent,
} from '../src/index.ts';
import { databaseKinds } from './support/databases.ts';

type Unit = EventActor['units'][number];
const unit = (id: number, type: Unit['type'] = 'ortsverein') => ({ id, type }) as Unit;
const actor = (unitIds: number[], roles: { unitId: number; role: Role; unitDepth?: number }[] = []): EventActor => ({
  memberId: 1,
  units: unitIds.map((id) => unit(id)),
  roles: roles.map((r) => ({ unitDepth: 3, ...r })),
});
const event = (unitId: number, audience: PolicyEvent['audience'], audienceRoles: Role[] = []): PolicyEvent => ({
  unitId,
  audience,
  audienceRoles,
});

describe('events policy', () => {
  describe('a plain member of OV 3 (in KV 2, LV 1)', () => {
    const member = actor([3, 2, 1]);
    it('sees events for all, for their units and above, not for another unit', () => {
      expect(canSeeEvent(member, event(9, 'all'))).toBe(true);
      expect(canSeeEvent(member, event(2, 'unit'))).toBe(true);
      expect(canSeeEvent(member, event(4, 'unit'))).toBe(false);
    });
    it('does not see board-only events and manages nothing', () => {
      expect(canSeeEvent(member, event(3, 'role', ['board', 'chair']))).toBe(false);
      expect(canManageEvent(member, event(3, 'all'))).toBe(false);
    });
  });

  describe('the chair of OV 3', () => {
    const chair = actor([3, 2, 1], [{ unitId: 3, role: 'chair' }]);
    it('sees and manages their unit’s events of any audience, and registers only when in the audience', () => {
      const boardMeeting = event(3, 'role', ['board']);
      expect(canSeeEvent(chair, boardMeeting)).toBe(true);
      expect(canManageEvent(chair, boardMeeting)).toBe(true);
      expect(canRegisterFor(chair, boardMeeting)).toBe(false);
      expect(canRegisterFor(chair, event(3, 'role', ['chair']))).toBe(true);
    });
    it('does not manage the Kreisverband’s events', () => {
      expect(canManageEvent(chair, event(2, 'unit'))).toBe(false);
    });
  });

  describe('rz_staff of RZ 5', () => {
    const staff = actor([6, 5, 1], [{ unitId: 5, role: 'rz_staff' }]);
    it('manages the centre’s trainings only', () => {
      expect(canManageEvent(staff, event(5, 'all'))).toBe(true);
      expect(canManageEvent(staff, event(1, 'all'))).toBe(false);
    });
  });

  describe('an LV admin', () => {
    const admin = actor([3, 2, 1], [{ unitId: 1, role: 'lv_admin', unitDepth: 0 }]);
    it('sees and manages everything', () => {
      expect(canSeeEvent(admin, event(4, 'role', ['board']))).toBe(true);
      expect(canManageEvent(admin, event(4, 'unit'))).toBe(true);
    });
  });
});

describe.each(databaseKinds())('visibleEventIds agrees with canSeeEvent on %s', (kind) => {
  let database: Database;
  const events: { id: number; policy: PolicyEvent }[] = [];
  let ids: { lv: number; kv: number; ov: number; ovB: number };

  beforeAll(async () => {
    database = await kind.open();
    const db = database.db;
    const lv = (await units.createUnit(db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null })).id;
    const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: lv })).id;
    const ov = (await units.createUnit(db, { type: 'ortsverein', name: 'OV', code: 'OV', parentId: kv })).id;
    const ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'OVB', code: 'OVB', parentId: kv })).id;
    ids = { lv, kv, ov, ovB };
    const now = Date.now();
    const shapes: PolicyEvent[] = [
      event(lv, 'all'),
      event(kv, 'unit'),
      event(ov, 'unit'),
      event(ovB, 'unit'),
      event(ov, 'role', ['board', 'chair']),
      event(ovB, 'role', ['chair']),
    ];
    for (const shape of shapes) {
      const row = await db
        .insertInto('events')
        .values({
          unit_id: shape.unitId,
          series_id: null,
          kind: 'meeting',
          title: 't',
          topic: null,
          description: '',
          description_html: '',
          starts_at: now,
          ends_at: now + 1000,
          online: false,
          location: null,
          guests: '[]',
          audience: shape.audience,
          capacity: null,
          meeting_mail_at: null,
          reminder_minutes_before: null,
          share_public: false,
          share_fields: '[]',
          status: 'scheduled',
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const role of shape.audienceRoles) {
        await db.insertInto('event_audience_roles').values({ event_id: row.id, role }).execute();
      }
      events.push({ id: row.id, policy: shape });
    }
  });
  afterAll(() => database.close());

  it('lists exactly the events each actor may see', async () => {
    const actors = [
      actor([ids.ov, ids.kv, ids.lv]),
      actor([ids.ov, ids.kv, ids.lv], [{ unitId: ids.ov, role: 'board' }]),
      actor([ids.ovB, ids.kv, ids.lv], [{ unitId: ids.ovB, role: 'chair' }]),
      actor([ids.ovB, ids.kv, ids.lv], [{ unitId: ids.kv, role: 'chair' }]),
      actor([ids.ov, ids.kv, ids.lv], [{ unitId: ids.lv, role: 'lv_admin', unitDepth: 0 }]),
    ];
    for (const a of actors) {
      const rows = await database.db
        .selectFrom('events')
        .select('id')
        .where('id', 'in', visibleEventIds(database.db, a))
        .execute();
      const expected = events.filter((e) => canSeeEvent(a, e.policy)).map((e) => e.id);
      expect(rows.map((r) => r.id).sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y));
    }
  });
});
