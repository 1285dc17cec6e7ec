/**
 * The live gateway of one node: who is connected, which scopes each connection may receive, and
 * the fan-out of events to them.
 *
 * A connection receives `room:<id>` for every room its member can see (the room policy's SQL
 * filter at connect, then kept current in memory), `member:<self>`, and the scopes it subscribed
 * to and was allowed (the scope authorizers). `system` events are for the gateway itself: when
 * members change (roster, roles) their rooms are looked up again and members no longer active
 * are disconnected; when rooms change, the pure room policy is evaluated for every connection.
 *
 * Fan-out serialises an event once and writes it to the entitled sockets in slices, yielding to
 * the event loop between slices so other requests keep flowing; a socket that does not read
 * (its send buffer keeps growing) is closed instead of buffering without bound.
 */
import type { Kysely } from 'kysely';
import { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import {
  canSeeRoom,
  canSubscribe,
  liveEventBounds,
  liveEventsSince,
  loadActor,
  MEMBERS_CHANGED,
  memberScope,
  ROOMS_CHANGED,
  roomScope,
  SCOPES_CHANGED,
  SYSTEM_SCOPE,
  visibleRoomIds,
  type Actor,
  type DB,
  type LiveEvent,
  type PolicyRoom,
} from '@rotes-netz/core';
import { LIVE_CLOSE, type LiveServerMessage } from '@rotes-netz/shared';

/** Sessions checked per query. */
const SLICE = 500;
/**
 * A fan-out writes for at most this long before it yields to the event loop, so other requests
 * keep flowing while a large room is served (5,000 plain sends block the loop for ~50 ms here).
 */
const FAN_OUT_BUDGET_MS = 12;
/** Sockets written between two looks at the clock. */
const FAN_OUT_CHECK_EVERY = 64;
/** A socket with more than this much unsent data is too slow and is closed. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Events replayed at most on reconnect; more means "refetch". */
export const MAX_REPLAY = 1000;
/**
 * The periodic checks (heartbeat, sessions) visit the connections in this many groups, one group
 * per tick, so a node never pings or checks all its sockets at once (5,000 pings in one loop
 * stall the event loop like a broadcast, and the pongs arrive together).
 */
export const PERIODIC_GROUPS = 10;

export interface LiveConnection {
  ws: WebSocket;
  actor: Actor;
  sessionId: number;
  /** Rooms the member can see. */
  rooms: Set<number>;
  /** Explicit scopes (`event:12`). */
  subscriptions: Set<string>;
  /** While the missed events are replayed, live ones wait here (null afterwards). */
  waiting: LiveEvent[] | null;
  /** Answered the last ping. */
  alive: boolean;
  closed: boolean;
  /** Which of the {@link PERIODIC_GROUPS} the periodic checks visit it with. */
  group: number;
}

interface FanOut {
  event: LiveEvent;
}

/** The parts of a `ws` socket the fan-out's fast path reads (not in ws's typings). */
interface SocketInternals {
  _socket?: { write(data: Buffer): boolean };
  _sender?: { _state?: number };
  _extensions?: Record<string, unknown>;
}

/**
 * Writes a text message that was framed once for all sockets. Server frames are not masked, so
 * the same bytes are valid on every socket; `ws.send` would frame (and cork, and write twice) per
 * socket. Only when the socket is open, uncompressed and its sender idle — otherwise `ws.send`.
 */
function writeFramed(ws: WebSocket, frame: Buffer, data: Buffer): void {
  const internals = ws as unknown as SocketInternals;
  if (
    ws.readyState === WebSocket.OPEN &&
    internals._socket &&
    internals._sender?._state === 0 &&
    internals._extensions &&
    Object.keys(internals._extensions).length === 0
  ) {
    internals._socket.write(frame);
  } else {
    ws.send(data, { binary: false });
  }
}

/** ws's frame builder (public in ws, missing from its typings). */
const { Sender } = WebSocket as unknown as {
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
};

function frameText(data: Buffer): Buffer {
  return Buffer.concat(Sender.frame(data, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }));
}

