/**
 * Serves the built web app and answers every unknown path: API paths get a 404 problem, page
 * paths get the app's index.html so the client router can take over.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { sendProblem } from './problems.ts';

export const web = fp(
  async (app: FastifyInstance, options: { dist: string }) => {
    const root = path.resolve(options.dist);
    const index = path.join(root, 'index.html');
    const hasApp = fs.existsSync(index);
    if (!hasApp) app.log.warn({ root }, 'web app not built; run "npm run build:web"');
    else {
      await app.register(fastifyStatic, {
        root,
        index: false,
        wildcard: true,
        // The build writes a .br and a .gz beside every text file (apps/web/vite.config.ts); a
        // browser gets the smallest it accepts, with Vary: Accept-Encoding.
        preCompressed: true,
        setHeaders(res, file) {
          const hashed = file.includes(`${path.sep}assets${path.sep}`);
          void res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }

    if (hasApp) {
      // The static plugin would answer the directory "/" itself (with a 403); the app's start page is index.html.
      app.get('/', { schema: { hide: true } }, (_request, reply) =>
        reply.header('cache-control', 'no-cache').sendFile('index.html'),
      );
    }

    app.setNotFoundHandler((request, reply) => {
      const pagePath = !request.url.startsWith('/api/') && (request.method === 'GET' || request.method === 'HEAD');
      if (pagePath && hasApp && !path.extname(request.url.split('?')[0] ?? '')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return sendProblem(request, reply, 'not_found');
    });
  },
  { name: 'web', dependencies: ['problems'] },
);
