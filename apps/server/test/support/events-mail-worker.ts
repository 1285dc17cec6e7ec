/**
 * A worker process for the events mailing crash test: runs the event fan-out and mail jobs of one
 * database against one SMTP server, with a short lease so a killed worker's jobs come back soon.
 * Usage: node --import tsx events-mail-worker.ts <database-url> <smtp-url>
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
const settings = {
  brand: { instanceName: 'Rotes Netz Test', primaryColor: '#B5000C' },
  messageDomain: 'test.rotes-netz.example',
  publicUrl: 'https://test.rotes-netz.example',
};
const worker = new JobWorker({
  db: database.db,
  dialect: database.dialect,
  handlers: {
    [SEND_MAIL_JOB]: sendMailHandler(
      database.db,
      createMailTransport({ smtpUrl, from: 'noreply@test.rotes-netz.example' }),
    ),
    [EVENT_MAIL_FANOUT_JOB]: eventMailFanoutHandler(database.db, settings),
  },
  leaseMs: 1500,
  pollMs: 100,
  batchSize: 50,
});
worker.start();
process.stdout.write('ready\n');
