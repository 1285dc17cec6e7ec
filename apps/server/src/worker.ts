import type pino from 'pino';
import { createMailTransport, JobWorker, SEND_MAIL_JOB, sendMailHandler, type Database } from '@rotes-netz/core';
import type { Config } from './config.ts';

/** The job worker with every handler of the platform. */
export function createWorker(database: Database, config: Config, logger?: pino.Logger): JobWorker {
  const transport = createMailTransport({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  return new JobWorker({
    db: database.db,
    dialect: database.dialect,
    handlers: { [SEND_MAIL_JOB]: sendMailHandler(database.db, transport) },
    ...(logger ? { logger } : {}),
  });
}
