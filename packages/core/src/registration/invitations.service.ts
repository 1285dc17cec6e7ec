/**
 * Invitations: a functionary invites a roster member of their unit (or a unit below it) — the way
 * in for members who did not register themselves. Whom one may not invite looks exactly like whom
 * there is not (404).
 *
 * As for self-registration, the functionary cannot choose the mailbox that becomes the member's
 * account (issue 13, finding 3): when the roster has an email, the invitation goes only there,
 * whatever address was typed. Only when it has none does the link go to the address given, and
 * then accepting it takes the birth date from the roster — a fact the member knows and an
 * address the functionary controls does not prove. Wrong birth dates end the invitation after
 * {@link BIRTH_DATE_ATTEMPTS} tries.
 */
import type { Kysely } from 'kysely';
import type { Role } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { ConflictError, DomainError, NotFoundError } from '../errors.ts';
import { nowMs, toJson } from '../db/database.ts';
import type { Actor } from '../accounts/actor.ts';
import { isLandesAdmin } from '../accounts/actor.ts';
import { isInside } from '../units/units.repository.ts';
import { findEmailToken, issueEmailToken, revokeEmailTokens } from '../tokens/email-tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { SessionPolicy } from '../accounts/sessions.ts';
import type { Locale } from '@rotes-netz/shared';
import { queueAccountMail, tokenLink, type MailSettings } from './registration.mails.ts';
import { createAccountFromToken, TokenInvalidError } from './account-creation.ts';

export const INVITATION_TTL_MS = 14 * 24 * 60 * 60_000;

/** Wrong birth dates an invitation survives; then it is used up. */
export const BIRTH_DATE_ATTEMPTS = 3;

/** Roles that may invite the members of their unit. */
export const INVITING_ROLES: readonly Role[] = ['chair', 'deputy_chair', 'board', 'member_care'];

/** Whether the actor may invite members of this unit: a functionary there, or a Landesverband admin. */
export function canInvite(actor: Actor, unitId: number): boolean {
  return isLandesAdmin(actor) || actor.roles.some((r) => r.unitId === unitId && INVITING_ROLES.includes(r.role));
}

/** Creates an invitation and mails it. Throws 404 for a unit or member out of the actor's reach. */
export async function createInvitation(
  db: Kysely<DB>,
  settings: MailSettings,
  actor: Actor,
  input: { unitId: number; memberNumber: string; email: string; ipPrefix: string | null },
): Promise<void> {
  if (!canInvite(actor, input.unitId)) throw new NotFoundError('unit');
  const member = await db
    .selectFrom('members as m')
    .leftJoin('accounts as a', 'a.member_id', 'm.id')
    .select(['m.id', 'm.first_name', 'm.unit_id', 'm.status', 'm.email', 'a.id as account_id'])
    .where('m.member_number', '=', input.memberNumber.trim())
    .executeTakeFirst();
  if (!member || member.status !== 'active' || !(await isInside(db, member.unit_id, input.unitId))) {
    throw new NotFoundError('member');
  }
  if (member.account_id !== null) throw new ConflictError('member already has an account');
  const unit = await db.selectFrom('units').select('name').where('id', '=', input.unitId).executeTakeFirstOrThrow();
  // The roster's address wins: a functionary's own mailbox must not become the member's account.
  const email = (member.email ?? input.email).trim().toLowerCase();
  const confirmBirthDate = member.email === null;

  await db.transaction().execute(async (trx) => {
    // A new invitation replaces older ones, so only one link for the member is live.
    await revokeEmailTokens(trx, 'invitation', { memberId: member.id });
    const token = await issueEmailToken(trx, {
      purpose: 'invitation',
      ttlMs: INVITATION_TTL_MS,
      memberId: member.id,
      email,
      data: { locale: 'de', unitId: input.unitId, confirmBirthDate },
      createdBy: actor.accountId,
    });
    await recordAudit(trx, {
      action: 'invitation.created',
      actorAccountId: actor.accountId,
      subjectMemberId: member.id,
      unitId: input.unitId,
      ipPrefix: input.ipPrefix,
    });
    await queueAccountMail(trx, settings, 'invitation', {
      to: email,
      locale: 'de',
      name: member.first_name,
      unit: unit.name,
      url: tokenLink(settings, '/einladung', token) + (confirmBirthDate ? '&geburtsdatum=1' : ''),
    });
  });
}

/** Accepts an invitation: sets the password, creates the account, starts a session. */
export async function acceptInvitation(
  db: Kysely<DB>,
  policy: SessionPolicy,
  input: {
    token: string;
    password: string;
    /** `YYYY-MM-DD`; needed when the invitation went to an address the roster does not know. */
    birthDate?: string | undefined;
    userAgent: string | null;
    ipPrefix: string | null;
    locale: Locale;
  },
): Promise<{ token: string; accountId: number }> {
  const link = await findEmailToken(db, 'invitation', input.token);
  if (link?.member_id && link.data?.confirmBirthDate === true) {
    const member = await db
      .selectFrom('members')
      .select('birth_date')
      .where('id', '=', link.member_id)
      .executeTakeFirst();
    // No birth date in the roster: nothing only the member knows, so no account by this link.
    if (!member?.birth_date) throw new TokenInvalidError();
    if (input.birthDate !== member.birth_date) {
      const attempts = (typeof link.data.birthDateAttempts === 'number' ? link.data.birthDateAttempts : 0) + 1;
      await db
        .updateTable('email_tokens')
        .set({
          data: toJson({ ...link.data, birthDateAttempts: attempts }),
          ...(attempts >= BIRTH_DATE_ATTEMPTS ? { used_at: nowMs() } : {}),
        })
        .where('id', '=', link.id)
        .execute();
      throw new BirthDateMismatchError();
    }
  }
  return createAccountFromToken(db, policy, { ...input, purpose: 'invitation' });
}

/** The birth date given does not match the roster's. */
export class BirthDateMismatchError extends DomainError {
  constructor() {
    super('birth_date_mismatch');
  }
}
