/** Row types of the events tables (migration 0004_events); merged into `DB` in db/schema.ts. */
import type { ColumnType, Generated } from 'kysely';
import type { EventAudience, EventKind, EventPublicField, Role } from '@rotes-netz/shared';

type Ms = number;
type Json = ColumnType<unknown, string, string>;
type Bool = ColumnType<boolean | number, boolean | undefined, boolean>;

export interface EventSeriesTable {
  id: Generated<number>;
  unit_id: number;
  title: string;
  description: string;
  created_by: number | null;
  created_at: Ms;
}

export type EventStatus = 'scheduled' | 'cancelled';

export interface EventsTable {
  id: Generated<number>;
  /** The organising unit. */
  unit_id: number;
  series_id: number | null;
  kind: EventKind;
  title: string;
  topic: string | null;
  /** Markdown as written. */
  description: string;
  /** Rendered once at write time (no raw HTML). */
  description_html: string;
  starts_at: Ms;
  ends_at: Ms;
  online: Bool;
  location: string | null;
  /** `EventGuest[]`. */
  guests: Json;
  audience: EventAudience;
  capacity: number | null;
  /** Meeting data: shown only to registered members and organisers. */
  meeting_url: string | null;
  meeting_dial_in: string | null;
  meeting_access_code: string | null;
  /** 0 while no meeting data is set; +1 with every change, so each version is mailed once. */
  meeting_version: Generated<number>;
  /** When the meeting data is mailed; null: as soon as it is set. */
  meeting_mail_at: Ms | null;
  reminder_minutes_before: number | null;
  share_public: Bool;
  /** `EventPublicField[]`. */
  share_fields: Json;
  status: EventStatus;
  cancelled_at: Ms | null;
  cancel_reason: string | null;
  created_by: number | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface EventAudienceRolesTable {
  event_id: number;
  role: Role;
}

export type RegistrationStatus = 'registered' | 'waitlisted';

export interface EventRegistrationsTable {
  event_id: number;
  member_id: number;
  status: RegistrationStatus;
  /** Also the waitlist order. */
  registered_at: Ms;
  promoted_at: Ms | null;
  /** Null until the organiser marks it. */
  attended: ColumnType<boolean | number | null, boolean | null | undefined, boolean | null>;
}

/** Mails that go out once per member and key (`event:<id>:meeting:<version>:<member>`, …). */
export interface EventMailLogTable {
  key: string;
  event_id: number;
  member_id: number;
  mail_id: number | null;
  created_at: Ms;
}

export interface EventQuestionsTable {
  id: Generated<number>;
  event_id: number;
  author_id: number | null;
  body: string;
  /** Denormalised count of `event_question_supports`, for sorting. */
  support_count: Generated<number>;
  merged_into_id: number | null;
  hidden_at: Ms | null;
  hidden_by: number | null;
  answered_at: Ms | null;
  created_at: Ms;
}

export interface EventQuestionSupportsTable {
  question_id: number;
  member_id: number;
  created_at: Ms;
}

export interface CalendarFeedsTable {
  member_id: number;
  token_hash: string;
  include_meeting_data: Bool;
  created_at: Ms;
  last_used_at: Ms | null;
}

export type { EventPublicField };

export interface EventsDB {
  event_series: EventSeriesTable;
  events: EventsTable;
  event_audience_roles: EventAudienceRolesTable;
  event_registrations: EventRegistrationsTable;
  event_mail_log: EventMailLogTable;
  event_questions: EventQuestionsTable;
  event_question_supports: EventQuestionSupportsTable;
  calendar_feeds: CalendarFeedsTable;
}
