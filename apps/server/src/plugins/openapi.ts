/**
 * The OpenAPI 3.1 document, generated from the route schemas, at `/api/openapi.json`, and a
 * documentation page at `/api/docs` served from local assets only.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Problem } from '@rotes-netz/shared';
import { CSP_HEADER } from './security.ts';
import { withOperationIds } from './openapi-operations.ts';
import { withDescriptions, withExamples } from './openapi-descriptions.ts';

export const openapi = fp(
  async (app: FastifyInstance, options: { publicUrl: string; title: string }) => {
    app.addSchema(Problem);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: `${options.title} API`,
          version: '1',
          // The instance that runs this API is whom to ask about it.
          contact: { name: options.title, url: options.publicUrl },
          description:
            'JSON API of Rotes Netz. Errors are application/problem+json with a stable `code`; ' +
            'messages follow Accept-Language (de, en). State-changing requests from other sites are refused.',
        },
        servers: [{ url: options.publicUrl }],
        components: {
          securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'rn_session' } },
        },
        tags: [
          { name: 'health', description: 'Liveness and readiness' },
          { name: 'instance', description: 'Branding and instance facts' },
          { name: 'auth', description: "Signing in and out, second factors, the party's identity provider" },
          { name: 'registration', description: 'Registering as a member, invitations, password reset' },
          { name: 'account', description: "Changing one's password and email address" },
          { name: 'security', description: 'Second factors, passkeys and sessions of the signed-in member' },
          { name: 'privacy', description: 'Profile, visibility, consents, data export and account deletion' },
          { name: 'units', description: 'The party structure' },
          { name: 'roles', description: 'Platform roles granted in a unit' },
          { name: 'admin', description: 'Landesverband administration: roster, members, units, mail, audit log' },
          { name: 'rooms', description: "Every unit's rooms, settings, invitations and bans" },
          { name: 'threads', description: 'Threads, posts, reactions, read markers and drafts' },
          { name: 'attachments', description: 'Files attached to posts' },
          { name: 'polls', description: 'Polls (Meinungsbilder) in threads' },
          { name: 'moderation', description: 'Reports, the moderation queue, hiding posts' },
          { name: 'notifications', description: 'In-app notifications' },
          { name: 'events', description: 'Events, registration, meeting data, questions, series, calendars' },
          { name: 'programme', description: 'The programme process: ideas, answers, drafts, amendments, exports' },
        ],
      },
      transformObject: (document) =>
        'openapiObject' in document
          ? withExamples(withDescriptions(withOperationIds(document.openapiObject)))
          : document.swaggerObject,
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      // No validator badge: it would fetch from a third-party host.
      uiConfig: { validatorUrl: null },
      // swagger-ui sets a CSP of its own that allows any https: host; the docs page keeps ours.
      staticCSP: true,
      transformStaticCSP: () => CSP_HEADER,
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
