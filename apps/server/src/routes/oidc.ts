/**
 * Sign-in through the party's identity provider (OpenID Connect, authorization code flow with
 * PKCE, `openid-client`). `start` sends the browser to the provider; the provider sends it back
 * to `callback`, which matches the person to the roster (by email or member number, see
 * `OIDC_MATCH`) and starts a session. Nobody outside the roster gets an account. A second factor
 * the member set up here is asked for afterwards, unless the provider says (`amr`/`acr`) that it
 * checked one itself. Both routes answer with redirects: they are visited by the browser.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import * as oidc from 'openid-client';
import { DomainError, endSession, ipPrefix, rememberDevice, signInWithProvider } from '@rotes-netz/core';
import type { OidcConfig } from '../config.ts';
import { sessionPolicy } from '../session-policy.ts';
import { cookieName, deviceCookie, secure } from '../security-context.ts';

/** The state, nonce and PKCE verifier of one sign-in, kept in the browser for ten minutes. */
interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

const CALLBACK = '/api/v1/auth/oidc/callback';
const PENDING_SECONDS = 600;

/** A path within this site to go to afterwards (never another site). */
const safeNext = (next: string | undefined) =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';

/** Whether the provider says it checked a second factor (RFC 8176 `amr`, or a configured `acr`). */
export function providerCheckedSecondFactor(settings: OidcConfig, claims: Record<string, unknown>): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  const acr = typeof claims.acr === 'string' ? claims.acr : undefined;
  return (
    amr.some((v) => settings.secondFactorAmr.includes(v)) ||
    (acr !== undefined && settings.secondFactorAcr.includes(acr))
  );
}

export const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app.ctx;
  const settings = config.oidc;
  const pendingCookie = cookieName(config, 'rn_oidc');
  let discovered: Promise<oidc.Configuration> | undefined;
  /** The provider's metadata, fetched once (again after a failure). */
  const provider = () => {
    if (!settings) throw new DomainError('not_found');
    discovered ??= oidc
      .discovery(
        new URL(settings.issuerUrl),
        settings.clientId,
        settings.clientSecret,
        undefined,
        new URL(settings.issuerUrl).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const redirectUri = `${config.publicUrl}${CALLBACK}`;

  app.get(
    '/auth/oidc/start',
    {
      schema: {
        tags: ['auth'],
        summary: "Sign in with the party's identity provider",
        description:
          'Redirects the browser to the identity provider (404 when none is configured). `next` is the path to return to.',
        querystring: Type.Object(
          { next: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 302: Type.Null(), 404: Type.Ref('Problem') },
      },
      config: { rateLimit: { max: config.signInLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const server = await provider();
      const pending: Pending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
        next: safeNext(request.query.next),
      };
      const url = oidc.buildAuthorizationUrl(server, {
        redirect_uri: redirectUri,
        scope: `openid ${settings!.scopes}`.trim(),
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      void reply.setCookie(pendingCookie, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
        path: '/',
        httpOnly: true,
        secure: secure(config),
        // The provider's redirect back is a top-level navigation from its site: Lax sends the cookie.
        sameSite: 'lax',
        maxAge: PENDING_SECONDS,
      });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        tags: ['auth'],
        summary: 'Where the identity provider sends the browser back',
        description:
          'Checks the answer (state, nonce, PKCE, the ID token), finds the member in the roster and starts a session; ' +
          'then redirects to the page the sign-in started from, to `/anmelden?faktor=…` when a second factor is due, ' +
          'or to `/anmelden?oidc=not_member` or `?oidc=failed`.',
        querystring: Type.Object({}, { additionalProperties: true }),
        response: { 302: Type.Null(), 404: Type.Ref('Problem') },
      },
      config: { rateLimit: { max: config.signInLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const server = await provider();
      const pending = readPending(request);
      void reply.clearCookie(pendingCookie, { path: '/', httpOnly: true, secure: secure(config), sameSite: 'lax' });
      const failed = (reason: 'failed' | 'not_member') => reply.redirect(`/anmelden?oidc=${reason}`, 302);
      if (!pending) return failed('failed');
      let claims: Record<string, unknown>;
      try {
        const tokens = await oidc.authorizationCodeGrant(server, new URL(request.url, config.publicUrl), {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        claims = { ...tokens.claims() };
        if (claims[settings!.claim] === undefined) {
          const info = await oidc.fetchUserInfo(server, tokens.access_token, String(claims.sub));
          claims = { ...info, ...claims };
        }
      } catch (error) {
        request.log.warn({ err: error }, 'oidc: the provider answer was not accepted');
        return failed('failed');
      }
      const value = claims[settings!.claim];
      // An email address the provider has not verified does not name anyone.
      const unverified = settings!.match === 'email' && claims.email_verified === false;
      const { db } = app.ctx.database;
      const result = await signInWithProvider(db, sessionPolicy(config), {
        match: settings!.match,
        value: typeof value === 'string' && !unverified ? value : '',
        providerSecondFactor: providerCheckedSecondFactor(settings!, claims),
        userAgent: request.headers['user-agent'] ?? null,
        ipPrefix: ipPrefix(request.ip),
      });
      if (!result.ok) return failed(result.reason);
      const previous = app.sessionCookie.read(request);
      if (previous) await endSession(db, previous);
      app.sessionCookie.set(reply, result.token);
      if (result.secondFactor.length > 0) {
        const query = new URLSearchParams({ faktor: result.secondFactor.join(','), next: pending.next });
        return reply.redirect(`/anmelden?${query}`, 302);
      }
      deviceCookie.set(config, reply, await rememberDevice(db, result.accountId, deviceCookie.read(config, request)));
      return reply.redirect(pending.next, 302);
    },
  );

  function readPending(request: FastifyRequest): Pending | undefined {
    const raw = request.cookies[pendingCookie];
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Pending>;
      if ([parsed.state, parsed.nonce, parsed.verifier, parsed.next].every((v) => typeof v === 'string')) {
        return parsed as Pending;
      }
    } catch {
      // not ours
    }
    return undefined;
  }
};
