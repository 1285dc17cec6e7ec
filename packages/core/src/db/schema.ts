/**
 * Row types of every table, as Kysely sees them. Timestamps are epoch milliseconds; booleans are
 * `boolean` on PostgreSQL and 0/1 on SQLite (read them with `toBool`); JSON columns hold text on
 * SQLite and parsed values on PostgreSQL (read them with `fromJson`).
 */
import type { ColumnType, Generated } from 'kysely';
import type { MailKind, Role, UnitType } from '@rotes-netz/shared';
import type { EventsDB } from '../events/events.schema.ts';
import type { ProgrammeDB } from '../programme/programme.schema.ts';

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
  /** What the mail is about; decides whether its body may be shown to anyone but the recipient. */
  kind: ColumnType<MailKind, MailKind | undefined, MailKind>;
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

type Bool = ColumnType<boolean | number, boolean | undefined, boolean>;

export type RoomKind = 'general' | 'board' | 'custom';
/** Who sees a room: members of the unit and below, its board, every verified member, or the invited. */
export type RoomAudience = 'unit' | 'board' | 'all' | 'invite';

export interface RoomsTable {
  id: Generated<number>;
  unit_id: number;
  kind: RoomKind;
  name: string;
  description: string | null;
  audience: RoomAudience;
  /** A short code of conduct members accept once before they write; null for none. */
  code_of_conduct: string | null;
  created_by: number | null;
  created_at: Ms;
  updated_at: Ms;
  last_activity_at: Ms;
  archived_at: Ms | null;
}

export interface RoomInvitesTable {
  room_id: number;
  member_id: number;
  invited_by: number | null;
  created_at: Ms;
}

/** A member's own settings for a room; a missing row means the defaults. */
export interface RoomSettingsTable {
  room_id: number;
  member_id: number;
  muted: Bool;
  following: Bool;
  left_at: Ms | null;
  coc_accepted_at: Ms | null;
  last_visit_at: Ms | null;
}

export interface ThreadsTable {
  id: Generated<number>;
  room_id: number;
  title: string;
  author_id: number | null;
  created_at: Ms;
  updated_at: Ms;
  last_post_at: Ms;
  last_post_id: number | null;
  post_count: Generated<number>;
  pinned_at: Ms | null;
  locked_at: Ms | null;
  locked_by: number | null;
  deleted_at: Ms | null;
}

export interface PostsTable {
  id: Generated<number>;
  thread_id: number;
  /** Denormalised from the thread, so checks and lists need no join. */
  room_id: number;
  author_id: number | null;
  /** The post this one replies to. */
  parent_id: number | null;
  /** The post this one quotes. */
  quote_id: number | null;
  /** Markdown as written. */
  body: string;
  /** Rendered once at write time (markdown-it, no raw HTML). */
  body_html: string;
  created_at: Ms;
  edited_at: Ms | null;
  edit_count: Generated<number>;
  deleted_at: Ms | null;
  deleted_by: number | null;
  hidden_at: Ms | null;
  hidden_by: number | null;
  hidden_reason: string | null;
}

/** Earlier versions of an edited post: the text before each edit. */
export interface PostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  body: string;
  edited_by: number | null;
  created_at: Ms;
}

export interface ReactionsTable {
  post_id: number;
  member_id: number;
  emoji: string;
  created_at: Ms;
}

export interface ThreadReadsTable {
  thread_id: number;
  member_id: number;
  /** 0 when nothing is read yet (the row may exist only because the member follows the thread). */
  last_read_post_id: number;
  /** Posts of the thread up to the marker: unread = `threads.post_count - read_count`. */
  read_count: Generated<number>;
  following: Bool;
  read_at: Ms;
}

export interface DraftsTable {
  member_id: number;
  key: string;
  body: string;
  updated_at: Ms;
}

export interface AttachmentsTable {
  id: Generated<number>;
  room_id: number;
  /** Null until the post that carries it is written. */
  post_id: number | null;
  uploader_id: number | null;
  file_name: string;
  /** As sniffed from the content, never as the client claimed. */
  media_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  width: number | null;
  height: number | null;
  created_at: Ms;
}

export interface PollsTable {
  id: Generated<number>;
  thread_id: number;
  question: string;
  multiple: Bool;
  secret: Bool;
  results_visibility: 'after_vote' | 'after_close';
  closes_at: Ms | null;
  closed_at: Ms | null;
  created_at: Ms;
}

export interface PollOptionsTable {
  id: Generated<number>;
  poll_id: number;
  label: string;
  position: number;
}

export interface PollVotesTable {
  poll_id: number;
  option_id: number;
  member_id: number;
  created_at: Ms;
}

export interface ReportsTable {
  id: Generated<number>;
  post_id: number;
  room_id: number;
  reporter_id: number | null;
  reason: string;
  status: 'open' | 'resolved' | 'dismissed';
  created_at: Ms;
  resolved_by: number | null;
  resolved_at: Ms | null;
  resolution: string | null;
}

export interface RoomBansTable {
  id: Generated<number>;
  room_id: number;
  member_id: number;
  reason: string;
  until: Ms;
  banned_by: number | null;
  created_at: Ms;
  lifted_at: Ms | null;
  lifted_by: number | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  member_id: number;
  kind: 'mention' | 'reply' | 'thread' | 'idea_answered';
  room_id: number;
  thread_id: number;
  /** The post it points at; null for a thread notification without one. */
  post_id: number | null;
  /** Who caused it; null once that member is deleted. */
  actor_id: number | null;
  /** What the notification said when it was made (the thread title), for the record. */
  data: Json;
  created_at: Ms;
  read_at: Ms | null;
}

/** The live log the WebSocket gateway publishes and replays. */
export interface LiveEventsTable {
  id: Generated<number>;
  /** `room:<id>`, `member:<id>`, `event:<id>` or `system`. */
  scope: string;
  type: string;
  payload: Json;
  created_at: Ms;
}

/** Every table; each feature module with tables of its own adds them through an interface it owns. */
export interface DB extends EventsDB, ProgrammeDB {
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
  rooms: RoomsTable;
  room_invites: RoomInvitesTable;
  room_settings: RoomSettingsTable;
  threads: ThreadsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  reactions: ReactionsTable;
  thread_reads: ThreadReadsTable;
  drafts: DraftsTable;
  attachments: AttachmentsTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_votes: PollVotesTable;
  reports: ReportsTable;
  room_bans: RoomBansTable;
  notifications: NotificationsTable;
  live_events: LiveEventsTable;
}
