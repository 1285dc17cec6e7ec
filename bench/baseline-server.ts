/**
 * The baseline the app is measured against, run as its own process by `bench/run.ts`: a bare
 * Fastify 5 app with no plugins, no logger, no schemas. `/healthz` answers like the app's; the
 * `/raw/...` routes run the app's SQL by hand (see raw-queries.ts) against the same database.
 *
 * Environment: `PORT`, `DATABASE_URL` (the benchmark's database; SQLite is opened read-only).
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { openRawQueries } from './raw-queries.ts';

/** The app's session cookie on plain http (the benchmark never uses https). */
const SESSION_COOKIE = 'rn_session';

/** The session token from a `cookie` header, without a cookie parser. */
function sessionToken(header: string | undefined): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  const databaseUrl = process.env.DATABASE_URL;
  if (!Number.isInteger(port) || port <= 0 || !databaseUrl) {
    throw new Error('baseline-server needs PORT and DATABASE_URL');
  }
  const queries = openRawQueries(databaseUrl);
  const app = Fastify();

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/raw/me', async (request, reply) => {
    const token = sessionToken(request.headers.cookie);
    // The same hash as sessions.ts `hashToken`.
    const me = token ? await queries.me(createHash('sha256').update(token).digest('base64url')) : undefined;
    return me ?? reply.status(401).send({ status: 401 });
  });

  app.get('/raw/units/:id/ancestry', async (request, reply) => {
    const items = await queries.ancestry(Number((request.params as { id: string }).id));
    return items.length ? { items } : reply.status(404).send({ status: 404 });
  });

  app.get('/raw/units/:id/children', async (request, reply) => {
    const items = await queries.children(Number((request.params as { id: string }).id));
    return items ? { items } : reply.status(404).send({ status: 404 });
  });

  const shutdown = () => {
    void app
      .close()
      .then(() => queries.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port, host: '127.0.0.1' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
