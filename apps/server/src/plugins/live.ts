/**
 * The live gateway: WebSocket at `GET /api/v1/live`, and the event bus (in-process, or across
 * nodes over Redis pub/sub when a Redis client is given).
 *
 * The upgrade is refused (plain HTTP problem, before any WebSocket exists) for a foreign
 * `Origin`, without a live session (a session waiting for its second factor is none), and for a
 * member who already holds too many sockets. An open socket accepts small JSON messages at a
 * limited rate; flooding it or sending an oversized frame closes it. Protocol and close codes:
 * `packages/shared/src/schemas/live.ts`.
 */
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { WebSocket } from 'ws';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { DomainError, NotFoundError, pruneLiveEvents, UnauthenticatedError, type Actor } from '@rotes-netz/core';
import { LIVE_CLOSE, LiveClientMessage } from '@rotes-netz/shared';
import { LiveBus } from '../live/bus.ts';

/** The only path that accepts a WebSocket upgrade. */
const LIVE_PATH = '/api/v1/live';
import { LiveGateway, PERIODIC_GROUPS, type LiveConnection } from '../live/gateway.ts';

export interface LiveOptions {
  redis?: Redis | undefined;
  /** How often open sockets' sessions are checked (ms; sign-out and expiry close them). */
  sessionCheckMs?: number;
  /** How often sockets are pinged; one missed answer closes them (ms). */
  heartbeatMs?: number;
  /** How often the event table is swept for events no publisher announced (ms). */
  sweepMs?: number;
}

/** Largest message a client may send, in bytes (ours are well under 200). */
export const LIVE_MAX_PAYLOAD = 4096;
/** Messages a client may send: a burst of this many, refilled at {@link MESSAGES_PER_SECOND}. */
const MESSAGE_BURST = 30;
const MESSAGES_PER_SECOND = 5;

const LiveQuery = Type.Object(
  { since: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })) },
  { additionalProperties: false },
);
const checkMessage = Compile(LiveClientMessage);

declare module 'fastify' {
  interface FastifyInstance {
    /** The live gateway of this node (connections, fan-out). */
    liveGateway: LiveGateway;
    liveBus: LiveBus;
    /**
     * Before a graceful stop: closes every socket with 1001 (clients reconnect, through the proxy
     * to another node, and catch up from their last event id) and refuses new ones. The bus keeps
     * publishing what requests still in flight write.
     */
    liveDrain(): void;
  }
  interface FastifyRequest {
    liveAuth: { actor: Actor; sessionId: number } | undefined;
  }
}

