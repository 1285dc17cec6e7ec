/**
 * The OpenAPI 3.1 document, generated from the route schemas, at `/api/openapi.json`, and a
 * documentation page at `/api/docs` served from local assets only.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Problem } from '@rotes-netz/shared';

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
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
