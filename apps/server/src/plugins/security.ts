/**
 * Security headers on every response, no caching of API answers, and a cross-site request check
 * on every state-changing request: a browser names the requesting site in `Sec-Fetch-Site` and
 * `Origin`, and a request from another site is refused before it reaches a route.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import { sendProblem } from './problems.ts';

export interface SecurityOptions {
  publicUrl: string;
}

/** The one Content-Security-Policy of every page: nothing from other hosts, nothing inline. */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** {@link CSP_DIRECTIVES} as a header value. */
export const CSP_HEADER = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const security = fp(
  async (app: FastifyInstance, options: SecurityOptions) => {
    const publicOrigin = new URL(options.publicUrl).origin;

    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      // HSTS only means something over TLS; it is added below when the request came that way.
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      crossOriginEmbedderPolicy: false,
    });

    app.addHook('onRequest', async (request, reply) => {
      if (request.protocol === 'https') {
        void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
      }
      if (SAFE_METHODS.has(request.method)) return;
      const site = request.headers['sec-fetch-site'];
      const origin = request.headers.origin;
      const crossSite =
        (site !== undefined && site !== 'same-origin' && site !== 'none') ||
        (origin !== undefined && origin !== publicOrigin && origin !== 'null' ? true : origin === 'null');
      if (crossSite) return sendProblem(request, reply, 'cross_site_request');
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
        void reply.header('cache-control', 'no-store');
      }
      void reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
      return payload;
    });
  },
  { name: 'security', dependencies: ['problems'] },
);
