import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Routes of the events feature, under /api/v1. */
export const eventsRoutes: FastifyPluginAsyncTypebox = async () => {};
