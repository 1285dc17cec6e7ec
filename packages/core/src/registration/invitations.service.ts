/**
 * Invitations: a functionary invites a roster member of their unit (or a unit below it) to an
 * address the functionary knows — the way in for members whose roster email is missing, outdated
 * or shared. Whom one may not invite looks exactly like whom there is not (404).
 */
import type { Kysely } from 'kysely';
import type { Role } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Actor } from '../accounts/actor.ts';
import { isLandesAdmin } from '../accounts/actor.ts';
import { isInside } from '../units/units.repository.ts';
import { issueEmailToken, revokeEmailTokens } from '../tokens/email-tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { SessionPolicy } from '../accounts/sessions.ts';
import type { Locale } from '@rotes-netz/shared';
import { queueAccountMail, tokenLink, type MailSettings } from './registration.mails.ts';
import { createAccountFromToken } from './account-creation.ts';

export const INVITATION_TTL_MS = 14 * 24 * 60 * 60_000;

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
    .select(['m.id', 'm.first_name', 'm.unit_id', 'm.status', 'a.id as account_id'])
    .where('m.member_number', '=', input.memberNumber.trim())
    .executeTakeFirst();
  if (!member || member.status !== 'active' || !(await isInside(db, member.unit_id, input.unitId))) {
    throw new NotFoundError('member');
  }
  if (member.account_id !== null) throw new ConflictError('member already has an account');
  const unit = await db.selectFrom('units').select('name').where('id', '=', input.unitId).executeTakeFirstOrThrow();
  const email = input.email.trim().toLowerCase();

  await db.transaction().execute(async (trx) => {
    // A new invitation replaces older ones, so only one link for the member is live.
    await revokeEmailTokens(trx, 'invitation', { memberId: member.id });
    const token = await issueEmailToken(trx, {
      purpose: 'invitation',
      ttlMs: INVITATION_TTL_MS,
      memberId: member.id,
      email,
      data: { locale: 'de', unitId: input.unitId },
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
      url: tokenLink(settings, '/einladung', token),
    });
  });
}

/** Accepts an invitation: sets the password, creates the account, starts a session. */
export async function acceptInvitation(
  db: Kysely<DB>,
  policy: SessionPolicy,
  input: { token: string; password: string; userAgent: string | null; ipPrefix: string | null; locale: Locale },
): Promise<{ token: string; accountId: number }> {
  return createAccountFromToken(db, policy, { ...input, purpose: 'invitation' });
}
