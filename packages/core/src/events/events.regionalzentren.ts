/**
 * The Regionalzentren: a member's centre (the `regionalzentrum` unit above their Ortsverein) with
 * its address, its contact people (holders of `rz_staff`, name and role only) and its upcoming
 * trainings; and every centre's trainings across the Land.
 */
import type { Kysely } from 'kysely';
import type { Regionalzentrum, TrainingsByCentre } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { fromJson, nowMs } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import type { Actor } from '../accounts/actor.ts';
import { visibleEventIds } from './events.policy.ts';
import { loadEvents } from './events.repository.ts';
import { presentSummaries } from './events.service.ts';

interface ContactJson {
  street?: string;
  postcode?: string;
  city?: string;
  phone?: string;
  email?: string;
}

function presentContact(raw: unknown) {
  const c = (raw === null || raw === undefined ? {} : fromJson<ContactJson>(raw)) ?? {};
  return {
    street: c.street ?? null,
    postcode: c.postcode ?? null,
    city: c.city ?? null,
    phone: c.phone ?? null,
    email: c.email ?? null,
  };
}

/** Upcoming trainings organised by the given centres that the actor may see, by centre. */
async function trainingsOf(db: Kysely<DB>, actor: Actor, unitIds: number[], limit: number) {
  if (unitIds.length === 0) return new Map<number, Awaited<ReturnType<typeof presentSummaries>>>();
  const rows = await db
    .selectFrom('events')
    .select('id')
    .where('unit_id', 'in', unitIds)
    .where('kind', '=', 'training')
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', nowMs())
    .where('id', 'in', visibleEventIds(db, actor))
    .orderBy('starts_at')
    .limit(limit)
    .execute();
  const records = (
    await loadEvents(
      db,
      rows.map((r) => r.id),
    )
  ).sort((a, b) => a.row.starts_at - b.row.starts_at || a.row.id - b.row.id);
  const summaries = await presentSummaries(db, actor, records);
  const byUnit = new Map<number, typeof summaries>(unitIds.map((id) => [id, []]));
  for (const s of summaries) byUnit.get(s.unit.id)?.push(s);
  return byUnit;
}

/** The actor's Regionalzentrum; 404 when their Ortsverein lies under none. */
export async function myRegionalzentrum(db: Kysely<DB>, actor: Actor): Promise<Regionalzentrum> {
  const unit = actor.units.find((u) => u.type === 'regionalzentrum');
  if (!unit) throw new NotFoundError('regionalzentrum');
  const people = await db
    .selectFrom('member_roles as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['m.first_name', 'm.last_name', 'r.role'])
    .where('r.unit_id', '=', unit.id)
    .where('r.role', 'in', ['rz_staff'])
    .where('m.status', '=', 'active')
    .orderBy('m.last_name')
    .orderBy('m.first_name')
    .execute();
  const trainings = await trainingsOf(db, actor, [unit.id], 50);
  return {
    unit: { id: unit.id, name: unit.name, type: unit.type },
    contact: presentContact(unit.contact),
    people: people.map((p) => ({ name: `${p.first_name} ${p.last_name}`, role: p.role })),
    upcomingTrainings: trainings.get(unit.id) ?? [],
  };
}

/** Every Regionalzentrum with its upcoming trainings the actor may see. */
export async function trainingsByCentre(db: Kysely<DB>, actor: Actor): Promise<TrainingsByCentre> {
  const centres = await db
    .selectFrom('units')
    .select(['id', 'name', 'type', 'contact'])
    .where('type', '=', 'regionalzentrum')
    .orderBy('name')
    .execute();
  const trainings = await trainingsOf(
    db,
    actor,
    centres.map((c) => c.id),
    1000,
  );
  return {
    items: centres.map((c) => ({
      unit: { id: c.id, name: c.name, type: c.type },
      contact: presentContact(c.contact),
      trainings: trainings.get(c.id) ?? [],
    })),
  };
}
