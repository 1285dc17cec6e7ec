/** Row types of the programme tables (migration 0005_programme); merged into `DB` in db/schema.ts. */
import type { ColumnType, Generated } from 'kysely';

type Ms = number;

export type IdeaStatus = 'submitted' | 'in_review' | 'accepted' | 'partially_accepted' | 'rejected';
export type AmendmentKind = 'replace' | 'delete' | 'insert';
export type AmendmentProcedure = 'accept' | 'reject' | 'modified' | 'settled';

export interface ProgrammeProcessesTable {
  id: Generated<number>;
  title: string;
  description: string;
  room_id: number;
  ideas_from: Ms;
  ideas_until: Ms;
  draft_from: Ms;
  draft_until: Ms;
  amendments_from: Ms;
  amendments_until: Ms;
  amendment_threshold: number;
  created_by: number | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface ProgrammeChaptersTable {
  id: Generated<number>;
  process_id: number;
  title: string;
  position: number;
  owner_id: number | null;
}

export interface IdeasTable {
  id: Generated<number>;
  process_id: number;
  chapter_id: number;
  thread_id: number;
  title: string;
  body: string;
  body_html: string;
  author_id: number | null;
  author_unit_id: number | null;
  unit_id: number | null;
  status: IdeaStatus;
  answer: string | null;
  answer_html: string | null;
  /** `{ draftVersion, fromLine, toLine }` as JSON text, or null. */
  answer_lines: string | null;
  answered_by: number | null;
  answered_at: Ms | null;
  support_count: ColumnType<number, number | undefined, number>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Ms;
}

export interface IdeaSupportsTable {
  idea_id: number;
  member_id: number;
  created_at: Ms;
}

export interface ProgrammeDraftsTable {
  id: Generated<number>;
  process_id: number;
  version: number;
  note: string | null;
  published_by: number | null;
  published_at: Ms;
}

export interface ProgrammeDraftChaptersTable {
  draft_id: number;
  chapter_id: number;
  text: string;
}

export interface AmendmentsTable {
  id: Generated<number>;
  process_id: number;
  draft_id: number;
  chapter_id: number;
  kind: AmendmentKind;
  from_line: number;
  to_line: number;
  /** The draft's text of the lines when filed, for the diff and the book. */
  original_text: string;
  text: string;
  reason: string;
  filer_id: number | null;
  filer_unit_id: number | null;
  unit_id: number | null;
  status: 'collecting' | 'submitted';
  support_count: ColumnType<number, number | undefined, number>;
  submitted_at: Ms | null;
  procedure: AmendmentProcedure | null;
  procedure_text: string | null;
  procedure_note: string | null;
  settled_by_id: number | null;
  decided_by: number | null;
  decided_at: Ms | null;
  merged_into_draft_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Ms;
}

export interface AmendmentSupportsTable {
  amendment_id: number;
  member_id: number;
  created_at: Ms;
}

export interface ProgrammeDB {
  programme_processes: ProgrammeProcessesTable;
  programme_chapters: ProgrammeChaptersTable;
  ideas: IdeasTable;
  idea_supports: IdeaSupportsTable;
  programme_drafts: ProgrammeDraftsTable;
  programme_draft_chapters: ProgrammeDraftChaptersTable;
  amendments: AmendmentsTable;
  amendment_supports: AmendmentSupportsTable;
}
