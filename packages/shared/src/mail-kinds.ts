/**
 * What a kept mail is about. The sent-mail page shows every mail's metadata, but the body only of
 * harmless kinds: a link, a code or meeting data is for its recipient alone (issue 13, finding 2).
 */
export const MAIL_KINDS = [
  'register',
  'account_exists',
  'register_attempt_notice',
  'reset_password',
  'password_changed',
  'invitation',
  'confirm_email',
  'email_changed',
  'security_notice',
  'role_change',
  'data_export',
  'test',
  'meeting_data',
  'meeting_reminder',
  'waitlist_promoted',
  'event_cancelled',
  'organiser_message',
  /** Mail kept from before kinds were recorded. */
  'unknown',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * Kinds whose body carries a secret of the recipient (a one-time link, meeting access) or words
 * meant only for them. Their bodies are never shown to anyone else and are erased once sent.
 */
export const SECRET_MAIL_KINDS: ReadonlySet<MailKind> = new Set<MailKind>([
  'register',
  'reset_password',
  'invitation',
  'confirm_email',
  'data_export',
  'meeting_data',
  'meeting_reminder',
  'waitlist_promoted',
  'organiser_message',
  'unknown',
]);
