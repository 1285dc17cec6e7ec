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
  type ActiveSession,
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
    /** The live session, or undefined. Resolved lazily by {@link FastifyInstance.sessionOf}. */
    sessionPromise: Promise<ActiveSession | undefined> | undefined;
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
    /** The live session of a request (one indexed read), or undefined. */
    sessionOf(request: FastifyRequest): Promise<ActiveSession | undefined>;
    /** The live session of a request; throws 401 when there is none. For routes open to every member. */
    requireSession(request: FastifyRequest): Promise<ActiveSession>;
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

    app.decorateRequest('sessionPromise', undefined);
    app.decorateRequest('actorPromise', undefined);

    app.decorate('sessionOf', (request: FastifyRequest) => {
      const token = request.cookies[name];
      request.sessionPromise ??= token
        ? resumeSession(options.db, token, options.sessionPolicy)
        : Promise.resolve(undefined);
      return request.sessionPromise;
    });

    app.decorate('requireSession', async (request: FastifyRequest) => {
      const session = await app.sessionOf(request);
      if (!session) throw new UnauthenticatedError();
      return session;
    });

    app.decorate('actorOf', (request: FastifyRequest) => {
      request.actorPromise ??= app
        .sessionOf(request)
        .then((session) => (session ? loadActor(options.db, session.accountId) : undefined));
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
