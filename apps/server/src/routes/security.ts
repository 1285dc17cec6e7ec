/**
 * The member's security settings: second factors (TOTP with recovery codes, passkeys) and the list
 * of their sessions. Changing a factor needs a password confirmed within the last ten minutes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  CodeBody,
  Passkey,
  PasskeyCreateBody,
  RecoveryCodes,
  RevokedCount,
  SecurityIdParams,
  SecurityOverview,
  SessionList,
  TotpSetup,
  WebAuthnOptions,
} from '@rotes-netz/shared';
import {
  addPasskey,
  beginTotpSetup,
  confirmTotp,
  disableTotp,
  ipPrefix,
  isoFromMs,
  listPasskeys,
  listSessions,
  NotFoundError,
  passkeyRegistrationOptions,
  recordAudit,
  regenerateRecoveryCodes,
  removePasskey,
  requireRecentReauthentication,
  revokeOtherSessions,
  revokeSession,
  totpStatus,
  type PasskeySummary,
  type RegistrationResponseJSON,
} from '@rotes-netz/core';
import { FUNCTIONARY_ROLES } from '../plugins/auth.ts';
import { challengeCookie, factorChange, relyingParty, secretKeyOf } from '../security-context.ts';
import { deviceSummary } from './device-summary.ts';

const problem = Type.Ref('Problem');
const secured = { tags: ['security'], security: [{ session: [] }] };

const presentPasskey = (p: PasskeySummary) => ({
  id: p.id,
  name: p.name,
  createdAt: isoFromMs(p.createdAt),
  lastUsedAt: p.lastUsedAt === null ? null : isoFromMs(p.lastUsedAt),
});

export const securityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;

  /** The actor and session of a factor change, after checking the recent re-authentication. */
  const sensitive = async (request: Parameters<typeof app.requireSession>[0]) => {
    const session = await app.requireSession(request);
    const actor = await app.requireActor(request);
    requireRecentReauthentication(session);
    return { actor, change: factorChange(app, request, actor) };
  };

  app.get(
    '/me/security',
    { schema: { ...secured, summary: 'My second factors', response: { 200: SecurityOverview, 401: problem } } },
    async (request) => {
      const actor = await app.requireActor(request);
      const [totp, passkeys] = await Promise.all([
        totpStatus(db(), actor.accountId),
        listPasskeys(db(), actor.accountId),
      ]);
      return {
        totp,
        passkeys: passkeys.map(presentPasskey),
        secondFactorRequired:
          app.ctx.config.requireSecondFactorForFunctionaries && actor.roles.some((r) => FUNCTIONARY_ROLES.has(r.role)),
      };
    },
  );

  app.post(
    '/me/security/totp',
    {
      schema: {
        ...secured,
        summary: 'Start setting up an authenticator app',
        description: 'A new secret as a QR code and as text; it takes effect once confirmed with a code.',
        response: { 200: TotpSetup, 401: problem, 403: problem, 409: problem },
      },
    },
    async (request) => {
      const { actor } = await sensitive(request);
      return beginTotpSetup(db(), await secretKeyOf(app.ctx.config)(), {
        accountId: actor.accountId,
        issuer: app.ctx.config.brand.name,
        label: actor.email,
      });
    },
  );

  app.post(
    '/me/security/totp/confirm',
    {
      schema: {
        ...secured,
        summary: 'Confirm the authenticator app with a first code',
        description: 'Turns TOTP on and answers ten recovery codes, shown this once.',
        body: CodeBody,
        response: { 200: RecoveryCodes, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request) => {
      const { change } = await sensitive(request);
      const codes = await confirmTotp(db(), await secretKeyOf(app.ctx.config)(), change, request.body.code);
      app.ctx.worker?.nudge();
      return { codes };
    },
  );

  app.delete(
    '/me/security/totp',
    {
      schema: {
        ...secured,
        summary: 'Turn the authenticator app off',
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const { change } = await sensitive(request);
      await disableTotp(db(), change);
      app.ctx.worker?.nudge();
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/security/recovery-codes',
    {
      schema: {
        ...secured,
        summary: 'New recovery codes',
        description: 'The old codes stop working.',
        response: { 200: RecoveryCodes, 401: problem, 403: problem, 404: problem },
      },
    },
    async (request) => {
      const { change } = await sensitive(request);
      const codes = await regenerateRecoveryCodes(db(), change);
      app.ctx.worker?.nudge();
      return { codes };
    },
  );

  app.post(
    '/me/security/passkeys/options',
    {
      schema: {
        ...secured,
        summary: 'Start adding a passkey',
        response: { 200: WebAuthnOptions, 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      const { actor } = await sensitive(request);
      const options = await passkeyRegistrationOptions(db(), relyingParty(app.ctx.config), actor);
      await challengeCookie.set(app.ctx.config, reply, {
        challenge: options.challenge,
        purpose: 'register',
        accountId: actor.accountId,
      });
      return options;
    },
  );

  app.post(
    '/me/security/passkeys',
    {
      schema: {
        ...secured,
        summary: 'Add a passkey',
        body: PasskeyCreateBody,
        response: { 201: Passkey, 401: problem, 403: problem, 422: problem },
      },
    },
    async (request, reply) => {
      const { actor, change } = await sensitive(request);
      const expectedChallenge = await challengeCookie.take(app, request, reply, 'register', actor.accountId);
      const passkey = await addPasskey(db(), relyingParty(app.ctx.config), change, {
        name: request.body.name,
        response: request.body.response as RegistrationResponseJSON,
        expectedChallenge,
      });
      app.ctx.worker?.nudge();
      return reply.status(201).send(presentPasskey(passkey));
    },
  );

  app.delete(
    '/me/security/passkeys/:id',
    {
      schema: {
        ...secured,
        summary: 'Remove a passkey',
        params: SecurityIdParams,
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const { change } = await sensitive(request);
      await removePasskey(db(), change, Number(request.params.id));
      app.ctx.worker?.nudge();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/sessions',
    { schema: { ...secured, summary: 'Where I am signed in', response: { 200: SessionList, 401: problem } } },
    async (request) => {
      const session = await app.requireSession(request);
      const items = await listSessions(db(), session.accountId);
      return {
        items: items.map((s) => ({
          id: s.id,
          createdAt: isoFromMs(s.createdAt),
          lastSeenAt: isoFromMs(s.lastSeenAt),
          device: deviceSummary(s.userAgent),
          ipPrefix: s.ipPrefix,
          current: s.id === session.id,
        })),
      };
    },
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        ...secured,
        summary: 'Sign out one session',
        params: SecurityIdParams,
        response: { 204: Type.Null(), 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const session = await app.requireSession(request);
      if (!(await revokeSession(db(), session.accountId, Number(request.params.id))))
        throw new NotFoundError('session');
      await recordAudit(db(), {
        action: 'auth.sessions_revoked',
        actorAccountId: session.accountId,
        ipPrefix: ipPrefix(request.ip),
        data: { count: 1 },
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/sessions/revoke-others',
    {
      schema: { ...secured, summary: 'Sign out everywhere else', response: { 200: RevokedCount, 401: problem } },
    },
    async (request) => {
      const session = await app.requireSession(request);
      const revoked = await revokeOtherSessions(db(), session.accountId, session.id);
      await recordAudit(db(), {
        action: 'auth.sessions_revoked',
        actorAccountId: session.accountId,
        ipPrefix: ipPrefix(request.ip),
        data: { count: revoked },
      });
      return { revoked };
    },
  );
};
