import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Routes of the rooms feature, under /api/v1. */
export const roomsRoutes: FastifyPluginAsyncTypebox = async () => {};
