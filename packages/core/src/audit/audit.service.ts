/**
 * The audit log: security events (sign-ins and failures, factor and role changes, imports,
 * exports, deletions) and later moderation. Write it in the transaction of the change it records.
 * It never holds passwords, tokens or post content: `data` carries ids, counts and field names.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { fromJson, isoFromMs, nowMs, toJson } from '../db/database.ts';

/** Every action the log knows; a new one is added here, so the admin filter can list them. */
export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.sessions_revoked',
  'auth.second_factor_failed',
  'account.registered',
  'account.password_changed',
  'account.password_reset',
  'account.email_changed',
  'account.deleted',
  'factor.totp_enabled',
  'factor.totp_disabled',
  'factor.recovery_codes_generated',
  'factor.recovery_code_used',
  'factor.passkey_added',
  'factor.passkey_removed',
  'role.granted',
  'role.revoked',
  'roster.previewed',
  'roster.applied',
  'invitation.created',
  'registration.email_mismatch',
  'data.exported',
  'profile.updated',
  'unit.updated',
  'room.created',
  'room.updated',
  'room.archived',
  'room.member_invited',
  'room.member_uninvited',
  'thread.pinned',
  'thread.unpinned',
  'thread.locked',
  'thread.unlocked',
  'post.deleted_by_moderator',
  'post.hidden',
  'post.restored',
  'report.dismissed',
  'report.resolved',
  'room.member_banned',
  'room.ban_lifted',
  'event.created',
  'event.updated',
  'event.cancelled',
  'event.meeting_data_changed',
  'event.registrations_exported',
  'event.question_hidden',
  'event_series.created',
  'event_series.updated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  actorAccountId?: number | null;
  subjectMemberId?: number | null;
  unitId?: number | null;
  ipPrefix?: string | null;
  /** Ids, counts, field names — never secrets or content. */
  data?: Record<string, unknown>;
}

/** Records one event. Pass the transaction of the change it belongs to. */
export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: nowMs(),
      action: entry.action,
      actor_account_id: entry.actorAccountId ?? null,
      subject_member_id: entry.subjectMemberId ?? null,
      unit_id: entry.unitId ?? null,
      ip_prefix: entry.ipPrefix ?? null,
      data: entry.data ? toJson(entry.data) : null,
    })
    .execute();
}

export interface AuditFilter {
  action?: AuditAction | undefined;
  actorAccountId?: number | undefined;
  subjectMemberId?: number | undefined;
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, exclusive. */
  to?: number | undefined;
  /** Entries with an id below this (the previous page's last id). */
  before?: number | undefined;
  limit: number;
}

export interface AuditRecord {
  id: number;
  at: string;
  action: string;
  actor: { accountId: number; name: string } | null;
  subject: { memberId: number; name: string } | null;
  unitId: number | null;
  ipPrefix: string | null;
  data: Record<string, unknown> | null;
}

/** Entries newest first, filtered, in pages keyed by id. */
export async function listAudit(
  db: Kysely<DB>,
  filter: AuditFilter,
): Promise<{ items: AuditRecord[]; nextBefore: number | null }> {
  const rows = await db
    .selectFrom('audit_log as l')
    .leftJoin('accounts as aa', 'aa.id', 'l.actor_account_id')
    .leftJoin('members as am', 'am.id', 'aa.member_id')
    .leftJoin('members as sm', 'sm.id', 'l.subject_member_id')
    .select([
      'l.id',
      'l.at',
      'l.action',
      'l.actor_account_id',
      'l.subject_member_id',
      'l.unit_id',
      'l.ip_prefix',
      'l.data',
      'am.first_name as actor_first',
      'am.last_name as actor_last',
      'sm.first_name as subject_first',
      'sm.last_name as subject_last',
    ])
    .$if(filter.action !== undefined, (q) => q.where('l.action', '=', filter.action!))
    .$if(filter.actorAccountId !== undefined, (q) => q.where('l.actor_account_id', '=', filter.actorAccountId!))
    .$if(filter.subjectMemberId !== undefined, (q) => q.where('l.subject_member_id', '=', filter.subjectMemberId!))
    .$if(filter.from !== undefined, (q) => q.where('l.at', '>=', filter.from!))
    .$if(filter.to !== undefined, (q) => q.where('l.at', '<', filter.to!))
    .$if(filter.before !== undefined, (q) => q.where('l.id', '<', filter.before!))
    .orderBy('l.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.slice(0, filter.limit).map((r) => ({
    id: r.id,
    at: isoFromMs(r.at),
    action: r.action,
    actor: r.actor_account_id
      ? { accountId: r.actor_account_id, name: `${r.actor_first ?? ''} ${r.actor_last ?? ''}`.trim() }
      : null,
    subject: r.subject_member_id
      ? { memberId: r.subject_member_id, name: `${r.subject_first ?? ''} ${r.subject_last ?? ''}`.trim() }
      : null,
    unitId: r.unit_id,
    ipPrefix: r.ip_prefix,
    data: r.data === null ? null : fromJson<Record<string, unknown>>(r.data),
  }));
  return { items, nextBefore: rows.length > filter.limit ? items.at(-1)!.id : null };
}

/**
 * The network part of an address, enough to tell places apart and no more: the first three
 * bytes of IPv4 (`192.0.2.x`), the first 48 bits of IPv6.
 */
export function ipPrefix(ip: string | undefined): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.x`;
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}::/48`;
  return null;
}
