import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  MarkNotificationsReadBody,
  NotificationList,
  NotificationsQuery,
  UnreadNotifications,
} from '@rotes-netz/shared';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from '@rotes-netz/core';

const problem = Type.Ref('Problem');
const secured = { tags: ['notifications'], security: [{ session: [] }] };

/** The member's in-app notifications: the list, the bell's count, marking read across devices. */
export const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;

  app.get(
    '/notifications',
    {
      schema: {
        ...secured,
        summary: 'My notifications, newest first, with the unread count',
        querystring: NotificationsQuery,
        response: { 200: NotificationList, 401: problem },
      },
    },
    async (request) => {
      const { cursor, unreadOnly, limit } = request.query;
      return listNotifications(db(), await app.requireActor(request), {
        cursor: cursor === undefined ? undefined : Number(cursor),
        unreadOnly,
        limit: limit ?? 30,
      });
    },
  );

  app.get(
    '/notifications/unread-count',
    {
      schema: {
        ...secured,
        summary: 'How many of my notifications are unread (the bell)',
        response: { 200: UnreadNotifications, 401: problem },
      },
    },
    async (request) => ({ unread: await unreadNotificationCount(db(), await app.requireActor(request)) }),
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        ...secured,
        summary: 'Mark some or all of my notifications read, on every device',
        body: MarkNotificationsReadBody,
        response: { 200: UnreadNotifications, 401: problem, 422: problem },
      },
    },
    async (request) => ({
      unread: await markNotificationsRead(db(), await app.requireActor(request), request.body),
    }),
  );
};
