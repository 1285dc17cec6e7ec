/**
 * Series of events (the dialogue tour): organisers of a unit list and edit its series. Creating
 * one and reading it with its events live in `events.service.ts`. A series of a unit the actor
 * does not organise answers 404 here, exactly like one that does not exist.
 */
import type { Kysely } from 'kysely';
import type { EventSeries, EventSeriesList, UpdateSeriesBody } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { canOrganiseEventsOf } from './events.policy.ts';
import { getSeries } from './events.service.ts';

/** The series of a unit with how many events each has, by title; organisers of the unit only. */
export async function listUnitSeries(db: Kysely<DB>, actor: Actor, unitId: number): Promise<EventSeriesList> {
  if (!canOrganiseEventsOf(actor, unitId)) throw new NotFoundError('unit');
  const rows = await db
    .selectFrom('event_series as s')
    .leftJoin('events as e', 'e.series_id', 's.id')
    .select(['s.id', 's.title', 's.description', (eb) => eb.fn.count<number>('e.id').as('n')])
    .where('s.unit_id', '=', unitId)
    .groupBy(['s.id', 's.title', 's.description'])
    .execute();
  const items = rows.map((r) => ({ id: r.id, title: r.title, description: r.description, eventCount: Number(r.n) }));
  items.sort((a, b) => a.title.localeCompare(b.title, 'de') || a.id - b.id);
  return { items };
}

/** Changes a series' title or description (organisers of its unit). */
export async function updateSeries(
  db: Kysely<DB>,
  actor: Actor,
  seriesId: number,
  body: UpdateSeriesBody,
): Promise<EventSeries> {
  const series = await db.selectFrom('event_series').select('unit_id').where('id', '=', seriesId).executeTakeFirst();
  if (!series || !canOrganiseEventsOf(actor, series.unit_id)) throw new NotFoundError('series');
  const changes: { title?: string; description?: string } = {};
  if (body.title !== undefined) changes.title = body.title.trim();
  if (body.description !== undefined) changes.description = body.description;
  if (Object.keys(changes).length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('event_series').set(changes).where('id', '=', seriesId).execute();
      await recordAudit(trx, {
        action: 'event_series.updated',
        actorAccountId: actor.accountId,
        unitId: series.unit_id,
        data: { seriesId, fields: Object.keys(changes) },
      });
    });
  }
  return getSeries(db, actor, seriesId);
}
