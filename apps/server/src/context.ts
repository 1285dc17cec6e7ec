/** What routes need besides the request: the database, configuration, and the job worker. */
import type { Database, JobWorker, MailBranding } from '@rotes-netz/core';
import type { Config } from './config.ts';

export interface AppContext {
  database: Database;
  config: Config;
  /** The worker in this process, if it runs one; nudged after enqueueing so jobs start at once. */
  worker: JobWorker | undefined;
}

/** Name and colour for mail layouts, and the domain for Message-IDs. */
export function mailSettings(config: Config): { brand: MailBranding; messageDomain: string; publicUrl: string } {
  return {
    brand: { instanceName: config.brand.name, primaryColor: config.brand.primaryColor },
    messageDomain: new URL(config.publicUrl).hostname,
    publicUrl: config.publicUrl,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