export interface GatewayStats {
  connections: number;
  delivered: number;
  droppedSlow: number;
}

export function encode(message: LiveServerMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export class LiveGateway {
  private readonly byScope = new Map<string, Set<LiveConnection>>();
  private readonly byMember = new Map<number, Set<LiveConnection>>();
  readonly connections = new Set<LiveConnection>();
  /** Rooms whose audience this node has evaluated for every connection (null: gone). */
  private readonly knownRooms = new Map<number, PolicyRoom | null>();
  private readonly queue: FanOut[] = [];
  private draining = false;
  private delivered = 0;
  private boundsInFlight: ReturnType<typeof liveEventBounds> | null = null;
  private droppedSlow = 0;
  /** Work on system events runs one after another, in order. */
  private systemWork: Promise<void> = Promise.resolve();
  private opened = 0;
  private heartbeats = 0;
  private sessionChecks = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: FastifyBaseLogger,
  ) {}

  stats(): GatewayStats {
    return { connections: this.connections.size, delivered: this.delivered, droppedSlow: this.droppedSlow };
  }

  connectionsOf(memberId: number): number {
    return this.byMember.get(memberId)?.size ?? 0;
  }

  // --- connections ----------------------------------------------------------------------------

  /**
   * Registers a connection and brings it up to date: live events start to queue for it, the
   * missed ones after `since` are replayed, then `ready` and the queued ones follow.
   * `since` undefined: a fresh start (nothing to replay).
   */
  async open(ws: WebSocket, actor: Actor, sessionId: number, since: number | undefined, lastId: number) {
    const connection: LiveConnection = {
      ws,
      actor,
      sessionId,
      rooms: new Set(),
      subscriptions: new Set(),
      waiting: [],
      alive: true,
      closed: false,
      group: this.opened++ % PERIODIC_GROUPS,
    };
    this.connections.add(connection);
    this.index(this.byMember, actor.memberId, connection);
    // Everything committed from here on reaches `waiting`; `from` covers what committed while
    // the rooms were read.
    this.join(connection, memberScope(actor.memberId));
    const rooms = await this.roomsOf(actor);
    if (connection.closed) return connection;
    for (const id of rooms) this.joinRoom(connection, id);

    let from = lastId;
    let refetch = false;
    if (since !== undefined && since < lastId) {
      const bounds = await this.eventBounds();
      // Events after `since` were pruned already: the client must start over.
      if (bounds.min > since + 1) refetch = true;
      else from = since;
    } else if (since !== undefined && since > lastId) {
      // Ids this database never gave out (a restored backup): start over.
      refetch = true;
    }
    let replay = await this.replay(connection, from);
    if (replay === 'too_many') {
      // Too much was missed: start over, but keep what committed while this connection opened.
      refetch = true;
      replay = await this.replay(connection, lastId);
    }
    if (connection.closed) return connection;
    // From here on events go straight to the socket, after what is sent now.
    const waiting = connection.waiting ?? [];
    connection.waiting = null;
    if (refetch) this.send(connection, { type: 'refetch' });
    let highest = lastId;
    const sent = new Set<number>();
    if (Array.isArray(replay)) {
      for (const event of replay) {
        this.sendEvent(connection, event);
        sent.add(event.id);
        highest = Math.max(highest, event.id);
      }
    }
    this.send(connection, { type: 'ready', lastEventId: Math.max(highest, ...waiting.map((e) => e.id)) });
    for (const event of waiting) if (!sent.has(event.id)) this.sendEvent(connection, event);
    return connection;
  }

  /**
   * The live log's bounds. Connections opening at the same moment (a reconnect storm after a
   * restart) share one query in flight; a later one asks again, so nothing pruned since is missed.
   */
  private eventBounds(): ReturnType<typeof liveEventBounds> {
    this.boundsInFlight ??= liveEventBounds(this.db).finally(() => {
      this.boundsInFlight = null;
    });
    return this.boundsInFlight;
  }

  private async replay(connection: LiveConnection, from: number): Promise<LiveEvent[] | 'too_many'> {
    const scopes = this.scopesOf(connection);
    const events = await liveEventsSince(this.db, scopes, from, MAX_REPLAY + 1);
    return events.length > MAX_REPLAY ? 'too_many' : events;
  }

  /** Removes a connection from every index (it closed, or is being closed). */
  drop(connection: LiveConnection): void {
    if (connection.closed) return;
    connection.closed = true;
    this.connections.delete(connection);
    this.unindex(this.byMember, connection.actor.memberId, connection);
    this.leave(connection, memberScope(connection.actor.memberId));
    for (const id of connection.rooms) this.leave(connection, roomScope(id));
    for (const scope of connection.subscriptions) this.leave(connection, scope);
  }

  /** Closes a connection with a close code the client understands. */
  close(connection: LiveConnection, code: number, reason: string): void {
    this.drop(connection);
    const { ws } = connection;
    if (ws.readyState >= ws.CLOSING) return;
    ws.close(code, reason);
    // A client that does not answer the close (or keeps flooding) is cut off.
    setTimeout(() => ws.terminate(), 2000).unref();
  }

  /** `subscribe`: allowed scopes are added (and optionally replayed); others look not found. */
  async subscribe(connection: LiveConnection, scope: string, since: number | undefined): Promise<void> {
    if (connection.subscriptions.has(scope)) {
      this.send(connection, { type: 'subscribed', scope });
      return;
    }
    if (!(await canSubscribe(this.db, connection.actor, scope)) || connection.closed) {
      this.send(connection, { type: 'error', code: 'live_scope_not_found', scope });
      return;
    }
    connection.subscriptions.add(scope);
    this.join(connection, scope);
    this.send(connection, { type: 'subscribed', scope });
    if (since === undefined) return;
    const missed = await liveEventsSince(this.db, [scope], since, MAX_REPLAY + 1);
    if (missed.length > MAX_REPLAY) this.send(connection, { type: 'refetch', scope });
    else for (const event of missed) this.sendEvent(connection, event);
  }

  unsubscribe(connection: LiveConnection, scope: string): void {
    if (connection.subscriptions.delete(scope)) this.leave(connection, scope);
    this.send(connection, { type: 'unsubscribed', scope });
  }

  // --- delivery -------------------------------------------------------------------------------

  /** Takes committed events from the bus, in id order. */
  deliver(events: LiveEvent[]): void {
    for (const event of events) {
      if (event.scope === SYSTEM_SCOPE) {
        this.systemWork = this.systemWork
          .then(() => this.onSystemEvent(event))
          .catch((err: unknown) => {
            this.log.error({ err, event: event.type }, 'live: handling a system event failed');
          });
        continue;
      }
      this.queue.push({ event });
    }
    if (!this.draining) void this.drain();
  }

  /** Sends queued events one after another, each to its audience in slices. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const job = this.queue.shift()!;
        // A room first heard of here (new since the connections opened) is evaluated once for all.
        const roomId = job.event.scope.startsWith('room:') ? Number(job.event.scope.slice(5)) : undefined;
        if (roomId !== undefined && !this.knownRooms.has(roomId)) await this.evaluateRooms([roomId]);
        // System work queued before this event (a member who left) is applied before it is sent.
        await this.systemWork;
        const audience = this.byScope.get(job.event.scope);
        if (!audience || audience.size === 0) continue;
        // Serialised and framed once for the whole audience.
        const data = encode({ type: 'event', event: presentEvent(job.event) });
        const frame = frameText(data);
        const targets = [...audience];
        let yieldAt = performance.now() + FAN_OUT_BUDGET_MS;
        for (let i = 0; i < targets.length; i++) {
          if (i % FAN_OUT_CHECK_EVERY === 0 && i > 0 && performance.now() > yieldAt) {
            await new Promise((resolve) => setImmediate(resolve));
            yieldAt = performance.now() + FAN_OUT_BUDGET_MS;
          }
          this.write(targets[i]!, data, job.event, frame);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private write(connection: LiveConnection, data: Buffer, event: LiveEvent, frame?: Buffer): void {
    if (connection.closed) return;
    if (connection.waiting) {
      connection.waiting.push(event);
      return;
    }
    if (connection.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.droppedSlow++;
      this.close(connection, LIVE_CLOSE.tooSlow, 'too slow');
      return;
    }
    if (frame) writeFramed(connection.ws, frame, data);
    else connection.ws.send(data, { binary: false });
    this.delivered++;
  }

  private sendEvent(connection: LiveConnection, event: LiveEvent): void {
    this.write(connection, encode({ type: 'event', event: presentEvent(event) }), event);
  }

  send(connection: LiveConnection, message: LiveServerMessage): void {
    if (!connection.closed) connection.ws.send(encode(message), { binary: false });
  }

  // --- who may receive what -------------------------------------------------------------------

  private async roomsOf(actor: Actor): Promise<number[]> {
    const rows = await visibleRoomIds(this.db, actor).where('vr.archived_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  private async onSystemEvent(event: LiveEvent): Promise<void> {
    const payload = (event.payload ?? {}) as { memberIds?: unknown; roomIds?: unknown };
    const ids = (value: unknown) => (Array.isArray(value) ? value.filter((v) => Number.isSafeInteger(v)) : []);
    if (event.type === MEMBERS_CHANGED) await this.refreshMembers(ids(payload.memberIds) as number[]);
    else if (event.type === ROOMS_CHANGED) await this.evaluateRooms(ids(payload.roomIds) as number[]);
    else if (event.type === SCOPES_CHANGED) {
      const scopes = (payload as { scopes?: unknown }).scopes;
      await this.recheckScopes(Array.isArray(scopes) ? scopes.filter((s) => typeof s === 'string') : []);
    }
  }

  /** Asks the authorizer again for every connection subscribed to these scopes; unsubscribes the refused. */
  async recheckScopes(scopes: string[]): Promise<void> {
    for (const scope of scopes) {
      for (const c of this.connections) {
        if (c.closed || !c.subscriptions.has(scope)) continue;
        if (!(await canSubscribe(this.db, c.actor, scope))) this.unsubscribe(c, scope);
      }
    }
  }

  /** Loads the members' actors and rooms again; disconnects those no longer active. */
  async refreshMembers(memberIds: number[]): Promise<void> {
    for (const memberId of memberIds) {
      const connections = [...(this.byMember.get(memberId) ?? [])];
      if (connections.length === 0) continue;
      const actor = await loadActor(this.db, connections[0]!.actor.accountId);
      if (!actor) {
        for (const c of connections) this.close(c, LIVE_CLOSE.sessionEnded, 'session ended');
        continue;
      }
      const rooms = new Set(await this.roomsOf(actor));
      for (const c of connections) {
        if (c.closed) continue;
        c.actor = actor;
        for (const id of [...c.rooms]) if (!rooms.has(id)) this.leaveRoom(c, id);
        for (const id of rooms) this.joinRoom(c, id);
        for (const scope of [...c.subscriptions]) {
          if (!(await canSubscribe(this.db, actor, scope))) {
            c.subscriptions.delete(scope);
            this.leave(c, scope);
            this.send(c, { type: 'unsubscribed', scope });
          }
        }
      }
    }
  }

  /** Evaluates who of the connected may see these rooms (pure policy, no query per connection). */
  async evaluateRooms(roomIds: number[]): Promise<void> {
    for (const roomId of roomIds) {
      const room = await this.loadPolicyRoom(roomId);
      this.knownRooms.set(roomId, room);
      for (const c of this.connections) {
        if (c.closed) continue;
        const sees = room !== null && canSeeRoom(c.actor, { ...room, invited: room.invitedIds.has(c.actor.memberId) });
        if (sees) this.joinRoom(c, roomId);
        else this.leaveRoom(c, roomId);
      }
    }
  }

  private async loadPolicyRoom(roomId: number): Promise<(PolicyRoom & { invitedIds: Set<number> }) | null> {
    const room = await this.db
      .selectFrom('rooms')
      .select(['id', 'unit_id', 'audience', 'archived_at'])
      .where('id', '=', roomId)
      .executeTakeFirst();
    if (!room || room.archived_at !== null) return null;
    const [ancestors, invites] = await Promise.all([
      this.db
        .selectFrom('unit_closure')
        .select('ancestor_id')
        .where('descendant_id', '=', room.unit_id)
        .where('depth', '>', 0)
        .orderBy('depth', 'desc')
        .execute(),
      room.audience === 'invite'
        ? this.db.selectFrom('room_invites').select('member_id').where('room_id', '=', roomId).execute()
        : Promise.resolve([]),
    ]);
    return {
      id: room.id,
      unitId: room.unit_id,
      audience: room.audience,
      unitAncestorIds: ancestors.map((u) => u.ancestor_id),
      invitedIds: new Set(invites.map((i) => i.member_id)),
    };
  }

  /**
   * Closes connections whose session ended (signed out, expired, revoked), one group per call:
   * call it every check interval ÷ {@link PERIODIC_GROUPS}.
   */
  async checkSessions(): Promise<void> {
    const group = this.sessionChecks++ % PERIODIC_GROUPS;
    const all = [...this.connections].filter((c) => c.group === group);
    const now = Date.now();
    for (let i = 0; i < all.length; i += SLICE) {
      const slice = all.slice(i, i + SLICE);
      const rows = await this.db
        .selectFrom('sessions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .innerJoin('members as m', 'm.id', 'a.member_id')
        .select('s.id')
        .where('s.id', 'in', [...new Set(slice.map((c) => c.sessionId))])
        .where('s.idle_expires_at', '>', now)
        .where('s.absolute_expires_at', '>', now)
        .where('m.status', '=', 'active')
        .execute();
      const live = new Set(rows.map((r) => r.id));
      for (const c of slice) if (!live.has(c.sessionId)) this.close(c, LIVE_CLOSE.sessionEnded, 'session ended');
    }
  }

  /**
   * Pings one group of sockets and terminates those of it that did not answer their previous
   * ping: call it every heartbeat interval ÷ {@link PERIODIC_GROUPS}.
   */
  heartbeat(): void {
    const group = this.heartbeats++ % PERIODIC_GROUPS;
    for (const c of [...this.connections]) {
      if (c.group !== group) continue;
      if (!c.alive) {
        this.drop(c);
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  /** Closes every connection (the node is shutting down: clients reconnect elsewhere). */
  closeAll(): void {
    for (const c of [...this.connections]) this.close(c, LIVE_CLOSE.goingAway, 'server shutting down');
  }

  // --- the indexes ----------------------------------------------------------------------------

  private scopesOf(connection: LiveConnection): string[] {
    return [
      memberScope(connection.actor.memberId),
      ...[...connection.rooms].map(roomScope),
      ...connection.subscriptions,
    ];
  }

  private joinRoom(connection: LiveConnection, roomId: number): void {
    if (connection.rooms.has(roomId)) return;
    connection.rooms.add(roomId);
    this.join(connection, roomScope(roomId));
  }

  private leaveRoom(connection: LiveConnection, roomId: number): void {
    if (!connection.rooms.delete(roomId)) return;
    this.leave(connection, roomScope(roomId));
  }

  private join(connection: LiveConnection, scope: string): void {
    this.index(this.byScope, scope, connection);
  }

  private leave(connection: LiveConnection, scope: string): void {
    this.unindex(this.byScope, scope, connection);
  }

  private index<K>(map: Map<K, Set<LiveConnection>>, key: K, connection: LiveConnection): void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(connection);
  }

  private unindex<K>(map: Map<K, Set<LiveConnection>>, key: K, connection: LiveConnection): void {
    const set = map.get(key);
    if (!set) return;
    set.delete(connection);
    if (set.size === 0) map.delete(key);
  }
}

/** What a client sees of an event (never the creation time or anything internal). */
function presentEvent(event: LiveEvent) {
  return { id: event.id, scope: event.scope, type: event.type, payload: event.payload };
}
