import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  BanBody,
  CloseReportBody,
  HidePostBody,
  ModerationIdParams,
  ModerationQueue,
  ModerationQueueQuery,
  ModerationSummary,
  ReportBody,
  RoomBan,
  RoomBanList,
  RoomBanParams,
} from '@rotes-netz/shared';
import {
  banMember,
  closeReport,
  hidePost,
  liftBan,
  listBans,
  moderationQueue,
  moderationSummary,
  reportPost,
  restorePost,
} from '@rotes-netz/core';

const problem = Type.Ref('Problem');
const secured = { tags: ['moderation'], security: [{ session: [] }] };

/**
 * Reporting posts, the moderators' queue, hiding and restoring posts, closing reports and room
 * bans. Whoever does not moderate the room gets 404, like for a room that does not exist.
 */
export const moderationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;

  app.post(
    '/posts/:id/reports',
    {
      schema: {
        ...secured,
        summary: 'Report a post to the moderators of its room (once per member and post)',
        params: ModerationIdParams,
        body: ReportBody,
        response: { 204: Type.Null(), 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request, reply) => {
      await reportPost(db(), await app.requireActor(request), Number(request.params.id), request.body.reason);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/moderation/summary',
    {
      schema: {
        ...secured,
        summary: 'Whether the viewer moderates any room, and how many reports are open there',
        response: { 200: ModerationSummary, 401: problem },
      },
    },
    async (request) => moderationSummary(db(), await app.requireActor(request)),
  );

  app.get(
    '/moderation/queue',
    {
      schema: {
        ...secured,
        summary: 'Reported posts in rooms the viewer moderates, one case per post, newest report first',
        querystring: ModerationQueueQuery,
        response: { 200: ModerationQueue, 401: problem, 404: problem },
      },
    },
    async (request) => {
      const { status, unitId, cursor, limit } = request.query;
      return moderationQueue(db(), await app.requireActor(request), {
        status: status ?? 'open',
        unitId: unitId === undefined ? undefined : Number(unitId),
        cursor: cursor === undefined ? undefined : Number(cursor),
        limit: limit ?? 25,
      });
    },
  );

  for (const outcome of ['dismiss', 'resolve'] as const) {
    app.post(
      `/reports/:id/${outcome}`,
      {
        schema: {
          ...secured,
          summary:
            outcome === 'dismiss'
              ? 'Dismiss a report (nothing wrong) together with the other open reports of its post'
              : 'Resolve a report (dealt with) together with the other open reports of its post',
          params: ModerationIdParams,
          body: CloseReportBody,
          response: { 204: Type.Null(), 401: problem, 404: problem, 409: problem },
        },
      },
      async (request, reply) => {
        const actor = await app.requireActor(request);
        const result = outcome === 'dismiss' ? 'dismissed' : 'resolved';
        await closeReport(db(), actor, Number(request.params.id), result, request.body.note);
        return reply.status(204).send(null);
      },
    );
  }

  app.put(
    '/posts/:id/hidden',
    {
      schema: {
        ...secured,
        summary: 'Hide a post with a reason (moderators; closes its open reports)',
        params: ModerationIdParams,
        body: HidePostBody,
        response: { 204: Type.Null(), 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request, reply) => {
      await hidePost(db(), await app.requireActor(request), Number(request.params.id), request.body.reason);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/posts/:id/hidden',
    {
      schema: {
        ...secured,
        summary: 'Show a hidden post again (moderators)',
        params: ModerationIdParams,
        response: { 204: Type.Null(), 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await restorePost(db(), await app.requireActor(request), Number(request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/rooms/:id/bans',
    {
      schema: {
        ...secured,
        summary: 'Bans of a room, those in force first (moderators)',
        params: ModerationIdParams,
        response: { 200: RoomBanList, 401: problem, 404: problem },
      },
    },
    async (request) => listBans(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.post(
    '/rooms/:id/bans',
    {
      schema: {
        ...secured,
        summary: 'Ban a member from writing in the room until a time, at most a year ahead (moderators)',
        params: ModerationIdParams,
        body: BanBody,
        response: { 201: RoomBan, 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request, reply) => {
      const ban = await banMember(db(), await app.requireActor(request), Number(request.params.id), request.body);
      return reply.status(201).send(ban);
    },
  );

  app.delete(
    '/rooms/:id/bans/:banId',
    {
      schema: {
        ...secured,
        summary: 'Lift a ban before it ends (moderators)',
        params: RoomBanParams,
        response: { 204: Type.Null(), 401: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => {
      const { id, banId } = request.params;
      await liftBan(db(), await app.requireActor(request), Number(id), Number(banId));
      return reply.status(204).send(null);
    },
  );
};
