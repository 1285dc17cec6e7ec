/**
 * A real OpenID Connect provider (`oidc-provider`) for tests, run as a process of its own:
 * `node --import tsx oidc-provider.ts` with OIDC_PORT, OIDC_CLIENT (JSON: id, secret, redirect
 * URI) and OIDC_PEOPLE (JSON: login name → claims, `amr`, `acr`). It has no login form: the
 * authorization request's `login_hint` says who signs in (as if they had typed their password),
 * and consent is given at once. Prints "ready" when it listens.
 */
import http from 'node:http';
import Provider from 'oidc-provider';

interface Person {
  claims: Record<string, unknown>;
  amr?: string[];
  acr?: string;
}

const port = Number(process.env.OIDC_PORT);
const client = JSON.parse(process.env.OIDC_CLIENT!) as { id: string; secret: string; redirectUri: string };
const people = JSON.parse(process.env.OIDC_PEOPLE!) as Record<string, Person>;
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: client.id,
      client_secret: client.secret,
      redirect_uris: [client.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  cookies: { keys: ['test-only-cookie-key-of-the-oidc-provider'] },
  claims: {
    // amr and acr in every ID token, as identity providers such as Keycloak send them.
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    member: ['member_number'],
  },
  scopes: ['openid', 'email', 'profile', 'member'],
  acrValues: [...new Set(Object.values(people).flatMap((p) => (p.acr ? [p.acr] : [])))],
  features: { devInteractions: { enabled: false } },
  findAccount: (_ctx, sub) => {
    const person = people[sub];
    return person ? { accountId: sub, claims: () => ({ sub, ...person.claims }) } : undefined;
  },
});

const server = http.createServer((req, res) => {
  const interaction = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
  if (!interaction) return void provider.callback()(req, res);
  void (async () => {
    const details = await provider.interactionDetails(req, res);
    const hint = String(details.params.login_hint ?? '');
    if (details.prompt.name === 'login') {
      const person = people[hint];
      if (!person) {
        await provider.interactionFinished(req, res, { error: 'access_denied' }, { mergeWithLastSubmission: false });
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        {
          login: {
            accountId: hint,
            ...(person.amr ? { amr: person.amr } : {}),
            ...(person.acr ? { acr: person.acr } : {}),
          },
        },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: client.id });
    const missing = details.prompt.details.missingOIDCScope as string[] | undefined;
    if (missing) grant.addOIDCScope(missing.join(' '));
    const claims = details.prompt.details.missingOIDCClaims as string[] | undefined;
    if (claims) grant.addOIDCClaims(claims);
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  })().catch((error: unknown) => {
    console.error(error);
    res.statusCode = 500;
    res.end();
  });
});

server.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
