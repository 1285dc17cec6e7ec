/**
 * What the calendar's filters offer: the organising units and the topics of the upcoming events
 * the actor may see. Built through the same list filter as the calendar (`visibleEventIds`), so
 * an event outside the actor's audience contributes neither its unit nor its topic.
 */
import type { Kysely } from 'kysely';
import type { EventFilters } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import type { Actor } from '../accounts/actor.ts';
import { visibleEventIds } from './events.policy.ts';

/** More topics than this are not a filter anyone scrolls through; the rarest are left out. */
const MAX_TOPICS = 200;

/** Units (by name) and topics (alphabetical) of the upcoming events the actor may see. */
export async function listEventFilters(db: Kysely<DB>, actor: Actor): Promise<EventFilters> {
  const upcoming = db
    .selectFrom('events as e')
    .where('e.id', 'in', visibleEventIds(db, actor))
    // Like the calendar: an event still running counts as upcoming.
    .where('e.ends_at', '>', nowMs());
  const [units, topics] = await Promise.all([
    upcoming.innerJoin('units as u', 'u.id', 'e.unit_id').select(['u.id', 'u.name', 'u.type']).distinct().execute(),
    upcoming
      .select(['e.topic', (eb) => eb.fn.countAll<number>().as('n')])
      .where('e.topic', 'is not', null)
      .groupBy('e.topic')
      .orderBy('n', 'desc')
      .orderBy('e.topic')
      .limit(MAX_TOPICS)
      .execute(),
  ]);
  const byName = (a: string, b: string) => a.localeCompare(b, 'de');
  return {
    units: units.map((u) => ({ id: u.id, name: u.name, type: u.type })).sort((a, b) => byName(a.name, b.name)),
    topics: topics.map((t) => t.topic!).sort(byName),
  };
}
