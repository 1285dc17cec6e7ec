import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { calendarFeedIcs, publicEvent, renderShareImage, renderSharePage } from '@rotes-netz/core';
import { mailSettings } from '../context.ts';

const problem = Type.Ref('Problem');

/**
 * Public pages of the events feature, outside /api: the personal calendar feed behind its secret
 * token (calendar programs cannot sign in), and the share page of a public event.
 */
export const eventsPublicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;

  app.get(
    '/calendar/:token.ics',
    {
      schema: {
        tags: ['events'],
        summary: 'A personal calendar feed (the token is the secret; 404 once revoked)',
        params: Type.Object(
          { token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) },
          { additionalProperties: false },
        ),
        produces: ['text/calendar'],
        response: { 200: Type.String(), 404: problem },
      },
    },
    async (request, reply) => {
      const ics = await calendarFeedIcs(db(), request.params.token, mailSettings(app.ctx.config));
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store').send(ics);
    },
  );

  app.get(
    '/share/events/:id',
    {
      schema: {
        tags: ['events'],
        summary: 'The public share page of an event, with Open Graph tags (404 unless public)',
        params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }, { additionalProperties: false }),
        produces: ['text/html'],
        response: { 200: Type.String(), 404: problem },
      },
    },
    async (request, reply) => {
      const event = await publicEvent(db(), Number(request.params.id));
      const { config } = app.ctx;
      const html = renderSharePage(event, { publicUrl: config.publicUrl, instanceName: config.brand.name });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(html);
    },
  );

  app.get(
    '/share/events/:id/image.png',
    {
      schema: {
        tags: ['events'],
        summary: 'The picture of a public event for social media: a PNG of 1200×630 (404 unless public)',
        params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }, { additionalProperties: false }),
        produces: ['image/png'],
        response: { 200: Type.String({ format: 'binary', description: 'The PNG' }), 404: problem },
      },
    },
    async (request, reply) => {
      const event = await publicEvent(db(), Number(request.params.id));
      const { brand } = app.ctx.config;
      const png = await renderShareImage(event, {
        instanceName: brand.name,
        primaryColor: brand.primaryColor,
        accentColor: brand.accentColor,
      });
      return reply.type('image/png').header('cache-control', 'public, max-age=300').send(png);
    },
  );
};
