import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Instance, Me, SessionState } from '@rotes-netz/shared';
import { presentMe } from '@rotes-netz/core';
import { legalPagesOf } from './legal.ts';

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
    '/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether this browser is signed in, and as whom',
        description:
          'Like /me, but a browser without a (complete) session gets 200 with `signedIn: false` instead of a 401: ' +
          'the web app asks this on every first load, and a public page should not start with an error.',
        response: { 200: SessionState },
      },
    },
    async (request) => {
      const actor = await app.actorOf(request);
      return actor ? { signedIn: true as const, me: presentMe(actor) } : { signedIn: false as const };
    },
  );

  app.get(
    '/instance',
    { schema: { tags: ['instance'], summary: 'Name, colours and logo of this instance', response: { 200: Instance } } },
    async (_request, reply) => {
      const { brand, demo, legalDir } = app.ctx.config;
      void reply.header('cache-control', 'public, max-age=300');
      return { ...brand, demo, legalPages: await legalPagesOf(legalDir), partyAccount: Boolean(app.ctx.config.oidc) };
    },
  );
};
