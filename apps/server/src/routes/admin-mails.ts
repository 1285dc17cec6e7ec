import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { PageQuery, SentMailList } from '@rotes-netz/shared';
import { isLandesAdmin, listMails, NotFoundError, queueTestMail } from '@rotes-netz/core';

const problem = Type.Ref('Problem');
const secured = { tags: ['admin'], security: [{ session: [] }] };

/** The sent-mail page of Landesverband admins. For everyone else it does not exist (404). */
export const adminMailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', async (request) => {
    if (!isLandesAdmin(await app.requireActor(request))) throw new NotFoundError('page');
  });

  app.get(
    '/admin/mails',
    {
      schema: {
        ...secured,
        summary: 'Mails the platform sent or kept, newest first',
        description:
          'Metadata of every mail; the body only of harmless kinds (or of mail to the viewer). Links, codes and meeting data are for their recipient alone.',
        querystring: PageQuery,
        response: { 200: SentMailList, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) =>
      listMails(
        app.ctx.database.db,
        { cursor: request.query.cursor ? Number(request.query.cursor) : undefined, limit: request.query.limit ?? 25 },
        (await app.requireActor(request)).email,
      ),
  );

  app.post(
    '/admin/mails/test',
    {
      schema: {
        ...secured,
        summary: 'Send a test mail to oneself',
        response: {
          202: Type.Object({ id: Type.Integer() }, { additionalProperties: false }),
          401: problem,
          404: problem,
        },
      },
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      const { config } = app.ctx;
      const id = await queueTestMail(app.ctx.database.db, {
        to: actor.email,
        name: actor.displayName,
        locale: actor.locale,
        brand: { instanceName: config.brand.name, primaryColor: config.brand.primaryColor },
        messageDomain: new URL(config.publicUrl).hostname,
      });
      app.ctx.worker?.nudge();
      return reply.status(202).send({ id });
    },
  );
};
