/**
 * The mails of registration and account changes, in German and English. Every mail is queued in
 * the transaction of the change that causes it (see `queueMail`), so it exists exactly when the
 * change committed.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { renderMail, type MailBranding, type MailContent } from '../mail/mail.layout.ts';
import { queueMail } from '../mail/mail.service.ts';

/** What a mail needs from the instance: its name and colour, the Message-ID domain, the site's URL. */
export interface MailSettings {
  brand: MailBranding;
  messageDomain: string;
  publicUrl: string;
}

export type AccountMail =
  | 'register'
  | 'account_exists'
  | 'register_attempt_notice'
  | 'reset_password'
  | 'password_changed'
  | 'invitation'
  | 'confirm_email'
  | 'email_changed';

interface Input {
  name?: string | undefined;
  url?: string;
  unit?: string;
}

type Texts = Record<AccountMail, (input: Input, site: string) => MailContent>;

const hello = {
  de: (name?: string) => (name ? `Hallo ${name},` : 'Hallo,'),
  en: (name?: string) => (name ? `Hello ${name},` : 'Hello,'),
};

const DE: Texts = {
  register: (i) => ({
    subject: 'Bitte bestätige deine Registrierung',
    greeting: hello.de(i.name),
    paragraphs: [
      'du hast dich gerade mit deiner Mitgliedsnummer registriert. Lege jetzt dein Passwort fest.',
      'Der Link gilt 24 Stunden und nur einmal.',
    ],
    action: { label: 'Passwort festlegen', url: i.url! },
    footer: 'Wenn du das nicht warst, musst du nichts tun: Ohne diesen Link entsteht kein Konto.',
  }),
  account_exists: (i, site) => ({
    subject: 'Du hast schon ein Konto',
    greeting: hello.de(i.name),
    paragraphs: [
      'jemand wollte sich gerade mit dieser E-Mail-Adresse registrieren. Zu ihr gibt es aber schon ein Konto.',
      'Wenn du dein Passwort vergessen hast, kannst du es neu setzen. Wenn du diese Adresse mit einem anderen Mitglied teilst, bitte deinen Ortsverein um eine Einladung an eine eigene Adresse.',
    ],
    action: { label: 'Passwort zurücksetzen', url: `${site}/passwort-vergessen` },
    footer: 'Wenn du das nicht warst, musst du nichts tun.',
  }),
  register_attempt_notice: (i) => ({
    subject: 'Jemand wollte sich mit deiner Mitgliedsnummer registrieren',
    greeting: hello.de(i.name),
    paragraphs: [
      'gerade hat jemand versucht, sich mit deiner Mitgliedsnummer, deinem Namen und Geburtsdatum zu registrieren — aber mit einer anderen E-Mail-Adresse als der, die deine Partei von dir kennt. Wir haben kein Konto angelegt.',
      'Wenn du das warst: Registriere dich mit dieser Adresse hier, oder bitte deinen Ortsverein um eine Einladung an deine neue Adresse.',
      'Wenn du das nicht warst, musst du nichts tun. Sag bitte deinem Ortsverein Bescheid, wenn es öfter passiert.',
    ],
  }),
  reset_password: (i) => ({
    subject: 'Passwort zurücksetzen',
    greeting: hello.de(i.name),
    paragraphs: [
      'du kannst jetzt ein neues Passwort festlegen. Der Link gilt eine Stunde und nur einmal.',
      'Danach meldest du dich wie gewohnt an — mit deinem zweiten Faktor, falls du einen eingerichtet hast.',
    ],
    action: { label: 'Neues Passwort festlegen', url: i.url! },
    footer: 'Wenn du das nicht angefordert hast, musst du nichts tun: Dein Passwort bleibt, wie es ist.',
  }),
  password_changed: (i, site) => ({
    subject: 'Dein Passwort wurde geändert',
    greeting: hello.de(i.name),
    paragraphs: [
      'das Passwort deines Kontos wurde gerade geändert.',
      'Wenn du das nicht warst, setze dein Passwort sofort zurück und sag deinem Ortsverein oder Regionalzentrum Bescheid.',
    ],
    action: { label: 'Passwort zurücksetzen', url: `${site}/passwort-vergessen` },
  }),
  invitation: (i) => ({
    subject: `Einladung ins Mitgliedernetz von ${i.unit ?? 'deiner Partei'}`,
    greeting: hello.de(i.name),
    paragraphs: [
      `${i.unit ?? 'Dein Ortsverein'} lädt dich ein. Lege dein Passwort fest, dann bist du dabei.`,
      'Der Link gilt 14 Tage und nur einmal.',
    ],
    action: { label: 'Einladung annehmen', url: i.url! },
    footer: 'Wenn du mit dieser Einladung nichts anfangen kannst, musst du nichts tun.',
  }),
  confirm_email: (i) => ({
    subject: 'Bitte bestätige deine neue E-Mail-Adresse',
    greeting: hello.de(i.name),
    paragraphs: [
      'du möchtest für dein Konto diese E-Mail-Adresse verwenden. Bestätige das mit dem Link; er gilt 24 Stunden und nur einmal.',
    ],
    action: { label: 'Adresse bestätigen', url: i.url! },
    footer: 'Wenn du das nicht warst, musst du nichts tun.',
  }),
  email_changed: (i) => ({
    subject: 'Die E-Mail-Adresse deines Kontos wurde geändert',
    greeting: hello.de(i.name),
    paragraphs: [
      'dein Konto benutzt ab jetzt eine andere E-Mail-Adresse. Diese hier bekommt keine Nachrichten mehr vom Konto.',
      'Wenn du das nicht warst, sag sofort deinem Ortsverein oder Regionalzentrum Bescheid.',
    ],
  }),
};

