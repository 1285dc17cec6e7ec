import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { GrantRoleBody, RoleSchema, UnitParams, UnitRoleList } from '@rotes-netz/shared';
import { grantRole, ipPrefix, listUnitRoles, revokeRole } from '@rotes-netz/core';
import { mailSettings } from '../context.ts';

const problem = Type.Ref('Problem');
const secured = { tags: ['roles'], security: [{ session: [] }] };

const RoleParams = Type.Object(
  { id: UnitParams.properties.id, memberId: UnitParams.properties.id, role: RoleSchema },
  { additionalProperties: false },
);

/** Roles in a unit: visible to its board and LV admins; granted and revoked as the roles policy allows. */
export const roleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;
  const context = (ip: string) => {
    const { brand, messageDomain } = mailSettings(app.ctx.config);
    return { brand, messageDomain, ipPrefix: ipPrefix(ip) };
  };

  app.get(
    '/units/:id/roles',
    {
      schema: {
        ...secured,
        summary: 'Who holds which role in the unit, and which roles the viewer may grant',
        params: UnitParams,
        response: { 200: UnitRoleList, 401: problem, 404: problem },
      },
    },
    async (request) => listUnitRoles(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.post(
    '/units/:id/roles',
    {
      schema: {
        ...secured,
        summary: 'Grant a role in the unit (the member is told by mail)',
        params: UnitParams,
        body: GrantRoleBody,
        response: { 204: Type.Null(), 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      await grantRole(db(), actor, { unitId: Number(request.params.id), ...request.body }, context(request.ip));
      app.ctx.worker?.nudge();
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/units/:id/roles/:memberId/:role',
    {
      schema: {
        ...secured,
        summary: 'Revoke a role granted in the app (roles from the roster stay: 409)',
        params: RoleParams,
        response: { 204: Type.Null(), 401: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      const { id, memberId, role } = request.params;
      await revokeRole(db(), actor, { unitId: Number(id), memberId: Number(memberId), role }, context(request.ip));
      app.ctx.worker?.nudge();
      return reply.status(204).send(null);
    },
  );
};
