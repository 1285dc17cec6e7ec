/**
 * What the sign-in and security routes share: the instance key (loaded once), the relying party
 * for passkeys, the known-device cookie, and the short-lived cookie that carries a WebAuthn
 * challenge between the two halves of a ceremony (sealed with the instance key, used once).
 */
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  hitRateLimit,
  ipPrefix,
  loadSecretKey,
  seal,
  unseal,
  KNOWN_DEVICE_MS,
  loadActor,
  presentMe,
  rememberDevice,
  UnauthenticatedError,
  SecondFactorInvalidError,
  type Actor,
  type FactorChange,
  type RelyingParty,
  type SecretKey,
} from '@rotes-netz/core';
import type { Me } from '@rotes-netz/shared';
import type { Config } from './config.ts';
import { mailSettings } from './context.ts';

const keys = new WeakMap<Config, Promise<SecretKey>>();

/** The instance key: from SECRET_KEY, else from `secret.key` beside the uploads folder (created once). */
export function secretKeyOf(config: Config): () => Promise<SecretKey> {
  return () => {
    let key = keys.get(config);
    if (!key) {
      key = loadSecretKey({ secretKey: config.secretKey, keyFile: path.join(config.uploadDir, '..', 'secret.key') });
      keys.set(config, key);
      key.catch(() => keys.delete(config));
    }
    return key;
  };
}

export function relyingParty(config: Config): RelyingParty {
  return { id: config.passkeyRpId, name: config.brand.name, origin: new URL(config.publicUrl).origin };
}

/** Who changes a factor and how to tell them. */
export function factorChange(
  app: FastifyInstance,
  request: FastifyRequest,
  who: Pick<Actor, 'accountId' | 'memberId'>,
): FactorChange {
  const { brand, messageDomain } = mailSettings(app.ctx.config);
  return {
    accountId: who.accountId,
    memberId: who.memberId,
    ipPrefix: ipPrefix(request.ip),
    notice: { brand, messageDomain },
  };
}

export const secure = (config: Config) => new URL(config.publicUrl).protocol === 'https:';
export const cookieName = (config: Config, base: string) => (secure(config) ? `__Host-${base}` : base);

/** The long-lived cookie that marks a browser as a known device of its member. */
export const deviceCookie = {
  read(config: Config, request: FastifyRequest): string | undefined {
    return request.cookies[cookieName(config, 'rn_device')];
  },
  set(config: Config, reply: FastifyReply, token: string): void {
    void reply.setCookie(cookieName(config, 'rn_device'), token, {
      path: '/',
      httpOnly: true,
      secure: secure(config),
      sameSite: 'lax',
      maxAge: Math.floor(KNOWN_DEVICE_MS / 1000),
    });
  },
};

export type ChallengePurpose = 'register' | 'second_factor' | 'sign_in' | 'reauthenticate';
const CHALLENGE_MS = 5 * 60_000;

interface ChallengeClaim {
  challenge: string;
  purpose: ChallengePurpose;
  accountId: number | null;
  expiresAt: number;
}

/** The WebAuthn challenge between options and verification. */
export const challengeCookie = {
  async set(config: Config, reply: FastifyReply, claim: Omit<ChallengeClaim, 'expiresAt'>): Promise<void> {
    const key = await secretKeyOf(config)();
    const value = seal(key, JSON.stringify({ ...claim, expiresAt: Date.now() + CHALLENGE_MS }));
    void reply.setCookie(cookieName(config, 'rn_webauthn'), value, {
      path: '/api/',
      httpOnly: true,
      secure: secure(config),
      sameSite: 'strict',
      maxAge: CHALLENGE_MS / 1000,
    });
  },

  /** The challenge for this purpose and account, once; anything else is an invalid factor. */
  async take(
    app: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
    purpose: ChallengePurpose,
    accountId: number | null,
  ): Promise<string> {
    const { config } = app.ctx;
    const name = cookieName(config, 'rn_webauthn');
    const raw = request.cookies[name];
    void reply.clearCookie(name, { path: '/api/', httpOnly: true, secure: secure(config), sameSite: 'strict' });
    let claim: ChallengeClaim;
    try {
      claim = JSON.parse(unseal(await secretKeyOf(config)(), raw ?? '')) as ChallengeClaim;
    } catch {
      throw new SecondFactorInvalidError();
    }
    if (claim.purpose !== purpose || claim.accountId !== accountId || claim.expiresAt <= Date.now()) {
      throw new SecondFactorInvalidError();
    }
    // A challenge answers one ceremony: a replayed cookie finds its counter already used.
    const used = await hitRateLimit(app.ctx.database.db, `webauthn-challenge:${claim.challenge}`, CHALLENGE_MS);
    if (used.count > 1) throw new SecondFactorInvalidError();
    return claim.challenge;
  },
};

/**
 * Sets the cookie of a complete sign-in, remembers the browser as a known device and answers the
 * member's `/me` document.
 */
export async function finishSignIn(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  accountId: number,
): Promise<Me> {
  const { db } = app.ctx.database;
  app.sessionCookie.set(reply, token);
  deviceCookie.set(
    app.ctx.config,
    reply,
    await rememberDevice(db, accountId, deviceCookie.read(app.ctx.config, request)),
  );
  const actor = await loadActor(db, accountId);
  if (!actor) throw new UnauthenticatedError();
  return presentMe(actor);
}
