/** A test mail an administrator sends to themselves to check that mail leaves the platform. */
import type { Kysely } from 'kysely';
import type { Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { renderMail, type MailBranding } from './mail.layout.ts';
import { queueMail } from './mail.service.ts';

const TEXT: Record<Locale, { subject: string; greeting: (name: string) => string; body: string[]; footer: string }> = {
  de: {
    subject: 'Testmail aus dem Roten Netz',
    greeting: (name) => `Hallo ${name},`,
    body: [
      'diese Testmail zeigt, dass das Rote Netz E-Mails verschicken kann.',
      'Wenn du sie lesen kannst, ist alles richtig eingerichtet.',
    ],
    footer: 'Du bekommst diese Nachricht, weil du sie selbst auf der Seite „Versendete E-Mails“ angefordert hast.',
  },
  en: {
    subject: 'Test mail from Rotes Netz',
    greeting: (name) => `Hello ${name},`,
    body: [
      'this test mail shows that Rotes Netz can send email.',
      'If you can read it, everything is set up correctly.',
    ],
    footer: 'You receive this message because you asked for it on the "Sent mail" page.',
  },
};

export async function queueTestMail(
  db: Kysely<DB>,
  input: { to: string; name: string; locale: Locale; brand: MailBranding; messageDomain: string },
): Promise<number> {
  const t = TEXT[input.locale];
  const rendered = renderMail(
    { subject: t.subject, greeting: t.greeting(input.name), paragraphs: t.body, footer: t.footer },
    input.locale,
    input.brand,
  );
  return db
    .transaction()
    .execute((trx) =>
      queueMail(
        trx,
        { ...rendered, to: input.to, locale: input.locale, kind: 'test' },
        { messageDomain: input.messageDomain },
      ),
    );
}
