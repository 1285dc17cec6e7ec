import { sql } from 'kysely';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health, Ready } from '@rotes-netz/shared';
import { LATEST_MIGRATION } from '@rotes-netz/core';

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers). */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Health } }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: { tags: ['health'], summary: 'The database is reachable', response: { 200: Ready, 503: Ready } },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(app.ctx.database.db);
        return { status: 'ready' as const, database: 'ok' as const, schemaVersion: LATEST_MIGRATION };
      } catch {
        return reply
          .status(503)
          .send({ status: 'not_ready' as const, database: 'unreachable' as const, schemaVersion: LATEST_MIGRATION });
      }
    },
  );
};
