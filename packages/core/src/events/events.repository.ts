/** SQL of the events feature: loading events with what presenting them needs. No decisions. */
import { PostgresAdapter, type Kysely, type Selectable } from 'kysely';
import type { Role, UnitType } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { EventsTable, RegistrationStatus } from './events.schema.ts';

export type EventRow = Selectable<EventsTable>;

export interface EventRecord {
  row: EventRow;
  unit: { id: number; name: string; type: UnitType };
  series: { id: number; title: string } | null;
  audienceRoles: Role[];
}

/** Events by id with their unit, series and audience roles; missing ids are left out. */
export async function loadEvents(db: Kysely<DB>, ids: number[]): Promise<EventRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('events as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('event_series as s', 's.id', 'e.series_id')
    .selectAll('e')
    .select(['u.name as unit_name', 'u.type as unit_type', 's.title as series_title'])
    .where('e.id', 'in', ids)
    .execute();
  const roles = await db
    .selectFrom('event_audience_roles')
    .select(['event_id', 'role'])
    .where('event_id', 'in', ids)
    .execute();
  return rows.map(({ unit_name, unit_type, series_title, ...row }) => ({
    row,
    unit: { id: row.unit_id, name: unit_name, type: unit_type },
    series: row.series_id !== null && series_title !== null ? { id: row.series_id, title: series_title } : null,
    audienceRoles: roles.filter((r) => r.event_id === row.id).map((r) => r.role),
  }));
}

export async function loadEvent(db: Kysely<DB>, id: number): Promise<EventRecord | undefined> {
  return (await loadEvents(db, [id]))[0];
}

export interface Counts {
  registered: number;
  waitlisted: number;
}

/** Registered and waitlisted counts per event. */
export async function registrationCounts(db: Kysely<DB>, eventIds: number[]): Promise<Map<number, Counts>> {
  const counts = new Map<number, Counts>(eventIds.map((id) => [id, { registered: 0, waitlisted: 0 }]));
  if (eventIds.length === 0) return counts;
  const rows = await db
    .selectFrom('event_registrations')
    .select(['event_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', 'in', eventIds)
    .groupBy(['event_id', 'status'])
    .execute();
  for (const r of rows) counts.get(r.event_id)![r.status] = Number(r.n);
  return counts;
}

export interface OwnRegistration {
  status: RegistrationStatus;
  registeredAt: number;
  /** Place on the waitlist, 1 = next; null when registered. */
  position: number | null;
}

/** The member's registrations for the given events, with waitlist positions. */
export async function ownRegistrations(
  db: Kysely<DB>,
  memberId: number,
  eventIds: number[],
): Promise<Map<number, OwnRegistration>> {
  const result = new Map<number, OwnRegistration>();
  if (eventIds.length === 0) return result;
  const rows = await db
    .selectFrom('event_registrations as r')
    .select(['r.event_id', 'r.status', 'r.registered_at'])
    .select((eb) =>
      eb
        .selectFrom('event_registrations as w')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('w.event_id', '=', 'r.event_id')
        .where('w.status', '=', 'waitlisted')
        .where((w) =>
          w.or([
            w('w.registered_at', '<', w.ref('r.registered_at')),
            w.and([w('w.registered_at', '=', w.ref('r.registered_at')), w('w.member_id', '<', w.ref('r.member_id'))]),
          ]),
        )
        .as('ahead'),
    )
    .where('r.member_id', '=', memberId)
    .where('r.event_id', 'in', eventIds)
    .execute();
  for (const r of rows) {
    result.set(r.event_id, {
      status: r.status,
      registeredAt: r.registered_at,
      position: r.status === 'waitlisted' ? Number(r.ahead ?? 0) + 1 : null,
    });
  }
  return result;
}

/** Whether the member is registered (not waitlisted) for the event. */
export async function isRegistered(db: Kysely<DB>, eventId: number, memberId: number): Promise<boolean> {
  const row = await db
    .selectFrom('event_registrations')
    .select('status')
    .where('event_id', '=', eventId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.status === 'registered';
}

/**
 * Locks the event row for the rest of the transaction, so registrations for one event run one at
 * a time (PostgreSQL `FOR UPDATE`; SQLite has a single writer and needs no lock).
 */
export async function lockEvent(trx: Kysely<DB>, eventId: number): Promise<EventRow | undefined> {
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  return trx
    .selectFrom('events')
    .selectAll()
    .where('id', '=', eventId)
    .$if(postgres, (q) => q.forUpdate())
    .executeTakeFirst();
}
