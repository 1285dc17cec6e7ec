import type pino from 'pino';
import {
  createMailTransport,
  JobWorker,
  PRUNE_MAILS_JOB,
  pruneMailsHandler,
  SEND_MAIL_JOB,
  sendMailHandler,
  type Database,
  type MailTransport,
} from '@rotes-netz/core';
import { mailsFailed, mailsSent } from './plugins/metrics.ts';
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

/** The transport, counting what it sent and what failed for `/metrics`. */
function countedTransport(transport: MailTransport): MailTransport {
  return {
    delivers: transport.delivers,
    close: () => transport.close(),
    async send(message) {
      try {
        await transport.send(message);
      } catch (error) {
        mailsFailed.inc();
        throw error;
      }
      mailsSent.inc();
    },
  };
}

/** The job worker with every handler of the platform. */
export function createWorker(database: Database, config: Config, logger?: pino.Logger): JobWorker {
  const transport = countedTransport(createMailTransport({ smtpUrl: config.smtpUrl, from: config.mailFrom }));
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
