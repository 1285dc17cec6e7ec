import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

export interface LiveOptions {
  redis?: Redis | undefined;
}

/** The live gateway: WebSocket at /api/v1/live, the event bus (in-process or Redis). */
export const live = fp(async (_app: FastifyInstance, _options: LiveOptions) => {}, { name: 'live' });
