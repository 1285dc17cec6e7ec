/**
 * API schemas of event series (e.g. the dialogue tour: several conferences under one title) and
 * of the calendar's filter choices. Events themselves: `./events.ts`.
 */
import Type, { type Static } from 'typebox';
import { EventSummary, EventUnitRef } from './events.ts';

const strict = { additionalProperties: false } as const;
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** `GET /event-series/:id`: a series with the events of it the viewer may see, by start. */
export const EventSeries = Type.Object(
  {
    id: Id,
    unit: EventUnitRef,
    title: Type.String(),
    description: Type.String(),
    events: Type.Array(EventSummary),
    /** `manage`: the viewer organises events of the series' unit (edit the series, add events to it). */
    abilities: Type.Object({ manage: Type.Boolean() }, strict),
  },
  strict,
);
export type EventSeries = Static<typeof EventSeries>;

const seriesFields = {
  title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
};

/** `POST /units/:id/event-series`. */
export const CreateSeriesBody = Type.Object(seriesFields, strict);
export type CreateSeriesBody = Static<typeof CreateSeriesBody>;

/** `PATCH /event-series/:id`: title and/or description. */
export const UpdateSeriesBody = Type.Partial(Type.Object(seriesFields, strict), { ...strict, minProperties: 1 });
export type UpdateSeriesBody = Static<typeof UpdateSeriesBody>;

/** A series in the organisers' list of a unit (the event form's choice). */
export const EventSeriesItem = Type.Object(
  { id: Id, title: Type.String(), description: Type.String(), eventCount: Type.Integer({ minimum: 0 }) },
  strict,
);
export type EventSeriesItem = Static<typeof EventSeriesItem>;

/** `GET /units/:id/event-series` (organisers of the unit): its series, by title. */
export const EventSeriesList = Type.Object({ items: Type.Array(EventSeriesItem) }, strict);
export type EventSeriesList = Static<typeof EventSeriesList>;

/**
 * `GET /events/filters`: what the calendar's filters offer — the units that organise upcoming
 * events the viewer may see (by name), and the topics of those events (alphabetical). Built only
 * from events the viewer may see, so a filter never reveals an event outside their audience.
 */
export const EventFilters = Type.Object({ units: Type.Array(EventUnitRef), topics: Type.Array(Type.String()) }, strict);
export type EventFilters = Static<typeof EventFilters>;
