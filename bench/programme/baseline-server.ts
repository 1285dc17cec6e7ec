/**
 * The programme benchmark's baseline, run as its own process by `bench/programme/run.ts`: a bare
 * Fastify 5 app with no plugins, no logger and no schemas, answering with the app's statements run
 * by hand (raw-programme.ts) against the same database. The member id for the `supported`
 * subqueries comes as the query parameter `member` (the runner knows it; `/me` names the account).
 *
 * - `GET /raw/processes/:id/ideas?limit=&chapterId=&cursor=` (sorted by support; the app's cursor)
 * - `GET /raw/processes/:id/amendments` (the rows, no diffs, no overlaps)
 * - `GET /raw/processes/:id/drafts/:version` (the rows, no line numbering)
 *
 * Environment: `PORT`, `DATABASE_URL`.
 */
import { createHash } from 'node:crypto';
import Fastify, { type FastifyRequest } from 'fastify';
import { decodeCursor } from '@rotes-netz/core/programme/cursor.ts';
import { openRawProgramme } from './raw-programme.ts';

interface Params {
  id: string;
  version?: string;
}
interface IdeaQuery {
  member?: string;
  limit?: string;
  chapterId?: string;
  cursor?: string;
}

/** What the app's session cookie names, as the sessions table stores it. */
function sessionOf(request: FastifyRequest): string {
  const token = /(?:^|;\s*)rn_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  return token ? createHash('sha256').update(decodeURIComponent(token)).digest('base64url') : '';
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  const databaseUrl = process.env.DATABASE_URL;
  if (!Number.isInteger(port) || port <= 0 || !databaseUrl) throw new Error('baseline needs PORT and DATABASE_URL');
  const raw = openRawProgramme(databaseUrl);
  const app = Fastify();
  const member = (request: FastifyRequest) => Number((request.query as { member?: string }).member);

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get<{ Params: Params; Querystring: IdeaQuery }>('/raw/processes/:id/ideas', async (request, reply) => {
    const { limit, chapterId, cursor } = request.query;
    const page = await raw.ideas(sessionOf(request), member(request), Number(request.params.id), {
      limit: Number(limit ?? 25),
      chapterId: chapterId === undefined ? undefined : Number(chapterId),
      after: cursor === undefined ? undefined : decodeCursor(cursor),
    });
    return page ?? reply.status(404).send({ status: 404 });
  });

  app.get<{ Params: Params }>('/raw/processes/:id/amendments', async (request, reply) => {
    const list = await raw.amendments(sessionOf(request), member(request), Number(request.params.id));
    return list ?? reply.status(404).send({ status: 404 });
  });

  app.get<{ Params: Params }>('/raw/processes/:id/drafts/:version', async (request, reply) => {
    const { id, version } = request.params;
    const draft = await raw.draft(sessionOf(request), Number(id), Number(version));
    return draft ?? reply.status(404).send({ status: 404 });
  });

  const shutdown = () => {
    void app
      .close()
      .then(() => raw.close())
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
