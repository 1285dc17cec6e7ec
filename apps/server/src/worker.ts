import type pino from 'pino';
import {
  createMailTransport,
  JobWorker,
  PRUNE_MAILS_JOB,
  pruneMailsHandler,
  SEND_MAIL_JOB,
  sendMailHandler,
  type Database,
} from '@rotes-netz/core';
import type { Config } from './config.ts';
import { mailSettings } from './context.ts';
import {
  ATTACHMENT_CLEANUP_JOB,
  attachmentCleanupHandler,
  EVENT_MAIL_FANOUT_JOB,
  eventMailFanoutHandler,
  PASSWORD_RESET_JOB,
  passwordResetHandler,
  REGISTRATION_CHECK_JOB,
  registrationCheckHandler,
} from '@rotes-netz/core';

/** The job worker with every handler of the platform. */
export function createWorker(database: Database, config: Config, logger?: pino.Logger): JobWorker {
  const transport = createMailTransport({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  return new JobWorker({
    db: database.db,
    dialect: database.dialect,
    handlers: {
      [SEND_MAIL_JOB]: sendMailHandler(database.db, transport),
      [PRUNE_MAILS_JOB]: pruneMailsHandler(database.db, config.mailRetentionDays * 24 * 60 * 60_000),
      [REGISTRATION_CHECK_JOB]: registrationCheckHandler(database.db, mailSettings(config)),
      [PASSWORD_RESET_JOB]: passwordResetHandler(database.db, mailSettings(config)),
      [ATTACHMENT_CLEANUP_JOB]: attachmentCleanupHandler(database.db, config.uploadDir),
      [EVENT_MAIL_FANOUT_JOB]: eventMailFanoutHandler(database.db, mailSettings(config)),
    },
    ...(logger ? { logger } : {}),
  });
}
