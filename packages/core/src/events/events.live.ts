/**
 * Live delivery of `event:<id>` scopes: a client may subscribe to an event's live events (questions,
 * registrations) exactly when it may see the event. Registered when the events module loads.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { registerScopeAuthorizer } from '../live/live.scopes.ts';
import { canSeeEvent } from './events.policy.ts';
import { loadEvent } from './events.repository.ts';
import { policyOf } from './events.service.ts';

/** Whether the actor may see the event with this id (false for missing ids). */
export async function canSeeEventById(db: Kysely<DB>, actor: Actor, eventId: number): Promise<boolean> {
  const record = await loadEvent(db, eventId);
  return record !== undefined && canSeeEvent(actor, policyOf(record));
}

registerScopeAuthorizer('event', canSeeEventById);
