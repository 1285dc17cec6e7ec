/**
 * API schemas of the programme process: processes with phases and chapters, ideas with supports
 * and the commission's answers, drafts with stable line numbers, amendments with diffs and
 * procedures.
 */
import Type, { type Static } from 'typebox';
import { Id } from '../schemas.ts';
import { AttachmentView } from './attachments.ts';

const strict = { additionalProperties: false } as const;
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Person = Type.Object({ memberId: Id, displayName: Type.String() }, strict);
const UnitRef = Type.Object({ id: Id, name: Type.String() }, strict);

export const IDEA_STATUSES = ['submitted', 'in_review', 'accepted', 'partially_accepted', 'rejected'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
export const IdeaStatusSchema = Type.Enum(IDEA_STATUSES);

export const PROGRAMME_PHASES = ['upcoming', 'ideas', 'draft', 'amendments', 'closed'] as const;
export type ProgrammePhase = (typeof PROGRAMME_PHASES)[number];

export const AMENDMENT_PROCEDURES = ['accept', 'reject', 'modified', 'settled'] as const;
export type AmendmentProcedure = (typeof AMENDMENT_PROCEDURES)[number];

export const ProgrammeParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }, strict);
export const DraftVersionParams = Type.Object(
  { id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }), version: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }) },
  strict,
);

export const PhaseDates = Type.Object(
  {
    ideasFrom: Time,
    ideasUntil: Time,
    draftFrom: Time,
    draftUntil: Time,
    amendmentsFrom: Time,
    amendmentsUntil: Time,
  },
  {
    ...strict,
    description: 'Each phase runs from its start up to (not including) its end; after the last, the process is closed.',
  },
);
export type PhaseDates = Static<typeof PhaseDates>;

export const CreateProcessBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 20_000 }),
    phases: PhaseDates,
    amendmentThreshold: Type.Integer({ minimum: 0, maximum: 1000, default: 5 }),
    chapters: Type.Array(
      Type.Object(
        { title: Type.String({ minLength: 1, maxLength: 200 }), ownerMemberId: Type.Optional(Nullable(Id)) },
        strict,
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  strict,
);
export type CreateProcessBody = Static<typeof CreateProcessBody>;

export const UpdateProcessBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    phases: Type.Optional(PhaseDates),
    amendmentThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  strict,
);
export type UpdateProcessBody = Static<typeof UpdateProcessBody>;

const StatusCounts = Type.Object(
  {
    submitted: Type.Integer(),
    in_review: Type.Integer(),
    accepted: Type.Integer(),
    partially_accepted: Type.Integer(),
    rejected: Type.Integer(),
  },
  strict,
);

export const Chapter = Type.Object(
  {
    id: Id,
    title: Type.String(),
    position: Type.Integer(),
    owner: Nullable(Person),
    ideas: StatusCounts,
  },
  strict,
);

export const ProgrammeDraftSummary = Type.Object(
  { id: Id, version: Type.Integer(), publishedAt: Time, note: Nullable(Type.String()), lineCount: Type.Integer() },
  strict,
);
export type ProgrammeDraftSummary = Static<typeof ProgrammeDraftSummary>;

export const Process = Type.Object(
  {
    id: Id,
    title: Type.String(),
    description: Type.String(),
    descriptionHtml: Type.String(),
    phase: Type.Enum(PROGRAMME_PHASES),
    phases: PhaseDates,
    amendmentThreshold: Type.Integer(),
    roomId: Id,
    chapters: Type.Array(Chapter),
    ideas: StatusCounts,
    amendmentCount: Type.Integer(),
    currentDraft: Nullable(ProgrammeDraftSummary),
    permissions: Type.Object(
      {
        administer: Type.Boolean(),
        commission: Type.Boolean(),
        submitIdea: Type.Boolean(),
        fileAmendment: Type.Boolean(),
      },
      strict,
    ),
  },
  { ...strict, $id: 'ProgrammeProcess' },
);
export type Process = Static<typeof Process>;

export const ProcessList = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          id: Id,
          title: Type.String(),
          phase: Type.Enum(PROGRAMME_PHASES),
          phases: PhaseDates,
          ideaCount: Type.Integer(),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type ProcessList = Static<typeof ProcessList>;

