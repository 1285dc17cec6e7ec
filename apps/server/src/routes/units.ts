import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Unit, UnitList, UnitParams, UnitSearchQuery } from '@rotes-netz/shared';
import { units } from '@rotes-netz/core';

const problem = Type.Ref('Problem');
const secured = { tags: ['units'], security: [{ session: [] }] };

/** The party structure, readable by every signed-in member. */
export const unitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;
  app.addHook('preHandler', async (request) => {
    await app.requireSession(request);
  });

  app.get(
    '/units',
    {
      schema: {
        ...secured,
        summary: 'Search units by name or code',
        querystring: UnitSearchQuery,
        response: { 200: UnitList, 401: problem, 422: problem },
      },
    },
    async (request) => ({
      items: await units.searchUnits(db(), {
        q: request.query.q,
        type: request.query.type,
        limit: request.query.limit ?? 50,
      }),
    }),
  );

  app.get(
    '/units/roots',
    { schema: { ...secured, summary: 'The top of the tree', response: { 200: UnitList, 401: problem } } },
    async () => ({ items: await units.listChildren(db(), null) }),
  );

  app.get(
    '/units/:id',
    {
      schema: {
        ...secured,
        summary: 'One unit',
        params: UnitParams,
        response: { 200: Unit, 401: problem, 404: problem },
      },
    },
    async (request) => units.getUnit(db(), Number(request.params.id)),
  );

  app.get(
    '/units/:id/children',
    {
      schema: {
        ...secured,
        summary: 'The units directly below',
        params: UnitParams,
        response: { 200: UnitList, 401: problem, 404: problem },
      },
    },
    async (request) => ({ items: await units.listChildren(db(), Number(request.params.id)) }),
  );

  app.get(
    '/units/:id/ancestry',
    {
      schema: {
        ...secured,
        summary: 'The path from the root down to the unit',
        params: UnitParams,
        response: { 200: UnitList, 401: problem, 404: problem },
      },
    },
    async (request) => ({ items: await units.getAncestry(db(), Number(request.params.id)) }),
  );
};
