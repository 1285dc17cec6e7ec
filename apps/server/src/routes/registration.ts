/**
 * Registration, invitations, password reset and account changes. Requests that could reveal
 * whether someone is a member or has an account (registration, reset) answer 202 with the same
 * body at once: the work happens in a job.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  ChangeEmailBody,
  ChangePasswordBody,
  EmailChanged,
  AcceptInvitationBody,
  InvitationBody,
  Me,
  PasswordResetBody,
  RegistrationBody,
  RequestAccepted,
  TokenBody,
  TokenPasswordBody,
  UnitParams,
} from '@rotes-netz/shared';
import {
  acceptInvitation,
  changePassword,
  completePasswordReset,
  completeRegistration,
  confirmEmailChange,
  createInvitation,
  endSession,
  ipPrefix,
  requestEmailChange,
  requestPasswordReset,
  requestRegistration,
} from '@rotes-netz/core';
import { mailSettings } from '../context.ts';
import { finishSignIn } from '../security-context.ts';
import { requestLocale } from '../plugins/problems.ts';
import { sessionPolicy } from '../session-policy.ts';

const problem = Type.Ref('Problem');
const accepted = { status: 'accepted' as const };
const secured = { security: [{ session: [] }] };

export const registrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;
  const settings = () => mailSettings(app.ctx.config);
  // Per address and minute: enough for typos, too few for trying out member numbers. Half the
  // sign-in limit (5 by default), so deployments and tests tune both with one setting.
  const guessLimit = Math.max(1, Math.ceil(app.ctx.config.signInLimitPerMinute / 2));
  const requestLimit = { rateLimit: { max: guessLimit, timeWindow: 60_000 } };
  const completeLimit = { rateLimit: { max: app.ctx.config.signInLimitPerMinute, timeWindow: 60_000 } };

  /** Replaces any session this browser had with the new one, and answers with `/me`. */
  async function signedIn(request: FastifyRequest, reply: FastifyReply, result: { token: string; accountId: number }) {
    const previous = app.sessionCookie.read(request);
    if (previous) await endSession(db(), previous);
    // Like a sign-in: the session cookie and the known-device cookie (so a flood of wrong
    // passwords elsewhere never locks the new member out of this browser).
    return finishSignIn(app, request, reply, result.token, result.accountId);
  }

  /** Where a request comes from, as the account services record it. */
  const client = (request: FastifyRequest) => ({
    userAgent: request.headers['user-agent'] ?? null,
    ipPrefix: ipPrefix(request.ip),
    locale: requestLocale(request),
  });

  app.post(
    '/registration',
    {
      schema: {
        tags: ['registration'],
        summary: 'Ask to register as a member',
        description:
          'Always 202 with the same body: whether the data match the roster is not revealed. Members get a double-opt-in mail.',
        body: RegistrationBody,
        response: { 202: RequestAccepted, 422: problem, 429: problem },
      },
      config: requestLimit,
    },
    async (request, reply) => {
      await requestRegistration(db(), { ...request.body, locale: requestLocale(request) });
      app.ctx.worker?.nudge();
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/registration/complete',
    {
      schema: {
        tags: ['registration'],
        summary: 'Set the password from the registration mail; creates the account and signs in',
        body: TokenPasswordBody,
        response: { 200: Me, 400: problem, 409: problem, 422: problem, 429: problem },
      },
      config: completeLimit,
    },
    async (request, reply) => {
      const result = await completeRegistration(db(), sessionPolicy(app.ctx.config), {
        ...request.body,
        ...client(request),
      });
      return signedIn(request, reply, result);
    },
  );

  app.post(
    '/invitations/accept',
    {
      schema: {
        tags: ['registration'],
        summary:
          'Accept an invitation: set the password (and the birth date, when asked); creates the account and signs in',
        body: AcceptInvitationBody,
        response: { 200: Me, 400: problem, 409: problem, 422: problem, 429: problem },
      },
      config: completeLimit,
    },
    async (request, reply) => {
      const result = await acceptInvitation(db(), sessionPolicy(app.ctx.config), {
        ...request.body,
        ...client(request),
      });
      return signedIn(request, reply, result);
    },
  );

  app.post(
    '/units/:id/invitations',
    {
      schema: {
        tags: ['registration'],
        ...secured,
        summary: 'Invite a roster member of this unit (or below) by member number',
        description:
          'For chairs, board and member care of the unit, and Landesverband admins; 404 for everyone else. The link goes to the roster address when there is one (the address given is then not used); otherwise to the address given, and accepting asks for the birth date.',
        params: UnitParams,
        body: InvitationBody,
        response: { 202: RequestAccepted, 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      await createInvitation(db(), settings(), actor, {
        unitId: Number(request.params.id),
        memberNumber: request.body.memberNumber,
        email: request.body.email,
        ipPrefix: ipPrefix(request.ip),
      });
      app.ctx.worker?.nudge();
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password reset link',
        description: 'Always 202 with the same body, whether the address has an account or not.',
        body: PasswordResetBody,
        response: { 202: RequestAccepted, 422: problem, 429: problem },
      },
      config: requestLimit,
    },
    async (request, reply) => {
      await requestPasswordReset(db(), { email: request.body.email, locale: requestLocale(request) });
      app.ctx.worker?.nudge();
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/auth/password-reset/complete',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a new password from the reset mail',
        description:
          'Ends every session of the account and does not sign in: the member signs in as usual, second factor included.',
        body: TokenPasswordBody,
        response: { 204: Type.Null(), 400: problem, 422: problem, 429: problem },
      },
      config: completeLimit,
    },
    async (request, reply) => {
      await completePasswordReset(db(), settings(), {
        ...request.body,
        ipPrefix: ipPrefix(request.ip),
        locale: requestLocale(request),
      });
      app.ctx.worker?.nudge();
      // The browser's own session (if any) ended with the others.
      app.sessionCookie.clear(reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/password',
    {
      schema: {
        tags: ['account'],
        ...secured,
        summary: 'Change the password (asks for the current one); ends all other sessions',
        body: ChangePasswordBody,
        response: { 204: Type.Null(), 401: problem, 403: problem, 422: problem, 429: problem },
      },
      config: requestLimit,
    },
    async (request, reply) => {
      const session = await app.requireSession(request);
      await changePassword(db(), settings(), {
        ...request.body,
        accountId: session.accountId,
        sessionId: session.id,
        ipPrefix: ipPrefix(request.ip),
        locale: requestLocale(request),
      });
      app.ctx.worker?.nudge();
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/email',
    {
      schema: {
        tags: ['account'],
        ...secured,
        summary: 'Ask to change the email address (asks for the password); a link goes to the new address',
        body: ChangeEmailBody,
        response: { 202: RequestAccepted, 401: problem, 403: problem, 422: problem, 429: problem },
      },
      config: requestLimit,
    },
    async (request, reply) => {
      const session = await app.requireSession(request);
      await requestEmailChange(db(), settings(), {
        ...request.body,
        accountId: session.accountId,
        locale: requestLocale(request),
      });
      app.ctx.worker?.nudge();
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/me/email/confirm',
    {
      schema: {
        tags: ['account'],
        ...secured,
        summary: 'Confirm the new email address with the mailed link; the old address is told',
        body: TokenBody,
        response: { 200: EmailChanged, 400: problem, 401: problem, 409: problem, 422: problem },
      },
    },
    async (request) => {
      const session = await app.requireSession(request);
      const email = await confirmEmailChange(db(), settings(), {
        accountId: session.accountId,
        token: request.body.token,
        ipPrefix: ipPrefix(request.ip),
      });
      app.ctx.worker?.nudge();
      return { email };
    },
  );
};
