/**
 * Where mail goes: an SMTP server through nodemailer when `SMTP_URL` is set; otherwise nowhere —
 * mails are kept in the database and shown to Landesverband admins on the sent-mail page (demo).
 */
import nodemailer from 'nodemailer';
import type { Locale } from '@rotes-netz/shared';

export interface TransportMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  locale: Locale;
}

export interface MailTransport {
  /** False when mails are only kept, not delivered. */
  readonly delivers: boolean;
  send(message: TransportMessage): Promise<void>;
  close(): void;
}

export interface TransportOptions {
  smtpUrl?: string | undefined;
  from: string;
}

export function createMailTransport(options: TransportOptions): MailTransport {
  if (!options.smtpUrl) {
    return {
      delivers: false,
      send: async () => undefined,
      close: () => undefined,
    };
  }
  const transporter = nodemailer.createTransport(options.smtpUrl);
  return {
    delivers: true,
    async send(message) {
      await transporter.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: { 'Content-Language': message.locale, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transporter.close(),
  };
}
