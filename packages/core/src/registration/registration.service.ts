/**
 * Registration, for members only. The roster decides who may register; whether someone is a
 * member is itself protected data (GDPR Art. 9), so the request only queues a job and returns:
 * the HTTP answer — status, body and timing — is the same for members and strangers. The job
 * checks the roster and sends mail, or quietly does nothing.
 *
 * Someone else's email with a real member number: when the roster has an email for the member,
 * the registration must use exactly that address. A stranger who knows a member's number, name
 * and birth date (a relative, a leaked list) would otherwise get an account in the member's name
 * by confirming a mailbox they own. On a mismatch no account can come about; the roster address
 * gets a notice instead ("someone tried to register with your member number"), so the member
 * learns of the attempt and — if it was them with a new address — how to go on (register with the
 * known address, or ask their Ortsverein for an invitation to the new one). Only when the roster
 * has no email does the double-opt-in go to the address given.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { enqueueJob } from '../jobs/jobs.queue.ts';
import type { JobHandler } from '../jobs/jobs.worker.ts';
import { foldForSearch } from '../text.ts';
import { issueEmailToken } from '../tokens/email-tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { queueAccountMail, tokenLink, type MailSettings } from './registration.mails.ts';
import { createAccountFromToken } from './account-creation.ts';
import type { SessionPolicy } from '../accounts/sessions.ts';

export const REGISTRATION_CHECK_JOB = 'registration.check';
export const REGISTER_TOKEN_TTL_MS = 24 * 60 * 60_000;
/** A member gets at most one notice about a refused attempt per this period (no mail bombing). */
const NOTICE_INTERVAL_MS = 60 * 60_000;

export interface RegistrationRequest {
  memberNumber: string;
  lastName: string;
  /** `YYYY-MM-DD` */
  birthDate: string;
  email: string;
  locale: Locale;
}

/**
 * Queues the roster check and returns. The caller answers the same way whatever the roster says.
 */
export async function requestRegistration(db: Kysely<DB>, input: RegistrationRequest): Promise<void> {
  await db.transaction().execute((trx) => enqueueJob(trx, REGISTRATION_CHECK_JOB, input, { maxAttempts: 5 }));
}

/** The job that checks a registration request against the roster and sends the right mail, if any. */
export function registrationCheckHandler(db: Kysely<DB>, settings: MailSettings): JobHandler {
  return async (payload, { job }) => {
    const input = payload as Partial<RegistrationRequest>;
    if (!input.memberNumber || !input.email) return;
    await db.transaction().execute(async (trx) => {
      await checkRegistration(trx, settings, input as RegistrationRequest);
      // The request held a birth date and an email: keep them no longer than needed.
      await trx.updateTable('jobs').set({ payload: '{}' }).where('id', '=', job.id).execute();
    });
  };
}

async function checkRegistration(trx: Kysely<DB>, settings: MailSettings, input: RegistrationRequest): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const member = await trx
    .selectFrom('members as m')
    .leftJoin('accounts as a', 'a.member_id', 'm.id')
    .select([
      'm.id',
      'm.first_name',
      'm.last_name',
      'm.birth_date',
      'm.email',
      'm.status',
      'a.id as account_id',
      'a.email as account_email',
      'a.locale as account_locale',
    ])
    .where('m.member_number', '=', input.memberNumber.trim())
    .executeTakeFirst();
  // Members who left or were deleted can never register; a mismatch of name or birth date is a
  // stranger: nothing happens, nothing is visible.
  if (
    !member ||
    member.status !== 'active' ||
    !member.birth_date ||
    member.birth_date !== input.birthDate ||
    foldForSearch(member.last_name) !== foldForSearch(input.lastName)
  ) {
    return;
  }
  const name = member.first_name;
  if (member.account_id !== null) {
    await queueAccountMail(trx, settings, 'account_exists', {
      to: member.account_email!,
      locale: member.account_locale!,
      name,
    });
    return;
  }
  const rosterEmail = member.email?.trim().toLowerCase() || null;
  if (rosterEmail && rosterEmail !== email) {
    await noticeRefusedAttempt(trx, settings, { memberId: member.id, to: rosterEmail, locale: input.locale, name });
    return;
  }
  const taken = await trx.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) {
    await queueAccountMail(trx, settings, 'account_exists', { to: email, locale: input.locale });
    return;
  }
  const token = await issueEmailToken(trx, {
    purpose: 'register',
    ttlMs: REGISTER_TOKEN_TTL_MS,
    memberId: member.id,
    email,
    data: { locale: input.locale },
  });
  await queueAccountMail(trx, settings, 'register', {
    to: email,
    locale: input.locale,
    name,
    url: tokenLink(settings, '/registrieren/bestaetigen', token),
  });
}

async function noticeRefusedAttempt(
  trx: Kysely<DB>,
  settings: MailSettings,
  notice: { memberId: number; to: string; locale: Locale; name: string },
): Promise<void> {
  const recent = await trx
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', 'registration.email_mismatch')
    .where('subject_member_id', '=', notice.memberId)
    .where('at', '>', nowMs() - NOTICE_INTERVAL_MS)
    .executeTakeFirst();
  await recordAudit(trx, {
    action: 'registration.email_mismatch',
    subjectMemberId: notice.memberId,
    data: { notified: !recent },
  });
  if (!recent) await queueAccountMail(trx, settings, 'register_attempt_notice', notice);
}

/**
 * Completes a registration from the mailed link: checks the password, creates the account with
 * the confirmed address and starts a session. Returns the session token for the cookie.
 */
export async function completeRegistration(
  db: Kysely<DB>,
  policy: SessionPolicy,
  input: { token: string; password: string; userAgent: string | null; ipPrefix: string | null; locale: Locale },
): Promise<{ token: string; accountId: number }> {
  return createAccountFromToken(db, policy, { ...input, purpose: 'register' });
}