export const IdeaBody = Type.Object(
  {
    chapterId: Id,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    /** File the idea for a unit whose board the member is on. */
    unitId: Type.Optional(Nullable(Id)),
    attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 5 })),
  },
  strict,
);
export type IdeaBody = Static<typeof IdeaBody>;

export const AnswerLines = Type.Object(
  {
    draftVersion: Type.Integer({ minimum: 1 }),
    fromLine: Type.Integer({ minimum: 1 }),
    toLine: Type.Integer({ minimum: 1 }),
  },
  strict,
);

export const Idea = Type.Object(
  {
    id: Id,
    processId: Id,
    chapter: Type.Object({ id: Id, title: Type.String() }, strict),
    title: Type.String(),
    body: Type.String(),
    bodyHtml: Type.String(),
    author: Nullable(Person),
    unit: Nullable(UnitRef),
    status: IdeaStatusSchema,
    answer: Nullable(
      Type.Object(
        {
          text: Type.String(),
          html: Type.String(),
          lines: Nullable(AnswerLines),
          answeredAt: Time,
          answeredBy: Nullable(Person),
        },
        strict,
      ),
    ),
    attachments: Type.Array(AttachmentView),
    supportCount: Type.Integer(),
    supported: Type.Boolean(),
    commentCount: Type.Integer(),
    threadId: Id,
    createdAt: Time,
    version: Type.Integer(),
    permissions: Type.Object({ support: Type.Boolean(), answer: Type.Boolean() }, strict),
  },
  { ...strict, $id: 'Idea' },
);
export type Idea = Static<typeof Idea>;

export const IdeaListQuery = Type.Object(
  {
    chapterId: Type.Optional(Id),
    status: Type.Optional(IdeaStatusSchema),
    mine: Type.Optional(Type.Boolean()),
    myUnit: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('support'), Type.Literal('discussed')])),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  strict,
);
export type IdeaListQuery = Static<typeof IdeaListQuery>;

export const IdeaList = Type.Object({ items: Type.Array(Idea), nextCursor: Nullable(Type.String()) }, strict);
export type IdeaList = Static<typeof IdeaList>;

export const AnswerBody = Type.Object(
  {
    status: IdeaStatusSchema,
    answer: Type.Optional(Type.String({ maxLength: 20_000 })),
    lines: Type.Optional(Nullable(AnswerLines)),
    /** The `version` the commission member saw; a newer one means someone else answered: 409. */
    expectedVersion: Type.Integer({ minimum: 1 }),
  },
  strict,
);
export type AnswerBody = Static<typeof AnswerBody>;

export const BulkStatusBody = Type.Object(
  {
    status: IdeaStatusSchema,
    items: Type.Array(Type.Object({ id: Id, expectedVersion: Type.Integer({ minimum: 1 }) }, strict), {
      minItems: 1,
      maxItems: 200,
    }),
  },
  strict,
);
export type BulkStatusBody = Static<typeof BulkStatusBody>;

export const ProgrammeStats = Type.Object(
  {
    ideas: StatusCounts,
    chapters: Type.Array(Type.Object({ id: Id, title: Type.String(), ideas: StatusCounts }, strict)),
  },
  strict,
);
export type ProgrammeStats = Static<typeof ProgrammeStats>;

export const PublishDraftBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    chapters: Type.Array(Type.Object({ chapterId: Id, text: Type.String({ maxLength: 200_000 }) }, strict), {
      minItems: 1,
      maxItems: 50,
    }),
  },
  strict,
);
export type PublishDraftBody = Static<typeof PublishDraftBody>;

export const ProgrammeDraftLine = Type.Object(
  { number: Type.Integer(), chapterId: Id, heading: Type.Boolean(), text: Type.String() },
  strict,
);
export type ProgrammeDraftLine = Static<typeof ProgrammeDraftLine>;

export const ProgrammeDraft = Type.Object(
  {
    ...ProgrammeDraftSummary.properties,
    chapters: Type.Array(
      Type.Object(
        { id: Id, title: Type.String(), text: Type.String(), firstLine: Type.Integer(), lastLine: Type.Integer() },
        strict,
      ),
    ),
    lines: Type.Array(ProgrammeDraftLine),
  },
  { ...strict, $id: 'ProgrammeDraft' },
);
export type ProgrammeDraft = Static<typeof ProgrammeDraft>;

