/**
 * The second step of signing in (TOTP, recovery code or passkey after the password) and the
 * password-less sign-in with a passkey. Each success replaces the session by a fresh one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { CodeBody, Me, PasskeyAssertion, WebAuthnOptions } from '@rotes-netz/shared';
import {
  AccountThrottledError,
  checkSecondFactorCode,
  completeSignIn,
  DomainError,
  endSession,
  ipPrefix,
  passkeyAuthenticationOptions,
  signInWithPasskey,
  verifyPasskey,
  type ActiveSession,
  type AuthenticationResponseJSON,
} from '@rotes-netz/core';
import { sessionPolicy } from '../session-policy.ts';
import { challengeCookie, factorChange, finishSignIn, relyingParty, secretKeyOf } from '../security-context.ts';

const problem = Type.Ref('Problem');

/** The session waiting for its second factor; without one, the step is out of place. */
async function pendingSession(app: FastifyInstance, request: FastifyRequest): Promise<ActiveSession> {
  const session = await app.pendingSessionOf(request);
  if (!session) throw new DomainError('unauthenticated', 'no session waiting for a second factor');
  return session;
}

async function memberIdOf(app: FastifyInstance, accountId: number): Promise<number> {
  const row = await app.ctx.database.db
    .selectFrom('accounts')
    .select('member_id')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.member_id;
}

export const secondFactorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limit = { rateLimit: { max: app.ctx.config.signInLimitPerMinute, timeWindow: 60_000 } };
  const policy = () => sessionPolicy(app.ctx.config);
  const client = (request: FastifyRequest) => ({
    userAgent: request.headers['user-agent'] ?? null,
    ipPrefix: ipPrefix(request.ip),
  });

  for (const method of ['totp', 'recovery'] as const) {
    app.post(
      `/auth/second-factor/${method}`,
      {
        schema: {
          tags: ['auth'],
          summary:
            method === 'totp' ? 'Second step: a code from the authenticator app' : 'Second step: a recovery code',
          description:
            method === 'totp'
              ? 'Each code is accepted once. Success replaces the waiting session by a new one.'
              : 'Each recovery code works once; using one is audited and mailed to the member.',
          body: CodeBody,
          response: { 200: Me, 401: problem, 422: problem, 429: problem },
        },
        config: limit,
      },
      async (request, reply) => {
        const pending = await pendingSession(app, request);
        const who = { accountId: pending.accountId, memberId: await memberIdOf(app, pending.accountId) };
        try {
          await checkSecondFactorCode(
            app.ctx.database.db,
            secretKeyOf(app.ctx.config),
            factorChange(app, request, who),
            method,
            request.body.code,
          );
        } catch (error) {
          if (error instanceof AccountThrottledError) void reply.header('Retry-After', String(error.retryAfterSeconds));
          throw error;
        }
        app.ctx.worker?.nudge();
        const token = await completeSignIn(app.ctx.database.db, policy(), { pending, method, ...client(request) });
        return finishSignIn(app, request, reply, token, pending.accountId);
      },
    );
  }

  app.post(
    '/auth/second-factor/passkey/options',
    {
      schema: {
        tags: ['auth'],
        summary: 'Second step with a passkey: the challenge',
        response: { 200: WebAuthnOptions, 401: problem },
      },
      config: limit,
    },
    async (request, reply) => {
      const pending = await pendingSession(app, request);
      const options = await passkeyAuthenticationOptions(
        app.ctx.database.db,
        relyingParty(app.ctx.config),
        pending.accountId,
      );
      await challengeCookie.set(app.ctx.config, reply, {
        challenge: options.challenge,
        purpose: 'second_factor',
        accountId: pending.accountId,
      });
      return options;
    },
  );

  app.post(
    '/auth/second-factor/passkey',
    {
      schema: {
        tags: ['auth'],
        summary: "Second step with a passkey: the authenticator's answer",
        body: PasskeyAssertion,
        response: { 200: Me, 401: problem, 422: problem, 429: problem },
      },
      config: limit,
    },
    async (request, reply) => {
      const pending = await pendingSession(app, request);
      const expectedChallenge = await challengeCookie.take(app, request, reply, 'second_factor', pending.accountId);
      await verifyPasskey(app.ctx.database.db, relyingParty(app.ctx.config), {
        response: request.body as AuthenticationResponseJSON,
        expectedChallenge,
        accountId: pending.accountId,
      });
      const token = await completeSignIn(app.ctx.database.db, policy(), {
        pending,
        method: 'passkey',
        ...client(request),
      });
      return finishSignIn(app, request, reply, token, pending.accountId);
    },
  );

  app.post(
    '/auth/passkey/options',
    {
      schema: {
        tags: ['auth'],
        summary: 'Password-less sign-in with a passkey: the challenge',
        description: 'The authenticator offers the passkeys it holds for this site; no email is needed.',
        response: { 200: WebAuthnOptions },
      },
      config: limit,
    },
    async (_request, reply) => {
      const options = await passkeyAuthenticationOptions(app.ctx.database.db, relyingParty(app.ctx.config));
      await challengeCookie.set(app.ctx.config, reply, {
        challenge: options.challenge,
        purpose: 'sign_in',
        accountId: null,
      });
      return options;
    },
  );

  app.post(
    '/auth/passkey/verify',
    {
      schema: {
        tags: ['auth'],
        summary: "Password-less sign-in with a passkey: the authenticator's answer",
        description: 'Needs user verification on the authenticator (PIN or biometrics). Starts a new session.',
        body: PasskeyAssertion,
        response: { 200: Me, 401: problem, 422: problem, 429: problem },
      },
      config: limit,
    },
    async (request, reply) => {
      const { db } = app.ctx.database;
      const expectedChallenge = await challengeCookie.take(app, request, reply, 'sign_in', null);
      const accountId = await verifyPasskey(db, relyingParty(app.ctx.config), {
        response: request.body as AuthenticationResponseJSON,
        expectedChallenge,
      });
      const previous = app.sessionCookie.read(request);
      if (previous) await endSession(db, previous);
      const token = await signInWithPasskey(db, policy(), { accountId, ...client(request) });
      return finishSignIn(app, request, reply, token, accountId);
    },
  );
};
