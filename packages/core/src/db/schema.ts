/**
 * Row types of every table, as Kysely sees them. Timestamps are epoch milliseconds; booleans are
 * `boolean` on PostgreSQL and 0/1 on SQLite (read them with `toBool`); JSON columns hold text on
 * SQLite and parsed values on PostgreSQL (read them with `fromJson`).
 */
import type { ColumnType, Generated } from 'kysely';
import type { Role, UnitType } from '@rotes-netz/shared';

type Ms = number;
type Json = ColumnType<unknown, string, string>;

export interface UnitsTable {
  id: Generated<number>;
  type: UnitType;
  name: string;
  /** Lower-cased, umlaut-folded name for search in both dialects. */
  search_name: string;
  code: string;
  parent_id: number | null;
  depth: number;
  /** Postal address and contact data where the unit has an office (Regionalzentren). */
  contact: Json | null;
  created_at: Ms;
  updated_at: Ms;
}

/** Closure table of the unit tree: one row per (ancestor, descendant), including (x, x, 0). */
export interface UnitClosureTable {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}

export type MemberStatus = 'active' | 'left' | 'deleted';

/** The party's roster, as imported. Not every member has an account. */
export interface MembersTable {
  id: Generated<number>;
  member_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  birth_date: string | null;
  /** The member's Ortsverein. */
  unit_id: number;
  status: MemberStatus;
  /** When the roster last said the member left. */
  left_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
}

/** Memberships beyond the Ortsverein: Arbeitsgemeinschaften and Gremien. */
export interface MemberUnitsTable {
  member_id: number;
  unit_id: number;
}

export interface MemberRolesTable {
  member_id: number;
  unit_id: number;
  role: Role;
  source: 'roster' | 'app';
  created_at: Ms;
}

export interface AccountsTable {
  id: Generated<number>;
  member_id: number;
  /** Lower-cased. */
  email: string;
  password_hash: string | null;
  locale: 'de' | 'en';
  email_verified_at: Ms | null;
  password_changed_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface SessionsTable {
  id: Generated<number>;
  /** SHA-256 of the session token; the token itself is never stored. */
  token_hash: string;
  account_id: number;
  user_agent: string | null;
  created_at: Ms;
  last_seen_at: Ms;
  idle_expires_at: Ms;
  absolute_expires_at: Ms;
  /** The password was right, a second factor is still to come: the session grants nothing yet. */
  second_factor_pending: ColumnType<boolean | number, boolean | undefined, boolean>;
  /** When the member last confirmed their password or a factor in this session (for sensitive changes). */
  reauthenticated_at: Ms | null;
  /** The first three bytes of an IPv4 address or the first 48 bits of an IPv6 one. */
  ip_prefix: string | null;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: Json;
  status: JobStatus;
  /** Earliest time the job may run. */
  run_at: Ms;
  attempts: number;
  max_attempts: number;
  /** Who holds the claim and until when; an expired claim may be taken again. */
  locked_by: string | null;
  locked_until: Ms | null;
  last_error: string | null;
  /** At most one job per key ever exists. */
  idempotency_key: string | null;
  created_at: Ms;
  finished_at: Ms | null;
}

export type MailStatus = 'queued' | 'sent' | 'kept' | 'failed';

export interface MailsTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  locale: 'de' | 'en';
  status: MailStatus;
  message_id: string;
  created_at: Ms;
  sent_at: Ms | null;
  error: string | null;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: Ms;
}

export interface RosterImportsTable {
  id: Generated<number>;
  account_id: number | null;
  file_name: string;
  file_sha256: string;
  status: 'previewed' | 'applied' | 'superseded';
  summary: Json;
  /** Exactly what applying will do, so the applied change is the previewed one. */
  plan: Json;
  created_at: Ms;
  applied_at: Ms | null;
}

export type EmailTokenPurpose = 'register' | 'reset_password' | 'change_email' | 'invitation' | 'data_export';

/** One-time links sent by mail; only the SHA-256 of the token is stored. */
export interface EmailTokensTable {
  id: Generated<number>;
  purpose: EmailTokenPurpose;
  token_hash: string;
  member_id: number | null;
  account_id: number | null;
  email: string | null;
  data: Json | null;
  created_by: number | null;
  created_at: Ms;
  expires_at: Ms;
  used_at: Ms | null;
}

export interface TotpFactorsTable {
  account_id: number;
  /** The shared secret, encrypted with the instance's SECRET_KEY. */
  secret: string;
  confirmed_at: Ms | null;
  /** The last 30-second step a code was accepted for; a code is never accepted twice. */
  last_used_step: number | null;
  created_at: Ms;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  account_id: number;
  code_hash: string;
  used_at: Ms | null;
  created_at: Ms;
}

export interface PasskeysTable {
  id: Generated<number>;
  account_id: number;
  /** base64url */
  credential_id: string;
  /** base64url of the COSE public key */
  public_key: string;
  counter: number;
  transports: Json | null;
  name: string;
  created_at: Ms;
  last_used_at: Ms | null;
}

/** Browsers that signed in successfully before; they may still sign in while an account is throttled. */
export interface KnownDevicesTable {
  id: Generated<number>;
  account_id: number;
  token_hash: string;
  created_at: Ms;
  last_used_at: Ms;
}

/** Security and moderation events. Never holds passwords, tokens or post content. */
export interface AuditLogTable {
  id: Generated<number>;
  at: Ms;
  action: string;
  actor_account_id: number | null;
  subject_member_id: number | null;
  unit_id: number | null;
  ip_prefix: string | null;
  data: Json | null;
}

export type Visibility = 'nobody' | 'units' | 'all';

export interface ProfilesTable {
  member_id: number;
  about: string | null;
  phone: string | null;
  contact_email: string | null;
  /** File name of the re-encoded photo in the uploads folder. */
  photo: string | null;
  /** Per field: who may see it. Everything 'nobody' until the member opens it. */
  visibility: Json;
  updated_at: Ms;
}

export interface ConsentsTable {
  id: Generated<number>;
  account_id: number;
  kind: string;
  version: string;
  given_at: Ms;
  withdrawn_at: Ms | null;
}

export interface DB {
  units: UnitsTable;
  unit_closure: UnitClosureTable;
  members: MembersTable;
  member_units: MemberUnitsTable;
  member_roles: MemberRolesTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  jobs: JobsTable;
  mails: MailsTable;
  rate_limits: RateLimitsTable;
  roster_imports: RosterImportsTable;
  email_tokens: EmailTokensTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  known_devices: KnownDevicesTable;
  audit_log: AuditLogTable;
  profiles: ProfilesTable;
  consents: ConsentsTable;
}
