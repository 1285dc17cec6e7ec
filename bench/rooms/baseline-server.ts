/**
 * The rooms benchmark's baseline, run as its own process by `bench/rooms/run.ts`: a bare Fastify 5
 * app with no plugins, no logger and no schemas, answering with the app's statements run by hand
 * (raw-rooms.ts) against the same database.
 *
 * - `GET /raw/rooms/:id/threads`, `GET /raw/threads/:id/posts`: the same SQL as the app's routes,
 *   session and room check included;
 * - `POST /raw/threads/:id/posts` `{ body }`: the raw insert (post row + thread counters) for the
 *   member named in the `x-member-id` header;
 * - `POST /raw/threads/:id/posts/by-hand` `{ body }`: the app's write statement by statement, for
 *   the session's member (raw-rooms.ts `WRITE_SQL`).
 *
 * Environment: `PORT`, `DATABASE_URL`.
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { openRawRooms } from './raw-rooms.ts';

/** The session token of the app's cookie on plain http. */
const tokenHash = (cookie: string | undefined) => {
  const token = /(?:^|;\s*)rn_session=([^;]+)/.exec(cookie ?? '')?.[1];
  return token ? createHash('sha256').update(decodeURIComponent(token)).digest('base64url') : '';
};

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  const databaseUrl = process.env.DATABASE_URL;
  if (!Number.isInteger(port) || port <= 0 || !databaseUrl) throw new Error('baseline needs PORT and DATABASE_URL');
  const rooms = openRawRooms(databaseUrl);
  const app = Fastify();
  const id = (request: { params: unknown }) => Number((request.params as { id: string }).id);

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/raw/rooms/:id/threads', async (request, reply) => {
    const list = await rooms.threads(tokenHash(request.headers.cookie), id(request));
    return list ?? reply.status(404).send({ status: 404 });
  });

  app.get('/raw/threads/:id/posts', async (request, reply) => {
    const list = await rooms.posts(tokenHash(request.headers.cookie), id(request));
    return list ?? reply.status(404).send({ status: 404 });
  });

  app.post('/raw/threads/:id/posts', async (request, reply) => {
    const { body } = request.body as { body: string };
    const created = await rooms.insertPost(id(request), Number(request.headers['x-member-id']), body);
    return reply.status(201).send(created);
  });

  app.post('/raw/threads/:id/posts/by-hand', async (request, reply) => {
    const { body } = request.body as { body: string };
    const written = await rooms.writePost(tokenHash(request.headers.cookie), id(request), body);
    if (written === undefined) return reply.status(404).send({ status: 404 });
    if (written === 'refused') return reply.status(403).send({ status: 403 });
    return reply.status(201).send(written);
  });

  const shutdown = () => {
    void app
      .close()
      .then(() => rooms.close())
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
