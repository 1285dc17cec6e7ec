/**
 * The live socket protocol (`GET /api/v1/live?since=<lastEventId>`, JSON text frames). The server
 * subscribes every connection to the rooms its member can see and to `member:<self>`; further
 * scopes (`event:<id>`) are asked for with `subscribe`. Events carry ids and small data only; the
 * client refetches what it shows.
 */
import Type, { type Static } from 'typebox';

const strict = { additionalProperties: false } as const;

/** A scope beyond the automatic ones, e.g. `event:12`. */
export const LiveScope = Type.String({ pattern: '^[a-z]+:[0-9]{1,15}$', maxLength: 40 });

/** One live event as the client receives it. */
export const LiveEventMessage = Type.Object(
  {
    id: Type.Integer({ description: 'Increasing id; pass the highest one seen as `since` when reconnecting' }),
    scope: Type.String({ description: '`room:<id>`, `member:<id>` or `event:<id>`' }),
    type: Type.String({ description: 'What happened, e.g. `post.created`' }),
    payload: Type.Unknown({ description: 'Ids and small data; refetch the rest' }),
  },
  strict,
);
export type LiveEventMessage = Static<typeof LiveEventMessage>;

/** What the client may send. */
export const LiveClientMessage = Type.Union([
  Type.Object(
    {
      type: Type.Literal('subscribe'),
      scope: LiveScope,
      /** Replay this scope's events after this id (for a resubscription after reconnecting). */
      since: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    strict,
  ),
  Type.Object({ type: Type.Literal('unsubscribe'), scope: LiveScope }, strict),
  Type.Object({ type: Type.Literal('ping') }, strict),
]);
export type LiveClientMessage = Static<typeof LiveClientMessage>;

/** What the server sends. */
export const LiveServerMessage = Type.Union([
  /** Sent once the missed events (if any) have been replayed; live events follow. */
  Type.Object({ type: Type.Literal('ready'), lastEventId: Type.Integer() }, strict),
  Type.Object({ type: Type.Literal('event'), event: LiveEventMessage }, strict),
  /** The missed events cannot be replayed (too many or too old): refetch everything shown. */
  Type.Object({ type: Type.Literal('refetch'), scope: Type.Optional(Type.String()) }, strict),
  Type.Object({ type: Type.Literal('subscribed'), scope: Type.String() }, strict),
  Type.Object({ type: Type.Literal('unsubscribed'), scope: Type.String() }, strict),
  Type.Object({ type: Type.Literal('pong') }, strict),
  /** A message the server could not act on; the connection stays open. */
  Type.Object(
    {
      type: Type.Literal('error'),
      code: Type.Union([Type.Literal('live_bad_message'), Type.Literal('live_scope_not_found')]),
      scope: Type.Optional(Type.String()),
    },
    strict,
  ),
]);
export type LiveServerMessage = Static<typeof LiveServerMessage>;

/**
 * Close codes of the live socket. 1000/1001 are normal (server shutting down: reconnect);
 * 1008 and 1009 mean the client broke the rules (flooding, oversized frame); 4401 means the
 * session is gone (sign in again); 4408 means the client read too slowly (reconnect with `since`).
 */
export const LIVE_CLOSE = {
  goingAway: 1001,
  policyViolation: 1008,
  tooBig: 1009,
  sessionEnded: 4401,
  tooSlow: 4408,
} as const;