export const live = fp(
  async (app: FastifyInstance, options: LiveOptions) => {
    const { database, config } = app.ctx;
    const publicOrigin = new URL(config.publicUrl).origin;
    const gateway = new LiveGateway(database.db, app.log);
    const bus = new LiveBus({
      db: database.db,
      deliver: (events) => gateway.deliver(events),
      redis: options.redis,
      // Nodes of one instance share the channel; other instances on the same Redis never hear it.
      channel: `${config.redisPrefix}live`,
      log: app.log,
      sweepMs: options.sweepMs,
    });
    app.decorate('liveGateway', gateway);
    app.decorate('liveBus', bus);
    app.decorateRequest('liveAuth', undefined);

    const timers: NodeJS.Timeout[] = [];
    let stopping = false;
    let draining = false;
    app.decorate('liveDrain', () => {
      draining = true;
      gateway.closeAll();
    });
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      for (const timer of timers) clearInterval(timer);
      gateway.closeAll();
      await bus.stop();
    };

    await app.register(websocket, {
      options: { maxPayload: LIVE_MAX_PAYLOAD, perMessageDeflate: false, clientTracking: false },
      preClose: (done) => {
        void stop().then(() => done(), done);
      },
      errorHandler: (error, socket) => {
        app.log.debug({ err: error }, 'live: socket error');
        socket.terminate();
      },
    });

    // An upgrade to a path without a socket route is answered 404 as plain HTTP, like any unknown
    // path, instead of being upgraded and then closed (which tells a prober the path exists).
    app.addHook('onRequest', async (request) => {
      if (request.ws && request.routeOptions.url !== LIVE_PATH) throw new NotFoundError('socket route');
    });

    app.addHook('onReady', async () => {
      await bus.start();
      const every = (ms: number, run: () => unknown) => {
        const timer = setInterval(() => {
          Promise.resolve(run()).catch((err: unknown) => app.log.warn({ err }, 'live: periodic task failed'));
        }, ms);
        timer.unref();
        timers.push(timer);
      };
      // Each tick serves one group of connections: every connection once per interval.
      every((options.sessionCheckMs ?? 5000) / PERIODIC_GROUPS, () => gateway.checkSessions());
      every((options.heartbeatMs ?? 30_000) / PERIODIC_GROUPS, () => gateway.heartbeat());
      // Every node prunes; deleting what is already gone costs one indexed read.
      every(10 * 60_000, () => pruneLiveEvents(database.db, Date.now() - config.liveRetentionHours * 3_600_000));
    });
    app.addHook('onClose', stop);

    /** Origin, session and the per-member cap, checked before the upgrade. */
    async function admit(request: FastifyRequest) {
      const origin = request.headers.origin;
      // Browsers always send Origin on a WebSocket; other clients cannot carry a victim's cookie.
      if (origin !== undefined && origin !== publicOrigin) throw new DomainError('live_origin_refused');
      const session = await app.sessionOf(request);
      const actor = session && (await app.actorOf(request));
      if (!session || !actor) throw new UnauthenticatedError();
      if (gateway.connectionsOf(actor.memberId) >= config.liveMaxConnectionsPerMember) {
        throw new DomainError('live_too_many_connections');
      }
      request.liveAuth = { actor, sessionId: session.id };
    }

    app.route({
      method: 'GET',
      url: LIVE_PATH,
      schema: { hide: true, querystring: LiveQuery },
      preValidation: admit,
      handler: async () => {
        throw new DomainError('live_upgrade_required');
      },
      wsHandler: (socket: WebSocket, request: FastifyRequest) => {
        const { actor, sessionId } = request.liveAuth!;
        const { since } = request.query as { since?: number };
        if (stopping || draining) {
          socket.close(LIVE_CLOSE.goingAway, 'server shutting down');
          return;
        }
        let tokens = MESSAGE_BURST;
        let refilledAt = Date.now();
        const opened = gateway.open(socket, actor, sessionId, since, bus.lastId);
        let connection: LiveConnection | undefined;
        let handling: Promise<void> = Promise.resolve();

        socket.on('pong', () => {
          if (connection) connection.alive = true;
        });
        socket.on('close', () => {
          if (connection) gateway.drop(connection);
          else void opened.then((c) => gateway.drop(c));
        });
        socket.on('message', (data: Buffer, isBinary: boolean) => {
          const now = Date.now();
          tokens = Math.min(MESSAGE_BURST, tokens + ((now - refilledAt) / 1000) * MESSAGES_PER_SECOND);
          refilledAt = now;
          if (tokens < 1) {
            void opened.then((c) => gateway.close(c, LIVE_CLOSE.policyViolation, 'too many messages'));
            return;
          }
          tokens -= 1;
          // One message after the other, so answers come in the order of the questions.
          handling = handling
            .then(() => opened)
            .then((c) => handle(c, data, isBinary))
            .catch((err: unknown) => app.log.warn({ err }, 'live: handling a message failed'));
        });
        opened.then(
          (c) => (connection = c),
          (err: unknown) => {
            app.log.error({ err }, 'live: opening a connection failed');
            socket.close(LIVE_CLOSE.goingAway, 'try again');
          },
        );
      },
    });

    async function handle(connection: LiveConnection, data: Buffer, isBinary: boolean): Promise<void> {
      if (connection.closed) return;
      let message: unknown;
      try {
        message = isBinary ? undefined : JSON.parse(data.toString('utf8'));
      } catch {
        message = undefined;
      }
      if (!checkMessage.Check(message)) {
        gateway.send(connection, { type: 'error', code: 'live_bad_message' });
        return;
      }
      connection.alive = true;
      switch (message.type) {
        case 'ping':
          gateway.send(connection, { type: 'pong' });
          return;
        case 'subscribe':
          await gateway.subscribe(connection, message.scope, message.since);
          return;
        case 'unsubscribe':
          gateway.unsubscribe(connection, message.scope);
          return;
      }
    }
  },
  { name: 'live', dependencies: ['auth'] },
);
