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
}
