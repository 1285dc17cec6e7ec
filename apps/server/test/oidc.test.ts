/**
 * Sign-in through the party's identity provider, against a real OpenID Connect provider
 * (`oidc-provider`, started as a process of its own on loopback): the browser's way from
 * /auth/oidc/start through the provider back to /auth/oidc/callback, followed redirect by redirect.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, type TestApp } from './support/app.ts';
import { freePort, ROOT } from './support/nodes.ts';

const PUBLIC_URL = 'http://localhost:3000';
const CLIENT = {
  id: 'rotes-netz',
  secret: 'client-secret-of-the-test',
  redirectUri: `${PUBLIC_URL}/api/v1/auth/oidc/callback`,
};
/** The provider's people: login name → claims and how they authenticated there. */
const PEOPLE = {
  mitglied: { claims: { email: 'mitglied@example.org', email_verified: true, member_number: '100' }, amr: ['pwd'] },
  gesichert: { claims: { email: 'gesichert@example.org', email_verified: true, member_number: '300' }, amr: ['pwd'] },
  gesichertMfa: {
    claims: { email: 'gesichert@example.org', email_verified: true, member_number: '300' },
    amr: ['pwd', 'otp'],
  },
  gesichertAcr: {
    claims: { email: 'gesichert@example.org', email_verified: true, member_number: '300' },
    acr: 'urn:test:loa:mfa',
  },
  neu: { claims: { email: 'neu@example.org', email_verified: true, member_number: '400' }, amr: ['pwd'] },
  fremd: { claims: { email: 'fremd@example.org', email_verified: true, member_number: '999' }, amr: ['pwd'] },
  ausgetreten: { claims: { email: 'weg@example.org', email_verified: true, member_number: '500' }, amr: ['pwd'] },
  unbestaetigt: { claims: { email: 'neu@example.org', email_verified: false, member_number: '400' }, amr: ['pwd'] },
  nummer: { claims: { email: 'andere@example.net', email_verified: true, member_number: '400' }, amr: ['pwd'] },
};

let provider: ChildProcess;
let issuer: string;

beforeAll(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  provider = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'apps/server/test/support/oidc-provider.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        OIDC_PORT: String(port),
        OIDC_CLIENT: JSON.stringify(CLIENT),
        OIDC_PEOPLE: JSON.stringify(PEOPLE),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  provider.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    provider.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    provider.once('exit', () => reject(new Error(`the OIDC provider exited: ${output.join('')}`)));
  });
}, 60_000);

afterAll(() => {
  provider?.kill('SIGTERM');
});

/** Cookies of one browser at the provider. */
class Jar {
  readonly cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
}

