/**
 * Roles held in a unit: who holds what, granting and revoking the roles the app may hand out.
 * The decisions are in `policies/roles.policy.ts`; this module loads, checks, writes, audits and
 * tells the member by mail, all in one transaction.
 */
import type { Kysely } from 'kysely';
import { ROLES, type Locale, type Role, type UnitRoleList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { ancestorsOf, belongsTo } from '../units/units.repository.ts';
import { can, grantableRoles, type PolicyUnit } from '../policies/roles.policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { renderMail, type MailBranding } from '../mail/mail.layout.ts';
import { queueMail } from '../mail/mail.service.ts';
import { inTransaction } from '../live/live.events.ts';
import { recordMembersChanged } from '../live/live.scopes.ts';

/** What role changes need besides the database: the mail layout and where the request came from. */
export interface RoleChangeContext {
  brand: MailBranding;
  messageDomain: string;
  ipPrefix: string | null;
}

/** The unit with its ancestry as the policy wants it; 404 when it does not exist. */
export async function loadPolicyUnit(db: Kysely<DB>, unitId: number): Promise<PolicyUnit & { name: string }> {
  const path = await ancestorsOf(db, unitId);
  const unit = path.at(-1);
  if (!unit || unit.id !== unitId) throw new NotFoundError('unit');
  return { id: unit.id, type: unit.type, name: unit.name, ancestorIds: path.map((u) => u.id) };
}

/** Who holds which role in the unit. Only its board (or a board above it) and LV admins may look. */
export async function listUnitRoles(db: Kysely<DB>, actor: Actor, unitId: number): Promise<UnitRoleList> {
  const unit = await loadPolicyUnit(db, unitId);
  if (!can(actor, { action: 'role.list', unit })) throw new NotFoundError('unit');
  const rows = await db
    .selectFrom('member_roles as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['r.member_id', 'r.role', 'r.source', 'r.created_at', 'm.first_name', 'm.last_name', 'm.member_number'])
    .where('r.unit_id', '=', unitId)
    .orderBy('r.role')
    .orderBy('m.last_name')
    .execute();
  return {
    items: rows.map((r) => ({
      member: { id: r.member_id, name: `${r.first_name} ${r.last_name}`, memberNumber: r.member_number },
      role: r.role,
      source: r.source,
      since: isoFromMs(r.created_at),
      canRevoke: can(actor, { action: 'role.revoke', unit, role: r.role, memberId: r.member_id, source: r.source }),
    })),
    grantable: grantableRoles(actor, unit, ROLES),
  };
}

/**
 * The member a role change is about. Only a member of the unit (or of a unit below it) can be
 * found: "no such member" and "not a member of this unit" are one and the same answer, so the
 * form is no oracle for member numbers of the whole Land.
 */
async function findMember(
  db: Kysely<DB>,
  who: { memberId?: number | undefined; memberNumber?: string | undefined },
  /** The unit the member must belong to; `null` for someone who already holds a role there. */
  unitId: number | null,
) {
  if ((who.memberId === undefined) === (who.memberNumber === undefined)) {
    throw new ValidationError([{ path: '/memberId', message: 'give either memberId or memberNumber' }]);
  }
  const member = await db
    .selectFrom('members as m')
    .leftJoin('accounts as a', 'a.member_id', 'm.id')
    .select(['m.id', 'm.first_name', 'm.last_name', 'm.email', 'm.status', 'a.email as account_email', 'a.locale'])
    .$if(who.memberId !== undefined, (q) => q.where('m.id', '=', who.memberId!))
    .$if(who.memberNumber !== undefined, (q) => q.where('m.member_number', '=', who.memberNumber!))
    .executeTakeFirst();
  if (!member || member.status !== 'active' || (unitId !== null && !(await belongsTo(db, member.id, unitId)))) {
    const path = who.memberId !== undefined ? '/memberId' : '/memberNumber';
    throw new ValidationError([{ path, message: 'no active member of this unit with this number' }]);
  }
  return member;
}

type Recipient = Awaited<ReturnType<typeof findMember>>;

const MAIL: Record<
  Locale,
  { subject: (granted: boolean) => string; body: (granted: boolean, role: string, unit: string) => string }
> = {
  de: {
    subject: (granted) => (granted ? 'Du hast eine neue Rolle' : 'Eine Rolle wurde dir entzogen'),
    body: (granted, role, unit) =>
      granted ? `du hast jetzt die Rolle „${role}“ in ${unit}.` : `du hast die Rolle „${role}“ in ${unit} nicht mehr.`,
  },
  en: {
    subject: (granted) => (granted ? 'You have a new role' : 'A role was taken from you'),
    body: (granted, role, unit) =>
      granted ? `you now hold the role "${role}" in ${unit}.` : `you no longer hold the role "${role}" in ${unit}.`,
  },
};

const ROLE_NAMES: Record<Locale, Partial<Record<Role, string>>> = {
  de: {
    moderator: 'Moderation',
    board: 'Vorstand',
    rz_staff: 'Regionalzentrum',
    programme_commission: 'Programmkommission',
  },
  en: {
    moderator: 'Moderator',
    board: 'Board',
    rz_staff: 'Regional centre staff',
    programme_commission: 'Programme commission',
  },
};

async function tellMember(
  trx: Kysely<DB>,
  member: Recipient,
  granted: boolean,
  role: Role,
  unit: string,
  ctx: RoleChangeContext,
) {
  const to = member.account_email ?? member.email;
  if (!to) return;
  const locale: Locale = member.locale ?? 'de';
  const t = MAIL[locale];
  const rendered = renderMail(
    {
      subject: t.subject(granted),
      greeting: locale === 'de' ? `Hallo ${member.first_name},` : `Hello ${member.first_name},`,
      paragraphs: [t.body(granted, ROLE_NAMES[locale][role] ?? role, unit)],
    },
    locale,
    ctx.brand,
  );
  await queueMail(trx, { ...rendered, to, locale, kind: 'role_change' }, { messageDomain: ctx.messageDomain });
}

/** Grants a role in a unit. 404 when the actor may not; 409 when the member already holds it. */
export async function grantRole(
  db: Kysely<DB>,
  actor: Actor,
  input: { unitId: number; memberId?: number | undefined; memberNumber?: string | undefined; role: Role },
  ctx: RoleChangeContext,
): Promise<void> {
  const unit = await loadPolicyUnit(db, input.unitId);
  if (!can(actor, { action: 'role.list', unit })) throw new NotFoundError('unit');
  // Whether the actor may hand out this role here is decided before anyone is looked up, so a
  // refusal says nothing about the member number.
  if (grantableRoles(actor, unit, [input.role]).length === 0) throw new NotFoundError('unit');
  const member = await findMember(db, input, unit.id);
  if (!can(actor, { action: 'role.grant', unit, role: input.role, memberId: member.id }))
    throw new NotFoundError('unit');
  await inTransaction(db, async (trx) => {
    const held = await trx
      .selectFrom('member_roles')
      .select('role')
      .where('member_id', '=', member.id)
      .where('unit_id', '=', unit.id)
      .where('role', '=', input.role)
      .executeTakeFirst();
    if (held) throw new ConflictError('the member already holds this role');
    await trx
      .insertInto('member_roles')
      .values({ member_id: member.id, unit_id: unit.id, role: input.role, source: 'app', created_at: nowMs() })
      .execute();
    await recordAudit(trx, {
      action: 'role.granted',
      actorAccountId: actor.accountId,
      subjectMemberId: member.id,
      unitId: unit.id,
      ipPrefix: ctx.ipPrefix,
      data: { role: input.role },
    });
    await tellMember(trx, member, true, input.role, unit.name, ctx);
    await recordMembersChanged(trx, [member.id]);
  });
}

/** Revokes a role granted in the app. Roles from the roster stay (409): the roster owns them. */
export async function revokeRole(
  db: Kysely<DB>,
  actor: Actor,
  input: { unitId: number; memberId: number; role: Role },
  ctx: RoleChangeContext,
): Promise<void> {
  const unit = await loadPolicyUnit(db, input.unitId);
  if (!can(actor, { action: 'role.list', unit })) throw new NotFoundError('unit');
  const held = await db
    .selectFrom('member_roles')
    .select('source')
    .where('member_id', '=', input.memberId)
    .where('unit_id', '=', unit.id)
    .where('role', '=', input.role)
    .executeTakeFirst();
  if (!held) throw new NotFoundError('role');
  const request = { action: 'role.revoke', unit, role: input.role, memberId: input.memberId } as const;
  if (!can(actor, { ...request, source: 'app' })) throw new NotFoundError('role');
  if (held.source === 'roster') throw new ConflictError('roles from the roster are changed in the roster');
  const member = await findMember(db, { memberId: input.memberId }, null);
  await inTransaction(db, async (trx) => {
    await trx
      .deleteFrom('member_roles')
      .where('member_id', '=', input.memberId)
      .where('unit_id', '=', unit.id)
      .where('role', '=', input.role)
      .execute();
    await recordAudit(trx, {
      action: 'role.revoked',
      actorAccountId: actor.accountId,
      subjectMemberId: input.memberId,
      unitId: unit.id,
      ipPrefix: ctx.ipPrefix,
      data: { role: input.role },
    });
    await tellMember(trx, member, false, input.role, unit.name, ctx);
    await recordMembersChanged(trx, [input.memberId]);
  });
}
