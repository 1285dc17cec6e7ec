/**
 * The notice mail a member gets whenever the way they sign in changes (a factor added or removed,
 * a recovery code used): if it was not them, they learn it at once.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { renderMail, type MailBranding } from '../mail/mail.layout.ts';
import { queueMail } from '../mail/mail.service.ts';

export type SecurityChange =
  | 'totp_enabled'
  | 'totp_disabled'
  | 'recovery_codes_generated'
  | 'recovery_code_used'
  | 'passkey_added'
  | 'passkey_removed';

const TEXT: Record<
  Locale,
  {
    subject: string;
    greeting: (name: string) => string;
    changes: Record<SecurityChange, string>;
    check: string;
    footer: string;
  }
> = {
  de: {
    subject: 'Deine Anmeldung wurde geändert',
    greeting: (name) => `Hallo ${name},`,
    changes: {
      totp_enabled: 'in deinem Konto wurde eben die Bestätigung mit einer Authenticator-App eingeschaltet.',
      totp_disabled: 'in deinem Konto wurde eben die Bestätigung mit einer Authenticator-App ausgeschaltet.',
      recovery_codes_generated:
        'für dein Konto wurden eben neue Wiederherstellungscodes erzeugt; die alten gelten nicht mehr.',
      recovery_code_used: 'eben hat sich jemand mit einem deiner Wiederherstellungscodes angemeldet.',
      passkey_added: 'zu deinem Konto wurde eben ein Passkey hinzugefügt.',
      passkey_removed: 'aus deinem Konto wurde eben ein Passkey entfernt.',
    },
    check:
      'Warst du das, ist alles in Ordnung. Warst du es nicht, ändere bitte sofort dein Passwort, melde dich unter „Sicherheit“ überall sonst ab und schreib deinem Regionalzentrum.',
    footer: 'Diese Nachricht bekommst du bei jeder Änderung deiner Anmeldung; abbestellen lässt sie sich nicht.',
  },
  en: {
    subject: 'Your sign-in was changed',
    greeting: (name) => `Hello ${name},`,
    changes: {
      totp_enabled: 'confirmation with an authenticator app was just turned on for your account.',
      totp_disabled: 'confirmation with an authenticator app was just turned off for your account.',
      recovery_codes_generated: 'new recovery codes were just created for your account; the old ones no longer work.',
      recovery_code_used: 'someone just signed in with one of your recovery codes.',
      passkey_added: 'a passkey was just added to your account.',
      passkey_removed: 'a passkey was just removed from your account.',
    },
    check:
      'If this was you, all is well. If it was not, please change your password at once, sign out everywhere else under "Security" and write to your Regionalzentrum.',
    footer: 'You receive this message whenever your sign-in changes; it cannot be turned off.',
  },
};

export interface NoticeSettings {
  brand: MailBranding;
  messageDomain: string;
}

/** Queues the notice for `change` to the account's address, in the caller's transaction. */
export async function queueSecurityNotice(
  trx: Kysely<DB>,
  accountId: number,
  change: SecurityChange,
  settings: NoticeSettings,
): Promise<void> {
  const account = await trx
    .selectFrom('accounts as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select(['a.email', 'a.locale', 'm.first_name'])
    .where('a.id', '=', accountId)
    .executeTakeFirstOrThrow();
  const t = TEXT[account.locale];
  const rendered = renderMail(
    {
      subject: t.subject,
      greeting: t.greeting(account.first_name),
      paragraphs: [t.changes[change], t.check],
      footer: t.footer,
    },
    account.locale,
    settings.brand,
  );
  await queueMail(
    trx,
    { ...rendered, to: account.email, locale: account.locale, kind: 'security_notice' },
    { messageDomain: settings.messageDomain },
  );
}
