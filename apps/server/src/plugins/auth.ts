/**
 * Resolves the session cookie to an actor, once per request and only when a route asks.
 * The cookie is `__Host-` prefixed, HttpOnly, SameSite=Lax and Secure whenever the public URL is
 * https; on plain http (local development) the prefix is dropped, as browsers require.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { Kysely } from 'kysely';
import {
  loadActor,
  resumeSession,
  UnauthenticatedError,
  type Actor,
  type DB,
  type SessionPolicy,
} from '@rotes-netz/core';

export interface AuthOptions {
  db: Kysely<DB>;
  publicUrl: string;
  sessionPolicy: SessionPolicy;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in actor, or undefined. Resolved lazily by {@link FastifyInstance.actorOf}. */
    actorPromise: Promise<Actor | undefined> | undefined;
  }
  interface FastifyInstance {
    sessionCookie: {
      name: string;
      set(reply: FastifyReply, token: string): void;
      clear(reply: FastifyReply): void;
      read(request: FastifyRequest): string | undefined;
    };
    /** The signed-in actor of a request, or undefined. */
    actorOf(request: FastifyRequest): Promise<Actor | undefined>;
    /** The signed-in actor of a request; throws 401 when there is none. */
    requireActor(request: FastifyRequest): Promise<Actor>;
  }
}

export const auth = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    const secure = new URL(options.publicUrl).protocol === 'https:';
    const name = secure ? '__Host-rn_session' : 'rn_session';
    await app.register(cookie);

    app.decorate('sessionCookie', {
      name,
      set(reply: FastifyReply, token: string) {
        void reply.setCookie(name, token, {
          path: '/',
          httpOnly: true,
          secure,
          sameSite: 'lax',
          maxAge: Math.floor(options.sessionPolicy.absoluteMs / 1000),
        });
      },
      clear(reply: FastifyReply) {
        void reply.clearCookie(name, { path: '/', httpOnly: true, secure, sameSite: 'lax' });
      },
      read(request: FastifyRequest) {
        return request.cookies[name];
      },
    });

    app.decorateRequest('actorPromise', undefined);

    app.decorate('actorOf', (request: FastifyRequest) => {
      request.actorPromise ??= (async () => {
        const token = request.cookies[name];
        if (!token) return undefined;
        const session = await resumeSession(options.db, token, options.sessionPolicy);
        return session ? loadActor(options.db, session.accountId) : undefined;
      })();
      return request.actorPromise;
    });

    app.decorate('requireActor', async (request: FastifyRequest) => {
      const actor = await app.actorOf(request);
      if (!actor) throw new UnauthenticatedError();
      return actor;
    });
  },
  { name: 'auth' },
);
