/**
 * Resolves the session cookie to an actor, once per request and only when a route asks.
 * The cookie is `__Host-` prefixed, HttpOnly, SameSite=Lax and Secure whenever the public URL is
 * https; on plain http (local development) the prefix is dropped, as browsers require.
 *
 * A session still waiting for its second factor counts as no session at all, except through
 * {@link FastifyInstance.pendingSessionOf} for the second-factor step. When the instance requires
 * a second factor of functionaries, a functionary without one reaches only the sign-in and
 * security routes until they set one up.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { Kysely } from 'kysely';
import {
  DomainError,
  loadActor,
  resumeSession,
  secondFactorsOf,
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
  interface FastifyContextConfig {
    /** `false`: reading the session does not slide its idle expiry (a status poll must not keep it alive). */
    touchSession?: boolean;
  }
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
    /** The session of a request that still waits for its second factor, or undefined. */
    pendingSessionOf(request: FastifyRequest): Promise<ActiveSession | undefined>;
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
      const touch = request.routeOptions.config.touchSession !== false;
      request.sessionPromise ??= token
        ? resumeSession(options.db, token, options.sessionPolicy, { touch })
        : Promise.resolve(undefined);
      return request.sessionPromise;
    });

    app.decorate('pendingSessionOf', async (request: FastifyRequest) => {
      const token = request.cookies[name];
      if (!token) return undefined;
      const session = await resumeSession(options.db, token, options.sessionPolicy, { allowPending: true });
      return session?.secondFactorPending ? session : undefined;
    });

    app.decorate('requireSession', async (request: FastifyRequest) => {
      const session = await app.sessionOf(request);
      if (!session) throw new UnauthenticatedError();
      return session;
    });

    app.decorate('actorOf', (request: FastifyRequest) => {
      request.actorPromise ??= app
        .sessionOf(request)
        .then((session) => (session ? loadActor(options.db, session.accountId, session.account) : undefined));
      return request.actorPromise;
    });

    app.decorate('requireActor', async (request: FastifyRequest) => {
      const actor = await app.actorOf(request);
      if (!actor) throw new UnauthenticatedError();
      return actor;
    });

    app.addHook('preHandler', async (request) => {
      if (!app.ctx.config.requireSecondFactorForFunctionaries || !request.url.startsWith('/api/')) return;
      if (SETUP_ALLOWED.test(request.routeOptions.url ?? '')) return;
      const actor = await app.actorOf(request);
      if (!actor || !actor.roles.some((r) => FUNCTIONARY_ROLES.has(r.role))) return;
      if ((await secondFactorsOf(options.db, actor.accountId)).length === 0) {
        throw new DomainError('second_factor_setup_required');
      }
    });
  },
  { name: 'auth' },
);

/** Roles with access to other members' data; they may be required to use a second factor. */
export const FUNCTIONARY_ROLES: ReadonlySet<string> = new Set(['chair', 'deputy_chair', 'rz_staff', 'lv_admin']);

/** What a functionary without a second factor may still reach: who they are, signing in and out, setting one up. */
const SETUP_ALLOWED = /^\/api\/v1\/(me|session|instance|auth\/.*|me\/sessions.*|me\/security.*)$/;
