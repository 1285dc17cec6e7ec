/** What routes need besides the request: the database, configuration, and the job worker. */
import type { Database, JobWorker } from '@rotes-netz/core';
import type { Config } from './config.ts';

export interface AppContext {
  database: Database;
  config: Config;
  /** The worker in this process, if it runs one; nudged after enqueueing so jobs start at once. */
  worker: JobWorker | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
