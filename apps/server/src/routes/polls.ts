import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Routes of the polls feature, under /api/v1. */
export const pollsRoutes: FastifyPluginAsyncTypebox = async () => {};
