/**
 * Who may receive which scope, beyond what the gateway knows by itself (rooms the member can see,
 * `member:<self>`): modules register an authorizer for their prefix (`event` for `event:<id>`), and
 * a client's `subscribe` is granted only when it answers true. Unknown prefixes are refused, so a
 * scope nobody vouches for is never delivered.
 *
 * Also here: the `system` events that make gateways look at connections again.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { recordLiveEvent } from './live.events.ts';

export type ScopeAuthorizer = (db: Kysely<DB>, actor: Actor, id: number) => Promise<boolean>;

const authorizers = new Map<string, ScopeAuthorizer>();

/**
 * Registers who may subscribe to `<prefix>:<id>`, e.g.
 * `registerScopeAuthorizer('event', (db, actor, id) => canSeeEventById(db, actor, id))`.
 * `room` and `member` are the gateway's own and cannot be registered.
 */
export function registerScopeAuthorizer(prefix: string, authorize: ScopeAuthorizer): void {
  if (!/^[a-z]+$/.test(prefix) || prefix === 'room' || prefix === 'member' || prefix === 'system') {
    throw new Error(`cannot register a live scope authorizer for "${prefix}"`);
  }
  authorizers.set(prefix, authorize);
}

/** Splits `event:12` into its prefix and id; undefined for anything else. */
export function parseScope(scope: string): { prefix: string; id: number } | undefined {
  const match = /^([a-z]+):([0-9]{1,15})$/.exec(scope);
  if (!match) return undefined;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) && id > 0 ? { prefix: match[1]!, id } : undefined;
}

/**
 * Whether the actor may subscribe to an explicit scope. False for unknown prefixes, malformed
 * scopes and whatever the registered authorizer refuses (the client sees "not found" either way).
 */
export async function canSubscribe(db: Kysely<DB>, actor: Actor, scope: string): Promise<boolean> {
  const parsed = parseScope(scope);
  const authorize = parsed && authorizers.get(parsed.prefix);
  if (!parsed || !authorize) return false;
  return authorize(db, actor, parsed.id);
}

/** The scope of events only gateways read (they are never sent to clients). */
export const SYSTEM_SCOPE = 'system';
/** Payload `{ memberIds }`: their actors, rooms and sessions must be looked at again. */
export const MEMBERS_CHANGED = 'members.changed';
/** Payload `{ roomIds }`: who can see these rooms changed (audience, invites, archived). */
export const ROOMS_CHANGED = 'rooms.changed';

/** Payload `{ scopes }`: who may subscribe to these scopes changed (an event's audience). */
export const SCOPES_CHANGED = 'scopes.changed';

/** Ids per system event; a roster moving thousands of members writes several small events. */
const IDS_PER_EVENT = 1000;

async function recordInChunks(db: Kysely<DB>, type: string, key: string, ids: Iterable<number>): Promise<void> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  for (let i = 0; i < unique.length; i += IDS_PER_EVENT) {
    await recordLiveEvent(db, SYSTEM_SCOPE, type, { [key]: unique.slice(i, i + IDS_PER_EVENT) });
  }
}

/**
 * Tells every gateway that these members' units, roles or status changed: their connections get
 * their rooms again, and a member who is no longer active is disconnected. Call it in the
 * transaction of the change (inside `inTransaction`).
 */
export function recordMembersChanged(db: Kysely<DB>, memberIds: Iterable<number>): Promise<void> {
  return recordInChunks(db, MEMBERS_CHANGED, 'memberIds', memberIds);
}

/** Tells every gateway that who can see these rooms changed (audience, invites, archiving). */
export function recordRoomsChanged(db: Kysely<DB>, roomIds: Iterable<number>): Promise<void> {
  return recordInChunks(db, ROOMS_CHANGED, 'roomIds', roomIds);
}

/**
 * Tells every gateway that who may subscribe to these scopes changed: each connection subscribed
 * to one is asked the scope's authorizer again and unsubscribed when it no longer may.
 */
export async function recordScopesChanged(db: Kysely<DB>, scopes: string[]): Promise<void> {
  await recordLiveEvent(db, SYSTEM_SCOPE, SCOPES_CHANGED, { scopes });
}
