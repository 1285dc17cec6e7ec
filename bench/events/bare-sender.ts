/**
 * The baseline of the events mailing benchmark: already-rendered messages sent through the app's
 * own transport (`packages/core/src/mail/mail.transport.ts`: nodemailer made from the SMTP URL
 * alone, so one connection per message, the same `from`, message id and headers), one after
 * another as the app's worker sends them, and nothing else: no queue, no database. Usage: node --import tsx bench/events/bare-sender.ts <messages.json> <smtp-url>
 *
 * Prints `ready` once the messages are loaded; every line `go` on stdin sends all of them once and
 * prints `done`; the process ends when stdin closes.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import type { Locale } from '@rotes-netz/shared';
// The transport module alone, not all of core: the baseline process stays as small as a bare sender.
import { createMailTransport } from '../../packages/core/src/mail/mail.transport.ts';
import { MAIL_FROM } from './settings.ts';

export interface BareMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  locale: Locale;
}

const [file, smtpUrl] = process.argv.slice(2);
const messages = JSON.parse(fs.readFileSync(file!, 'utf8')) as BareMessage[];
const transport = createMailTransport({ smtpUrl, from: MAIL_FROM });

async function sendAll(): Promise<void> {
  for (const message of messages) await transport.send(message);
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() !== 'go') return;
  sendAll().then(
    () => process.stdout.write('done\n'),
    (error: unknown) => {
      console.error(`bare sender failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
});
input.on('close', () => process.exit(0));
process.stdout.write('ready\n');
