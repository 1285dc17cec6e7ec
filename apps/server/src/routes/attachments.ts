import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Routes of the attachments feature, under /api/v1. */
export const attachmentsRoutes: FastifyPluginAsyncTypebox = async () => {};