describe.each(databaseKinds())('sign-in with the party account ($dialect)', (kind) => {
  let t: TestApp;
  let byNumber: TestApp;

  const env = (extra: Record<string, string> = {}) => ({
    PUBLIC_URL,
    OIDC_ISSUER_URL: issuer,
    OIDC_CLIENT_ID: CLIENT.id,
    OIDC_CLIENT_SECRET: CLIENT.secret,
    OIDC_SECOND_FACTOR_ACR: 'urn:test:loa:mfa',
    ...extra,
  });

  beforeAll(async () => {
    t = await buildTestApp(kind, env());
    byNumber = await buildTestApp(kind, env({ OIDC_MATCH: 'member_number', OIDC_SCOPES: 'member' }));
    for (const app of [t, byNumber]) {
      const db = app.database.db;
      const secured = await addMember(app.database, {
        unitId: app.ids.ov,
        email: 'gesichert@example.org',
        number: '300',
      });
      const account = await db
        .selectFrom('accounts')
        .select('id')
        .where('member_id', '=', secured)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('totp_factors')
        .values({
          account_id: account.id,
          secret: 'x',
          confirmed_at: Date.now(),
          last_used_step: null,
          created_at: Date.now(),
        })
        .execute();
      const now = Date.now();
      // In the roster, without an account yet; and one who has left the party.
      await db
        .insertInto('members')
        .values([
          {
            member_number: '400',
            first_name: 'Nora',
            last_name: 'Neu',
            email: 'neu@example.org',
            unit_id: app.ids.ov,
            status: 'active',
            created_at: now,
            updated_at: now,
          },
          {
            member_number: '500',
            first_name: 'Willi',
            last_name: 'Weg',
            email: 'weg@example.org',
            unit_id: app.ids.ov,
            status: 'left',
            created_at: now,
            updated_at: now,
          },
        ])
        .execute();
    }
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await byNumber?.close();
  });

  /**
   * The browser's way: start, the provider (as `login`), back to the callback. Returns where the
   * callback sent the browser and the session cookie it set.
   */
  async function signInAs(app: TestApp, login: string, options: { keepPending?: boolean } = {}) {
    const start = await app.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start?next=/raeume' });
    expect(start.statusCode).toBe(302);
    const pending = start.cookies.find((c) => c.name === 'rn_oidc')!;
    const jar = new Jar();
    const authorize = new URL(start.headers.location as string);
    expect(authorize.origin).toBe(issuer);
    authorize.searchParams.set('login_hint', login);
    let url = authorize.href;
    for (let hop = 0; hop < 10 && !url.startsWith(PUBLIC_URL); hop++) {
      const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(response);
      expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(300);
      url = new URL(response.headers.get('location')!, url).href;
    }
    expect(url.startsWith(`${CLIENT.redirectUri}?`)).toBe(true);
    const callback = await app.app.inject({
      method: 'GET',
      url: url.slice(PUBLIC_URL.length),
      cookies: options.keepPending === false ? {} : { rn_oidc: pending.value },
    });
    expect(callback.statusCode).toBe(302);
    const session = callback.cookies.find((c) => c.name === 'rn_session' && c.value !== '');
    return { location: callback.headers.location as string, cookie: session && `rn_session=${session.value}` };
  }

  const me = (app: TestApp, cookie: string | undefined) =>
    app.app.inject({ method: 'GET', url: '/api/v1/me', headers: cookie ? { cookie } : {} });
  const accountsFor = (app: TestApp, email: string) =>
    app.database.db.selectFrom('accounts').select('id').where('email', '=', email).execute();

  it('tells the web app that the party account is offered', async () => {
    const instance = await t.app.inject({ method: 'GET', url: '/api/v1/instance' });
    expect(instance.json()).toMatchObject({ partyAccount: true });
  });

  it('signs a member in by the email claim and returns to where the sign-in started', async () => {
    const { location, cookie } = await signInAs(t, 'mitglied');
    expect(location).toBe('/raeume');
    const response = await me(t, cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ email: 'mitglied@example.org' });
  });

  it('creates the account of a roster member on the first sign-in', async () => {
    expect(await accountsFor(t, 'neu@example.org')).toHaveLength(0);
    const { location, cookie } = await signInAs(t, 'neu');
    expect(location).toBe('/raeume');
    expect((await me(t, cookie)).json()).toMatchObject({ email: 'neu@example.org' });
    expect(await accountsFor(t, 'neu@example.org')).toHaveLength(1);
  });

  it('creates no account and no session for someone not in the roster, or who has left', async () => {
    for (const login of ['fremd', 'ausgetreten']) {
      const { location, cookie } = await signInAs(t, login);
      expect(location).toBe('/anmelden?oidc=not_member');
      expect(cookie).toBeUndefined();
    }
    expect(await accountsFor(t, 'fremd@example.org')).toHaveLength(0);
    expect(await accountsFor(t, 'weg@example.org')).toHaveLength(0);
  });

  it('does not take an email address the provider has not verified', async () => {
    const { location, cookie } = await signInAs(t, 'unbestaetigt');
    expect(location).toBe('/anmelden?oidc=not_member');
    expect(cookie).toBeUndefined();
  });

  it('asks for the second factor set up here unless the provider says it checked one (amr or acr)', async () => {
    const plain = await signInAs(t, 'gesichert');
    expect(plain.location).toBe('/anmelden?faktor=totp%2Crecovery&next=%2Fraeume');
    expect((await me(t, plain.cookie)).statusCode).toBe(401);

    for (const login of ['gesichertMfa', 'gesichertAcr']) {
      const { location, cookie } = await signInAs(t, login);
      expect(location).toBe('/raeume');
      expect((await me(t, cookie)).json()).toMatchObject({ email: 'gesichert@example.org' });
    }
  });

  it('matches by member number when configured so', async () => {
    // The provider's email differs from the roster's; the number decides.
    const { location, cookie } = await signInAs(byNumber, 'nummer');
    expect(location).toBe('/raeume');
    expect((await me(byNumber, cookie)).json()).toMatchObject({ email: 'neu@example.org' });
    expect((await signInAs(byNumber, 'fremd')).location).toBe('/anmelden?oidc=not_member');
  });

  it('refuses an answer that does not belong to a sign-in this browser started', async () => {
    const { location, cookie } = await signInAs(t, 'mitglied', { keepPending: false });
    expect(location).toBe('/anmelden?oidc=failed');
    expect(cookie).toBeUndefined();
  });
});

describe.each(databaseKinds())('without an identity provider ($dialect)', (kind) => {
  it('offers no party account and answers 404 at start', async () => {
    const t = await buildTestApp(kind);
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/instance' })).json()).toMatchObject({
        partyAccount: false,
      });
      const start = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' });
      expect(start.statusCode).toBe(404);
      expect(start.headers['content-type']).toContain('application/problem+json');
    } finally {
      await t.close();
    }
  });
});
