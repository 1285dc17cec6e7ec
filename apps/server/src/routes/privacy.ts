import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AuditList,
  AuditQuery,
  ConsentList,
  DataExportStarted,
  DeleteAccountBody,
  MemberProfile,
  MyProfile,
  ProfilePatch,
  ReauthenticationBody,
  UnitParams,
} from '@rotes-netz/shared';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  can,
  deleteAccount,
  downloadDataExport,
  getMyProfile,
  ipPrefix,
  listAudit,
  listConsents,
  MAX_PHOTO_BYTES,
  NotFoundError,
  removeMyPhoto,
  requestDataExport,
  setMyPhoto,
  updateMyProfile,
  ValidationError,
  viewPhoto,
  viewProfile,
} from '@rotes-netz/core';
import { mailSettings } from '../context.ts';
import { exportLimit, passwordCheckLimit } from '../plugins/rate-limit.ts';

const problem = Type.Ref('Problem');
const secured = { tags: ['privacy'], security: [{ session: [] }] };
const TokenParams = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 100 }) },
  { additionalProperties: false },
);
const DAY_MS = 24 * 60 * 60 * 1000;

/** Profile and privacy: one's profile and photo, others' profiles, data export, deletion, consents, the audit log. */
export const privacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;
  const uploadDir = () => app.ctx.config.uploadDir;

  app.get(
    '/me/profile',
    { schema: { ...secured, summary: 'One’s own profile', response: { 200: MyProfile, 401: problem } } },
    async (request) => getMyProfile(db(), (await app.requireActor(request)).memberId),
  );

  app.patch(
    '/me/profile',
    {
      schema: {
        ...secured,
        summary: 'Change one’s profile and who may see each field (unknown fields such as role: 422)',
        body: ProfilePatch,
        response: { 200: MyProfile, 401: problem, 422: problem },
      },
    },
    async (request) => updateMyProfile(db(), await app.requireActor(request), request.body, ipPrefix(request.ip)),
  );

  // Photos arrive as raw bytes of any declared type: the content decides, so an SVG or an HTML file
  // is refused as upload_rejected (422) rather than by its header.
  await app.register(async (photos) => {
    photos.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    photos.put(
      '/me/profile/photo',
      {
        bodyLimit: MAX_PHOTO_BYTES,
        schema: {
          ...secured,
          summary: 'Upload a photo (JPEG, PNG or WebP, ≤ 5 MiB); stored as WebP ≤ 512 px without metadata',
          response: { 200: MyProfile, 401: problem, 413: problem, 422: problem },
        },
      },
      async (request) => {
        const actor = await app.requireActor(request);
        if (!Buffer.isBuffer(request.body)) throw new ValidationError([{ path: '', message: 'expected image bytes' }]);
        return setMyPhoto(db(), actor, request.body, uploadDir());
      },
    );
  });

  app.delete(
    '/me/profile/photo',
    { schema: { ...secured, summary: 'Remove one’s photo', response: { 200: MyProfile, 401: problem } } },
    async (request) => removeMyPhoto(db(), await app.requireActor(request), uploadDir()),
  );

  app.get(
    '/members/:id/profile',
    {
      schema: {
        ...secured,
        summary: 'A member’s profile, as far as its owner opened it to the viewer',
        params: UnitParams,
        response: { 200: MemberProfile, 401: problem, 404: problem },
      },
    },
    async (request) => viewProfile(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.get(
    '/members/:id/photo',
    { schema: { ...secured, summary: 'A member’s photo (WebP), when visible', params: UnitParams } },
    async (request, reply) => {
      const photo = await viewPhoto(db(), await app.requireActor(request), Number(request.params.id), uploadDir());
      return reply
        .header('content-type', 'image/webp')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline')
        .header('cache-control', 'private, max-age=300')
        .send(photo);
    },
  );

  app.get(
    '/me/consents',
    { schema: { ...secured, summary: 'Consents one gave', response: { 200: ConsentList, 401: problem } } },
    async (request) => listConsents(db(), (await app.requireActor(request)).accountId),
  );

  app.post(
    '/me/data-export',
    {
      schema: {
        ...secured,
        summary: 'Prepare a download of all one’s data (password required); the one-time link is mailed and returned',
        body: ReauthenticationBody,
        response: { 202: DataExportStarted, 401: problem, 403: problem, 422: problem, 429: problem },
      },
      config: passwordCheckLimit(app),
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      const { brand, messageDomain, publicUrl } = mailSettings(app.ctx.config);
      const started = await requestDataExport(db(), actor, request.body.password, {
        uploadDir: uploadDir(),
        publicUrl,
        brand,
        messageDomain,
        ipPrefix: ipPrefix(request.ip),
      });
      app.ctx.worker?.nudge();
      return reply.status(202).send(started);
    },
  );

  app.get(
    '/me/data-export/:token',
    {
      schema: { ...secured, summary: 'Download the prepared data export (works once)', params: TokenParams },
      config: exportLimit(app),
    },
    async (request, reply) => {
      const zip = await downloadDataExport(db(), await app.requireActor(request), request.params.token, uploadDir());
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="rotes-netz-daten-${day}.zip"`)
        .send(zip);
    },
  );

  app.post(
    '/me/delete',
    {
      schema: {
        ...secured,
        summary: 'Delete one’s account (password and the word LÖSCHEN); contributions stay as “Gelöschtes Mitglied”',
        body: DeleteAccountBody,
        response: { 204: Type.Null(), 401: problem, 403: problem, 422: problem, 429: problem },
      },
      config: passwordCheckLimit(app),
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      await deleteAccount(db(), actor, request.body.password, {
        uploadDir: uploadDir(),
        ipPrefix: ipPrefix(request.ip),
        mail: mailSettings(app.ctx.config),
        erasureLog: app.ctx.config.erasureLog,
      });
      app.sessionCookie.clear(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/admin/audit',
    {
      schema: {
        ...secured,
        tags: ['admin'],
        summary: 'The audit log, newest first (Landesverband admins)',
        querystring: AuditQuery,
        response: { 200: AuditList, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) => {
      if (!can(await app.requireActor(request), { action: 'audit.read' })) throw new NotFoundError('page');
      const q = request.query;
      if (q.action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(q.action)) {
        throw new ValidationError([{ path: '/action', message: 'unknown action' }]);
      }
      const day = (d: string | undefined) => (d === undefined ? undefined : Date.parse(`${d}T00:00:00Z`));
      const to = day(q.to);
      const page = await listAudit(db(), {
        action: q.action as AuditAction | undefined,
        actorAccountId: q.actor,
        subjectMemberId: q.subject,
        from: day(q.from),
        to: to === undefined ? undefined : to + DAY_MS,
        before: q.before,
        limit: 50,
      });
      return { ...page, actions: [...AUDIT_ACTIONS] };
    },
  );
};
