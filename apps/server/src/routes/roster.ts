import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  MemberDetail,
  MemberList,
  MemberParams,
  MemberSearchQuery,
  RosterApplied,
  RosterApplyBody,
  RosterIdParams,
  RosterPageQuery,
  RosterPreviewPage,
  RosterPreviewSchema,
  RosterUploadQuery,
  Unit,
  UnitParams,
  UnitUpdateBody,
} from '@rotes-netz/shared';
import {
  applyRoster,
  DomainError,
  exportMembersCsv,
  getMemberDetail,
  getRosterPreview,
  ipPrefix,
  isLandesAdmin,
  NotFoundError,
  previewRoster,
  renameUnit,
  searchMembers,
  units,
} from '@rotes-netz/core';
import { exportLimit } from '../plugins/rate-limit.ts';

const problem = Type.Ref('Problem');
const secured = { tags: ['admin'], security: [{ session: [] }] };

/** A roster of 36,000 rows is about 4 MB; the limit leaves room without inviting abuse. */
const ROSTER_BODY_LIMIT = 20 * 1024 * 1024;

/**
 * The roster import and the admin pages for members and units, for Landesverband admins only;
 * for everyone else they do not exist (404).
 */
export const rosterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const database = () => app.ctx.database;
  app.addHook('preHandler', async (request) => {
    if (!isLandesAdmin(await app.requireActor(request))) throw new NotFoundError('page');
  });
  // Scoped to this plugin: only the roster upload takes CSV.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: ROSTER_BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );
  const who = async (request: Parameters<typeof app.requireActor>[0]) => ({
    accountId: (await app.requireActor(request)).accountId,
    ipPrefix: ipPrefix(request.ip),
  });

  app.post(
    '/admin/roster/previews',
    {
      bodyLimit: ROSTER_BODY_LIMIT,
      schema: {
        ...secured,
        summary: 'Upload a roster CSV and see what applying it would change (nothing changes yet)',
        consumes: ['text/csv'],
        querystring: RosterUploadQuery,
        response: { 201: RosterPreviewSchema, 401: problem, 404: problem, 413: problem, 415: problem, 422: problem },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new DomainError('unsupported_media_type', 'the roster is sent as text/csv');
      }
      const preview = await previewRoster(database(), {
        bytes: request.body,
        fileName: request.query.name ?? 'roster.csv',
        ...(await who(request)),
      });
      return reply.status(201).send(preview);
    },
  );

  app.get(
    '/admin/roster/previews/:id',
    {
      schema: {
        ...secured,
        summary: 'A preview: its counts and one page of one section (new, changed, moved, left, errors)',
        params: RosterIdParams,
        querystring: RosterPageQuery,
        response: { 200: RosterPreviewPage, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) =>
      getRosterPreview(database(), Number(request.params.id), {
        section: request.query.section ?? 'errors',
        offset: Number(request.query.cursor ?? 0),
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    '/admin/roster/previews/:id/apply',
    {
      schema: {
        ...secured,
        summary:
          'Apply a preview in one transaction; 409 when it is outdated; 422 roster_mass_departure when a mass ' +
          'departure is not confirmed with the typed number of departures and a reason',
        params: RosterIdParams,
        body: RosterApplyBody,
        response: { 200: RosterApplied, 401: problem, 404: problem, 409: problem, 422: problem },
      },
      // The confirmation is needed only for a mass departure; without one, no body is fine.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) =>
      applyRoster(database(), Number(request.params.id), await who(request), {
        departures: request.body.departures,
        reason: request.body.reason,
      }),
  );

  app.get(
    '/admin/members',
    {
      schema: {
        ...secured,
        summary: 'Search members by name or number, inside a unit, by status',
        querystring: MemberSearchQuery,
        response: { 200: MemberList, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) =>
      searchMembers(database().db, {
        q: request.query.q,
        unitId: request.query.unitId,
        status: request.query.status,
        offset: Number(request.query.cursor ?? 0),
        limit: request.query.limit ?? 25,
      }),
  );

  app.get(
    '/admin/members/export.csv',
    {
      schema: {
        ...secured,
        summary: 'Every member as CSV in the import format; formula-like cells are neutralised',
        produces: ['text/csv'],
        response: { 200: Type.String(), 401: problem, 404: problem, 429: problem },
      },
      config: exportLimit(app),
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="mitglieder.csv"')
        .send(await exportMembersCsv(database().db)),
  );

  app.get(
    '/admin/members/:id',
    {
      schema: {
        ...secured,
        summary: 'One member with Ortsverein, AGs, roles and whether they have an account',
        params: MemberParams,
        response: { 200: MemberDetail, 401: problem, 404: problem },
      },
    },
    async (request) => getMemberDetail(database().db, Number(request.params.id)),
  );

  app.patch(
    '/admin/units/:id',
    {
      schema: {
        ...secured,
        summary: 'Rename a unit or change its code',
        params: UnitParams,
        body: UnitUpdateBody,
        response: { 200: Unit, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) => {
      const id = Number(request.params.id);
      await renameUnit(database().db, id, request.body, await who(request));
      return units.getUnit(database().db, id);
    },
  );
};
