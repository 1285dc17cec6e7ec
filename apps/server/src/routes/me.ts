import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Instance, Me } from '@rotes-netz/shared';
import { presentMe } from '@rotes-netz/core';

const problem = Type.Ref('Problem');

export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in member, their units and roles, and what they may do',
        security: [{ session: [] }],
        response: { 200: Me, 401: problem },
      },
    },
    async (request) => presentMe(await app.requireActor(request)),
  );

  app.get(
    '/instance',
    { schema: { tags: ['instance'], summary: 'Name, colours and logo of this instance', response: { 200: Instance } } },
    async (_request, reply) => {
      const { brand, demo } = app.ctx.config;
      void reply.header('cache-control', 'public, max-age=300');
      return { ...brand, demo, partyAccount: Boolean(app.ctx.config.oidc) };
    },
  );
};
