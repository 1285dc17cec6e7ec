/**
 * Builds the Fastify application: external plugins, then our plugins, then routes (the order of
 * fastify/demo). Nothing here listens or migrates; `main.ts` and the tests do that.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Ajv, type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyCompress from '@fastify/compress';
import type { Redis } from 'ioredis';
import type { Database, JobWorker } from '@rotes-netz/core';
import { storable } from '@rotes-netz/shared';
import type { Config } from './config.ts';
import './context.ts';
import { problems } from './plugins/problems.ts';
import { security } from './plugins/security.ts';
import { rateLimits } from './plugins/rate-limit.ts';
import { auth } from './plugins/auth.ts';
import { openapi } from './plugins/openapi.ts';
import { web } from './plugins/web.ts';
import { live } from './plugins/live.ts';
import { metrics } from './plugins/metrics.ts';
import { drain } from './plugins/drain.ts';
import { sessionPolicy } from './session-policy.ts';
import { loggerOptions } from './logging.ts';
import { healthRoutes } from './routes/health.ts';
import { authRoutes } from './routes/auth.ts';
import { meRoutes } from './routes/me.ts';
import { unitRoutes } from './routes/units.ts';
import { adminMailRoutes } from './routes/admin-mails.ts';
import { rosterRoutes } from './routes/roster.ts';
import { registrationRoutes } from './routes/registration.ts';
import { securityRoutes } from './routes/security.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { roleRoutes } from './routes/roles.ts';
import { roomsRoutes } from './routes/rooms.ts';
import { attachmentsRoutes } from './routes/attachments.ts';
import { pollsRoutes } from './routes/polls.ts';
import { moderationRoutes } from './routes/moderation.ts';
import { notificationsRoutes } from './routes/notifications.ts';
import { eventsRoutes } from './routes/events.ts';
import { programmeRoutes } from './routes/programme.ts';
import { eventsPublicRoutes } from './routes/events-public.ts';
import { legalRoutes } from './routes/legal.ts';
import { oidcRoutes } from './routes/oidc.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  redis?: Redis | undefined;
  worker?: JobWorker | undefined;
  /** A pino logger to share with the rest of the process; by default the app makes its own. */
  logger?: FastifyBaseLogger;
}

export { REDACT } from './logging.ts';

function ajv(options: AjvOptions) {
  const instance = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, ...options });
  addFormats.default(instance);
  return instance;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are validated exactly (a number is not a string); query strings and path parameters
  // arrive as text and are coerced to the schema's types.
  const strictBodies = ajv({ coerceTypes: false });
  const coercing = ajv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strictBodies.compile(schema) : coercing.compile(schema),
  );

  app.decorate('ctx', { database, config, worker: options.worker });

  // Every route refuses, at the edge and on both databases alike, text PostgreSQL cannot store and
  // integers beyond its columns (422); added before the OpenAPI plugin, so the document shows it.
  app.addHook('onRoute', (route) => {
    if (!route.schema) return;
    const { body, querystring, params } = route.schema;
    route.schema = {
      ...route.schema,
      ...(body === undefined ? {} : { body: storable(body) }),
      ...(querystring === undefined ? {} : { querystring: storable(querystring) }),
      ...(params === undefined ? {} : { params: storable(params) }),
    };
  });

  await app.register(problems);
  await app.register(security, { publicUrl: config.publicUrl });
  await app.register(rateLimits, {
    db: database.db,
    redis: options.redis,
    perMinute: config.rateLimitPerMinute,
    redisPrefix: config.redisPrefix,
  });
  await app.register(auth, { db: database.db, publicUrl: config.publicUrl, sessionPolicy: sessionPolicy(config) });
  await app.register(openapi, { publicUrl: config.publicUrl, title: config.brand.name });

  await app.register(live, { redis: options.redis });
  await app.register(metrics, { allow: config.metricsAllow, token: config.metricsToken });
  await app.register(drain);

  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      // API answers of 1 KiB and more are compressed (brotli at a quality cheap enough to do per
      // request, or gzip), with Vary: Accept-Encoding. Only here: the live socket is not under
      // /api/v1, and the web app's files are compressed once at build time (plugins/web.ts).
      // Request bodies stay as they were: a compressed body is not unpacked (it fails as before).
      api.addHook('onRoute', (route) => {
        route.decompress ??= false;
      });
      await api.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip'] });
      await api.register(meRoutes);
      await api.register(legalRoutes);
      await api.register(authRoutes);
      await api.register(oidcRoutes);
      await api.register(unitRoutes);
      await api.register(adminMailRoutes);
      await api.register(rosterRoutes);
      await api.register(registrationRoutes);
      await api.register(securityRoutes);
      await api.register(privacyRoutes);
      await api.register(roleRoutes);
      await api.register(roomsRoutes);
      await api.register(attachmentsRoutes);
      await api.register(pollsRoutes);
      await api.register(moderationRoutes);
      await api.register(notificationsRoutes);
      await api.register(eventsRoutes);
      await api.register(programmeRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(eventsPublicRoutes);
  await app.register(web, { dist: config.webDist });
  return app;
}
