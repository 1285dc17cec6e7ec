/**
 * Passkeys against a software authenticator: a real P-256 key pair, with the attestation ('none')
 * and assertions built by hand exactly as an authenticator builds them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, PASSWORD, signIn, type TestApp } from './support/app.ts';

type Cbor = number | string | Uint8Array | Map<number | string, Cbor> | { [key: string]: Cbor };

/** Just enough CBOR (RFC 8949) for attestation objects and COSE keys. */
function cbor(value: Cbor): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64 = (b: Buffer) => b.toString('base64url');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

class SoftAuthenticator {
  readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  readonly credentialId = randomBytes(16);
  counter = 0;
  userHandle = '';
  constructor(
    readonly rpId: string,
    readonly origin: string,
  ) {}

  private authData(flags: number, attested?: Buffer) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(this.rpId), Buffer.from([flags]), counter, ...(attested ? [attested] : [])]);
  }

  register(options: { challenge: string; user: { id: string } }) {
    this.userHandle = options.user.id;
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    const cose = new Map<number, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, cbor(cose)]);
    // Flags: user present, user verified, attested credential data.
    const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData: this.authData(0x45, attested) });
    const clientData = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: this.origin });
    return {
      id: b64(this.credentialId),
      rawId: b64(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64(Buffer.from(clientData)),
        attestationObject: b64(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    };
  }

  assert(options: { challenge: string }) {
    this.counter += 1;
    const authenticatorData = this.authData(0x05);
    const clientData = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: this.origin }),
    );
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientData)]), this.keys.privateKey);
    return {
      id: b64(this.credentialId),
      rawId: b64(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64(clientData),
        authenticatorData: b64(authenticatorData),
        signature: b64(signature),
        userHandle: this.userHandle,
      },
      clientExtensionResults: {},
    };
  }
}

const cookiesOf = (res: LightMyRequestResponse) =>
  res.cookies.filter((c) => c.value !== '').map((c) => `${c.name}=${c.value}`);
const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('; ');

describe.each(databaseKinds())('passkeys on $dialect', (kind) => {
  let t: TestApp;
  let authenticator: SoftAuthenticator;
  const email = 'mitglied@example.org';
  const post = (url: string, cookie: string | undefined, payload?: object) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: cookie ? { cookie } : {},
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    t = await buildTestApp(kind, { SECRET_KEY: 'test-secret-key-that-is-long-enough-123' });
    authenticator = new SoftAuthenticator(t.config.passkeyRpId, new URL(t.config.publicUrl).origin);
  });
  afterAll(async () => t.close());

  it('adds a passkey, tells the member, and lists it', async () => {
    const session = await signIn(t.app, email);
    const options = await post('/me/security/passkeys/options', session);
    expect(options.statusCode).toBe(200);
    const challenge = cookiesOf(options).find((c) => c.includes('rn_webauthn'));
    const body = { name: 'Laptop', response: authenticator.register(options.json()) };
    // Without the challenge cookie the answer is refused.
    expect((await post('/me/security/passkeys', session, body)).statusCode).toBe(401);
    const again = await post('/me/security/passkeys/options', session);
    const created = await post(
      '/me/security/passkeys',
      join(
        session,
        cookiesOf(again).find((c) => c.includes('rn_webauthn')),
      ),
      {
        name: 'Laptop',
        response: authenticator.register(again.json()),
      },
    );
    expect(challenge).toBeDefined();
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Laptop', lastUsedAt: null });
    const overview = await t.app.inject({ method: 'GET', url: '/api/v1/me/security', headers: { cookie: session } });
    expect(overview.json().passkeys.map((p: { name: string }) => p.name)).toEqual(['Laptop']);
    const mails = await t.database.db.selectFrom('mails').select('subject').where('to_address', '=', email).execute();
    expect(mails.map((m) => m.subject)).toContain('Deine Anmeldung wurde geändert');
    expect(
      await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'factor.passkey_added').execute(),
    ).toHaveLength(1);
  });

  it('asks for the passkey after the password, and a replayed answer is refused', async () => {
    const first = await post('/auth/sign-in', undefined, { email, password: PASSWORD });
    expect(first.json()).toEqual({ status: 'second_factor_required', methods: ['passkey'] });
    const pending = cookiesOf(first).find((c) => c.includes('rn_session'));
    const options = await post('/auth/second-factor/passkey/options', pending);
    const challenge = cookiesOf(options).find((c) => c.includes('rn_webauthn'));
    const assertion = authenticator.assert(options.json());
    const done = await post('/auth/second-factor/passkey', join(pending, challenge), assertion);
    expect(done.statusCode).toBe(200);
    expect(done.json().email).toBe(email);
    const full = cookiesOf(done).find((c) => c.includes('rn_session'));
    expect(full).not.toBe(pending);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: full! } })).statusCode).toBe(200);

    // The same answer and challenge once more, in a new waiting session: refused.
    const second = cookiesOf(await post('/auth/sign-in', undefined, { email, password: PASSWORD })).find((c) =>
      c.includes('rn_session'),
    );
    expect((await post('/auth/second-factor/passkey', join(second, challenge), assertion)).statusCode).toBe(401);
  });

  it('signs in without a password, and refuses an unknown authenticator', async () => {
    const options = await post('/auth/passkey/options', undefined);
    expect(options.json().allowCredentials ?? []).toEqual([]);
    const challenge = cookiesOf(options).find((c) => c.includes('rn_webauthn'));
    const done = await post('/auth/passkey/verify', challenge, authenticator.assert(options.json()));
    expect(done.statusCode).toBe(200);
    expect(done.json().email).toBe(email);

    const stranger = new SoftAuthenticator(authenticator.rpId, authenticator.origin);
    const more = await post('/auth/passkey/options', undefined);
    const refused = await post(
      '/auth/passkey/verify',
      cookiesOf(more).find((c) => c.includes('rn_webauthn')),
      stranger.assert(more.json()),
    );
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('second_factor_invalid');
  });

  it("removes one's own passkey, and another member's is not found", async () => {
    const admin = await signIn(t.app, 'admin@example.org');
    const [passkey] = await t.database.db.selectFrom('passkeys').select('id').execute();
    const del = (cookie: string) =>
      t.app.inject({ method: 'DELETE', url: `/api/v1/me/security/passkeys/${passkey!.id}`, headers: { cookie } });
    expect((await del(admin)).statusCode).toBe(404);
    const owner = cookiesOf(await post('/auth/passkey/verify', undefined, {})).length; // a malformed answer creates nothing
    expect(owner).toBe(0);
    const options = await post('/auth/passkey/options', undefined);
    const signedIn = await post(
      '/auth/passkey/verify',
      cookiesOf(options).find((c) => c.includes('rn_webauthn')),
      authenticator.assert(options.json()),
    );
    const session = cookiesOf(signedIn).find((c) => c.includes('rn_session'))!;
    expect((await del(session)).statusCode).toBe(204);
    expect(await t.database.db.selectFrom('passkeys').select('id').execute()).toHaveLength(0);
  });
});
