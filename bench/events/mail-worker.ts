/**
 * The worker process of the events mailing benchmark: the real fan-out and mail jobs against one
 * database and SMTP server, configured as `apps/server/src/worker.ts` configures the app's worker
 * (the app's transport, the app's batch size, one job at a time) except for the idle poll interval,
 * 50 ms instead of 1 s, so the start of a measurement does not wait for the next poll.
 * Usage: node --import tsx bench/events/mail-worker.ts <db-url> <smtp-url>
 */
import {
  createMailTransport,
  EVENT_MAIL_FANOUT_JOB,
  eventMailFanoutHandler,
  JobWorker,
  openDatabase,
  SEND_MAIL_JOB,
  sendMailHandler,
} from '@rotes-netz/core';
import { MAIL_FROM, MAIL_SETTINGS } from './settings.ts';

const [url, smtpUrl] = process.argv.slice(2);
const database = openDatabase(url!);
const worker = new JobWorker({
  db: database.db,
  dialect: database.dialect,
  handlers: {
    [SEND_MAIL_JOB]: sendMailHandler(database.db, createMailTransport({ smtpUrl, from: MAIL_FROM })),
    [EVENT_MAIL_FANOUT_JOB]: eventMailFanoutHandler(database.db, MAIL_SETTINGS),
  },
  logger: {
    info: () => undefined,
    error: (obj, msg) => console.error(msg, JSON.stringify(obj)),
  },
  pollMs: 50,
});
worker.start();
process.stdout.write('ready\n');
