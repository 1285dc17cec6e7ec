/** Row types of the events tables (migration 0004_events); merged into `DB` in db/schema.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the events module
export interface EventsDB {}
