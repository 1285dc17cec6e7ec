import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Routes of the moderation feature, under /api/v1. */
export const moderationRoutes: FastifyPluginAsyncTypebox = async () => {};
