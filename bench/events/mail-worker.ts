/**
 * The worker process of the events mailing benchmark: the real fan-out and mail jobs against one
 * database and SMTP server. Usage: node --import tsx bench/events/mail-worker.ts <db-url> <smtp-url>
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

const [url, smtpUrl] = process.argv.slice(2);
const database = openDatabase(url!, { poolSize: 4 });
const worker = new JobWorker({
  db: database.db,
  dialect: database.dialect,
  handlers: {
    [SEND_MAIL_JOB]: sendMailHandler(database.db, createMailTransport({ smtpUrl, from: 'noreply@bench.example' })),
    [EVENT_MAIL_FANOUT_JOB]: eventMailFanoutHandler(database.db, {
      brand: { instanceName: 'Rotes Netz Bench', primaryColor: '#B5000C' },
      messageDomain: 'bench.example',
      publicUrl: 'https://bench.example',
    }),
  },
  pollMs: 50,
  batchSize: 50,
});
worker.start();
process.stdout.write('ready\n');
