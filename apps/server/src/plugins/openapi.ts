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

export const openapi = fp(
  async (app: FastifyInstance, options: { publicUrl: string; title: string }) => {
    app.addSchema(Problem);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: `${options.title} API`,
          version: '1',
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
          { name: 'auth', description: 'Signing in and out' },
          { name: 'units', description: 'The party structure' },
          { name: 'admin', description: 'Landesverband administration' },
        ],
      },
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
