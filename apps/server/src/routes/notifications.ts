import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Routes of the notifications feature, under /api/v1. */
export const notificationsRoutes: FastifyPluginAsyncTypebox = async () => {};
