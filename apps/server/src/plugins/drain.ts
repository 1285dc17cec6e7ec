/**
 * A graceful stop for one of several app nodes behind a proxy (`app.drain()`, called on SIGTERM
 * before `app.close()`): the node stops accepting connections, tells its live sockets to reconnect
 * (they reach another node through the proxy and catch up from their last event id), answers the
 * requests still in flight, and closes each remaining connection after its next answer.
 *
 * It deliberately does not cut idle keep-alive connections at once (Node's `server.close()` would):
 * the proxy may be sending a request on one at that very moment, and nginx does not retry a POST
 * on another node once it was sent, so the member would see a 502. The proxy closes idle
 * connections itself after its upstream `keepalive_timeout`, which must be shorter than the drain
 * time (`SHUTDOWN_DRAIN_SECONDS`); whatever is left after that is closed by `app.close()`.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Stops taking connections and waits (at most `graceMs`) until the open ones have ended. */
    drain(graceMs: number): Promise<void>;
  }
}

const openConnections = (server: net.Server) =>
  new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));

export const drain = fp(
  async (app: FastifyInstance) => {
    let draining = false;
    app.addHook('onRequest', async (_request, reply) => {
      // Node closes the connection after this answer; the proxy opens its next one elsewhere.
      if (draining) reply.header('connection', 'close');
    });
    app.decorate('drain', async (graceMs: number) => {
      if (draining) return;
      draining = true;
      // net's close, not http's: stop listening without closing idle keep-alive connections.
      if (app.server.listening) net.Server.prototype.close.call(app.server);
      app.liveDrain();
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && (await openConnections(app.server)) > 0) await sleep(50);
    });
  },
  { name: 'drain', dependencies: ['live'] },
);
