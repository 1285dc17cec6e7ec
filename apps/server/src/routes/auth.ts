import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Me, SignInBody } from '@rotes-netz/shared';
import { endSession, loadActor, presentMe, signIn, UnauthenticatedError } from '@rotes-netz/core';
import { sessionPolicy } from '../session-policy.ts';

const problem = Type.Ref('Problem');

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description: 'Starts a new session (a fresh token every time) and sets the session cookie.',
        body: SignInBody,
        response: { 200: Me, 401: problem, 422: problem, 429: problem },
      },
      config: { rateLimit: { max: app.ctx.config.signInLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { db } = app.ctx.database;
      const { token, accountId } = await signIn(db, sessionPolicy(app.ctx.config), {
        email: request.body.email,
        password: request.body.password,
        userAgent: request.headers['user-agent'] ?? null,
      });
      const previous = app.sessionCookie.read(request);
      if (previous) await endSession(db, previous);
      app.sessionCookie.set(reply, token);
      const actor = await loadActor(db, accountId);
      if (!actor) throw new UnauthenticatedError();
      return presentMe(actor);
    },
  );

  app.post(
    '/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const token = app.sessionCookie.read(request);
      if (token) await endSession(app.ctx.database.db, token);
      app.sessionCookie.clear(reply);
      return reply.status(204).send(null);
    },
  );
};