export const ProgrammeDraftList = Type.Object({ items: Type.Array(ProgrammeDraftSummary) }, strict);
export type ProgrammeDraftList = Static<typeof ProgrammeDraftList>;

export const AMENDMENT_KINDS = ['replace', 'delete', 'insert'] as const;

export const AmendmentBody = Type.Object(
  {
    /** The draft version the lines refer to; an older one than the current is refused (409). */
    draftVersion: Type.Integer({ minimum: 1 }),
    kind: Type.Enum(AMENDMENT_KINDS),
    fromLine: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    /** Equal to fromLine for an insert (the text goes after that line). */
    toLine: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    text: Type.String({ maxLength: 20_000 }),
    reason: Type.String({ minLength: 1, maxLength: 10_000 }),
    unitId: Type.Optional(Nullable(Id)),
  },
  strict,
);
export type AmendmentBody = Static<typeof AmendmentBody>;

export const DiffPart = Type.Object(
  { type: Type.Union([Type.Literal('equal'), Type.Literal('insert'), Type.Literal('delete')]), text: Type.String() },
  strict,
);
export type DiffPart = Static<typeof DiffPart>;

export const Amendment = Type.Object(
  {
    id: Id,
    processId: Id,
    draftVersion: Type.Integer(),
    chapter: Type.Object({ id: Id, title: Type.String() }, strict),
    kind: Type.Enum(AMENDMENT_KINDS),
    fromLine: Type.Integer(),
    toLine: Type.Integer(),
    originalText: Type.String(),
    text: Type.String(),
    diff: Type.Array(DiffPart),
    reason: Type.String(),
    filer: Nullable(Person),
    unit: Nullable(UnitRef),
    status: Type.Union([Type.Literal('collecting'), Type.Literal('submitted')]),
    supportCount: Type.Integer(),
    supported: Type.Boolean(),
    threshold: Type.Integer(),
    procedure: Nullable(
      Type.Object(
        {
          kind: Type.Enum(AMENDMENT_PROCEDURES),
          text: Nullable(Type.String()),
          note: Nullable(Type.String()),
          settledById: Nullable(Id),
          decidedAt: Time,
        },
        strict,
      ),
    ),
    mergedIntoVersion: Nullable(Type.Integer()),
    /** Other amendments of the same draft version touching the same lines (not rejected). */
    overlapsWith: Type.Array(Id),
    createdAt: Time,
    version: Type.Integer(),
    permissions: Type.Object({ support: Type.Boolean(), decide: Type.Boolean() }, strict),
  },
  { ...strict, $id: 'Amendment' },
);
export type Amendment = Static<typeof Amendment>;

export const AmendmentListQuery = Type.Object(
  {
    draftVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    chapterId: Type.Optional(Id),
    status: Type.Optional(Type.Union([Type.Literal('collecting'), Type.Literal('submitted')])),
    mine: Type.Optional(Type.Boolean()),
  },
  strict,
);
export type AmendmentListQuery = Static<typeof AmendmentListQuery>;

export const AmendmentList = Type.Object({ items: Type.Array(Amendment) }, strict);
export type AmendmentList = Static<typeof AmendmentList>;

export const ProcedureBody = Type.Object(
  {
    procedure: Type.Enum(AMENDMENT_PROCEDURES),
    /** The commission's own wording, for `modified`. */
    text: Type.Optional(Type.String({ maxLength: 20_000 })),
    note: Type.Optional(Type.String({ maxLength: 10_000 })),
    /** The amendment this one is settled by, for `settled`. */
    settledById: Type.Optional(Id),
    expectedVersion: Type.Integer({ minimum: 1 }),
  },
  strict,
);
export type ProcedureBody = Static<typeof ProcedureBody>;

export const MergeBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, strict);

export const MergeResult = Type.Object(
  {
    draft: ProgrammeDraftSummary,
    merged: Type.Array(Id),
    /** Accepted amendments left out because they overlap another: the commission decides. */
    overlapping: Type.Array(Type.Array(Id)),
  },
  strict,
);
export type MergeResult = Static<typeof MergeResult>;