const EN: Texts = {
  register: (i) => ({
    subject: 'Please confirm your registration',
    greeting: hello.en(i.name),
    paragraphs: [
      'you just registered with your member number. Now set your password.',
      'The link works for 24 hours and only once.',
    ],
    action: { label: 'Set password', url: i.url! },
    footer: 'If this was not you, there is nothing to do: no account exists without this link.',
  }),
  account_exists: (i, site) => ({
    subject: 'You already have an account',
    greeting: hello.en(i.name),
    paragraphs: [
      'someone just tried to register with this email address, but it already belongs to an account.',
      'If you forgot your password, you can reset it. If you share this address with another member, ask your Ortsverein for an invitation to an address of your own.',
    ],
    action: { label: 'Reset password', url: `${site}/passwort-vergessen` },
    footer: 'If this was not you, there is nothing to do.',
  }),
  register_attempt_notice: (i) => ({
    subject: 'Someone tried to register with your member number',
    greeting: hello.en(i.name),
    paragraphs: [
      'someone just tried to register with your member number, name and date of birth — but with an email address other than the one your party has for you. No account was created.',
      'If that was you: register with this address, or ask your Ortsverein for an invitation to your new address.',
      'If it was not you, there is nothing to do. Please tell your Ortsverein if it happens again.',
    ],
  }),
  reset_password: (i) => ({
    subject: 'Reset your password',
    greeting: hello.en(i.name),
    paragraphs: [
      'you can now set a new password. The link works for one hour and only once.',
      'Afterwards, sign in as usual — with your second factor, if you set one up.',
    ],
    action: { label: 'Set new password', url: i.url! },
    footer: 'If you did not ask for this, there is nothing to do: your password stays as it is.',
  }),
  password_changed: (i, site) => ({
    subject: 'Your password was changed',
    greeting: hello.en(i.name),
    paragraphs: [
      'the password of your account was just changed.',
      'If this was not you, reset your password at once and tell your Ortsverein or Regionalzentrum.',
    ],
    action: { label: 'Reset password', url: `${site}/passwort-vergessen` },
  }),
  invitation: (i) => ({
    subject: `Invitation to the members' network of ${i.unit ?? 'your party'}`,
    greeting: hello.en(i.name),
    paragraphs: [
      `${i.unit ?? 'Your Ortsverein'} invites you. Set your password and you are in.`,
      'The link works for 14 days and only once.',
    ],
    action: { label: 'Accept invitation', url: i.url! },
    footer: 'If this invitation means nothing to you, there is nothing to do.',
  }),
  confirm_email: (i) => ({
    subject: 'Please confirm your new email address',
    greeting: hello.en(i.name),
    paragraphs: [
      'you want to use this email address for your account. Confirm it with the link; it works for 24 hours and only once.',
    ],
    action: { label: 'Confirm address', url: i.url! },
    footer: 'If this was not you, there is nothing to do.',
  }),
  email_changed: (i) => ({
    subject: 'The email address of your account was changed',
    greeting: hello.en(i.name),
    paragraphs: [
      'your account now uses another email address. This one will no longer receive mail from the account.',
      'If this was not you, tell your Ortsverein or Regionalzentrum at once.',
    ],
  }),
};

/** Queues one of the account mails. Pass the transaction of the change that causes it. */
export async function queueAccountMail(
  db: Kysely<DB>,
  settings: MailSettings,
  kind: AccountMail,
  mail: { to: string; locale: Locale } & Input,
): Promise<void> {
  const texts = mail.locale === 'en' ? EN : DE;
  const content = texts[kind](mail, settings.publicUrl.replace(/\/$/, ''));
  const rendered = renderMail(content, mail.locale, settings.brand);
  await queueMail(
    db,
    { ...rendered, to: mail.to, locale: mail.locale, kind },
    { messageDomain: settings.messageDomain },
  );
}

/** A link into the web app carrying a one-time token. */
export function tokenLink(settings: MailSettings, path: string, token: string): string {
  return `${settings.publicUrl.replace(/\/$/, '')}${path}?token=${encodeURIComponent(token)}`;
}
