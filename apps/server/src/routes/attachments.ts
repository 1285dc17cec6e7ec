import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  ATTACHMENT_FILE_NAME_HEADER,
  AttachmentDownloadQuery,
  AttachmentParams,
  AttachmentView,
  RoomParams,
} from '@rotes-netz/shared';
import {
  contentDisposition,
  DomainError,
  downloadAttachment,
  uploadAttachment,
  ValidationError,
} from '@rotes-netz/core';

const problem = Type.Ref('Problem');
const secured = { tags: ['attachments'], security: [{ session: [] }] };

/** What a download may do in a browser: nothing (no scripts, no requests, no same origin). */
const DOWNLOAD_CSP = "sandbox; default-src 'none'";

/** The file name from `X-File-Name` (URL-encoded); undecodable input is taken as it came. */
function fileNameOf(header: string | string[] | undefined): string {
  const raw = (Array.isArray(header) ? header[0] : header)?.slice(0, 1000) ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Attachments: upload into a room (raw body, name in `X-File-Name`), download with headers that
 * keep a file from ever running as a page of this site.
 */
export const attachmentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;
  const maxBytes = app.ctx.config.attachmentMaxBytes;

  // The body is the file itself, whatever Content-Type the client claims: the content decides.
  await app.register(async (plugin) => {
    const uploads = plugin.withTypeProvider<TypeBoxTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) =>
      done(null, body),
    );
    uploads.addHook('onRequest', async (request) => {
      if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw new DomainError('attachment_too_large');
    });
    uploads.post(
      '/rooms/:id/attachments',
      {
        bodyLimit: maxBytes,
        schema: {
          ...secured,
          summary:
            'Upload a file into a room (raw body; URL-encoded name in X-File-Name): images (re-encoded, metadata removed), PDF, office documents',
          params: RoomParams,
          response: {
            201: AttachmentView,
            401: problem,
            403: problem,
            404: problem,
            413: problem,
            415: problem,
            422: problem,
          },
        },
      },
      async (request, reply) => {
        const actor = await app.requireActor(request);
        if (!Buffer.isBuffer(request.body))
          throw new ValidationError([{ path: '', message: 'expected the file bytes' }]);
        const view = await uploadAttachment(
          db(),
          actor,
          {
            roomId: Number(request.params.id),
            fileName: fileNameOf(request.headers[ATTACHMENT_FILE_NAME_HEADER]),
            data: request.body,
          },
          { uploadDir: app.ctx.config.uploadDir, maxBytes },
        );
        return reply.status(201).send(view);
      },
    );
  });

  app.get(
    '/attachments/:id',
    {
      schema: {
        ...secured,
        summary: 'Download an attachment (images inline unless ?download=true; nosniff, sandboxing CSP)',
        params: AttachmentParams,
        querystring: AttachmentDownloadQuery,
        response: {
          200: Type.String({ format: 'binary', description: 'The file' }),
          401: problem,
          404: problem,
        },
      },
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      const { view, data } = await downloadAttachment(db(), actor, Number(request.params.id), app.ctx.config.uploadDir);
      const inline = view.mediaType.startsWith('image/') && request.query.download !== true;
      return reply
        .type(view.mediaType)
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', view.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', DOWNLOAD_CSP)
        .header('cache-control', 'private, max-age=300')
        .send(data);
    },
  );
};
