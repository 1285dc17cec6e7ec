/**
 * Signing in and out, and the session's own clock. The second step (a factor after the password)
 * and password-less passkey sign-in are in `second-factor.ts`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ReauthenticateBody, SessionStatus, SignInBody, SignInResult } from '@rotes-netz/shared';
import {
  AccountThrottledError,
  endSession,
  extendSession,
  ipPrefix,
  isoFromMs,
  reauthenticate,
  recordAudit,
  signIn,
} from '@rotes-netz/core';
import { sessionPolicy } from '../session-policy.ts';
import { deviceCookie, factorChange, finishSignIn, secretKeyOf } from '../security-context.ts';
import { secondFactorRoutes } from './second-factor.ts';

const problem = Type.Ref('Problem');

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description:
          'Starts a new session (a fresh token every time; a session cookie sent along is ended) and sets the session cookie. ' +
          'When the member has a second factor the answer is `second_factor_required` and the session grants nothing ' +
          'until the factor is proved at /auth/second-factor/*. After 5 wrong passwords in 15 minutes an account takes ' +
          'no passwords for a while (429 with Retry-After), except from a browser it signed in with before.',
        body: SignInBody,
        response: { 200: SignInResult, 401: problem, 422: problem, 429: problem },
      },
      config: { rateLimit: { max: app.ctx.config.signInLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { db } = app.ctx.database;
      let result;
      try {
        result = await signIn(db, sessionPolicy(app.ctx.config), {
          email: request.body.email,
          password: request.body.password,
          userAgent: request.headers['user-agent'] ?? null,
          ipPrefix: ipPrefix(request.ip),
          deviceToken: deviceCookie.read(app.ctx.config, request),
        });
      } catch (error) {
        if (error instanceof AccountThrottledError) void reply.header('Retry-After', String(error.retryAfterSeconds));
        throw error;
      }
      // Whatever session the browser brought (perhaps one planted by someone else) ends here.
      const previous = app.sessionCookie.read(request);
      if (previous) await endSession(db, previous);
      if (result.secondFactor.length > 0) {
        app.sessionCookie.set(reply, result.token);
        return { status: 'second_factor_required' as const, methods: result.secondFactor };
      }
      return finishSignIn(app, request, reply, result.token, result.accountId);
    },
  );

  app.post(
    '/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const token = app.sessionCookie.read(request);
      const session = await app.sessionOf(request);
      if (token) await endSession(app.ctx.database.db, token);
      if (session) {
        await recordAudit(app.ctx.database.db, {
          action: 'auth.signed_out',
          actorAccountId: session.accountId,
          ipPrefix: ipPrefix(request.ip),
        });
      }
      app.sessionCookie.clear(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: "This session's expiry",
        description: 'When the session ends without activity, and at the latest. Reading it does not extend it.',
        security: [{ session: [] }],
        response: { 200: SessionStatus, 401: problem },
      },
      config: { touchSession: false },
    },
    async (request) => {
      const session = await app.requireSession(request);
      return {
        idleExpiresAt: isoFromMs(session.idleExpiresAt),
        absoluteExpiresAt: isoFromMs(session.absoluteExpiresAt),
      };
    },
  );

  app.post(
    '/auth/session/extend',
    {
      schema: {
        tags: ['auth'],
        summary: 'Stay signed in',
        description: 'Slides the idle expiry from now (never past the absolute one).',
        security: [{ session: [] }],
        response: { 200: SessionStatus, 401: problem },
      },
      config: { touchSession: false },
    },
    async (request) => {
      const session = await app.requireSession(request);
      const next = await extendSession(app.ctx.database.db, session, sessionPolicy(app.ctx.config));
      return { idleExpiresAt: isoFromMs(next.idleExpiresAt), absoluteExpiresAt: isoFromMs(next.absoluteExpiresAt) };
    },
  );

  app.post(
    '/auth/reauthenticate',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm the password again',
        description:
          'Confirms the password (or a current TOTP code) in this session; for ten minutes afterwards the member may change factors.',
        security: [{ session: [] }],
        body: ReauthenticateBody,
        response: { 204: Type.Null(), 401: problem, 403: problem, 422: problem, 429: problem },
      },
      config: { rateLimit: { max: app.ctx.config.signInLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const session = await app.requireSession(request);
      const actor = await app.requireActor(request);
      await reauthenticate(
        app.ctx.database.db,
        secretKeyOf(app.ctx.config),
        session,
        factorChange(app, request, actor),
        {
          password: request.body.password,
          code: request.body.code,
        },
      );
      return reply.status(204).send(null);
    },
  );

  await app.register(secondFactorRoutes);
};
