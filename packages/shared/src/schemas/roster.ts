/** API schemas of the roster import and the admin pages for members and units. */
import Type, { type Static } from 'typebox';
import { RoleSchema, UnitTypeSchema } from '../schemas.ts';

const strict = { additionalProperties: false } as const;
const IdParam = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const Cursor = Type.String({ pattern: '^(0|[1-9][0-9]{0,8})$' });
const UnitRef = Type.Object({ code: Type.String(), name: Type.String() }, strict);

export const ROSTER_SECTIONS = ['new', 'changed', 'moved', 'left', 'errors'] as const;
export type RosterSectionName = (typeof ROSTER_SECTIONS)[number];

export const ROSTER_ERROR_REASONS = [
  'column_count',
  'missing_value',
  'invalid_member_number',
  'invalid_email',
  'invalid_date',
  'too_long',
  'duplicate_member_number',
  'unknown_function',
  'unknown_unit',
  'not_an_ortsverein',
  'not_an_arbeitsgemeinschaft',
  // No longer reported (a deleted account's row is skipped quietly); kept for older previews.
  'member_deleted',
] as const;

export const RosterSummary = Type.Object(
  {
    encoding: Type.Enum(['utf-8', 'windows-1252'], { description: 'How the file was decoded' }),
    separator: Type.Enum([';', ',', '\t']),
    rows: Type.Integer({ description: 'Data rows in the file' }),
    new: Type.Integer(),
    changed: Type.Integer(),
    moved: Type.Integer({ description: 'Members whose Ortsverein changes' }),
    left: Type.Integer({ description: 'Active members missing from the file: they left the party' }),
    unchanged: Type.Integer(),
    errors: Type.Integer({ description: 'Rows that are not taken over' }),
  },
  strict,
);

const RosterImportFields = {
  id: Type.Integer(),
  fileName: Type.String(),
  status: Type.Enum(['previewed', 'applied', 'superseded']),
  createdAt: Type.String({ format: 'date-time' }),
  appliedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  summary: RosterSummary,
  massDeparture: Type.Boolean({
    description:
      'More than 100 departures and more than a tenth of the roster: applying needs `departures` (typed) and `reason`',
  }),
};

export const DeparturesByUnit = Type.Object(
  {
    unit: UnitRef,
    count: Type.Integer({ description: 'Members of this Ortsverein missing from the file' }),
    sample: Type.Array(Type.Object({ memberNumber: Type.String(), name: Type.String() }, strict), {
      description: 'The first three of them',
    }),
  },
  strict,
);
export type DeparturesByUnit = Static<typeof DeparturesByUnit>;

export const RosterPreviewSchema = Type.Object(
  {
    ...RosterImportFields,
    departures: Type.Array(DeparturesByUnit, { description: 'Departures by Ortsverein, the ten with the most' }),
  },
  strict,
);
export type RosterPreview = Static<typeof RosterPreviewSchema>;

export const RosterChange = Type.Object(
  {
    line: Type.Union([Type.Integer(), Type.Null()], { description: 'Line in the file (header = 1)' }),
    memberNumber: Type.Union([Type.String(), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
    unit: Type.Union([UnitRef, Type.Null()], { description: 'The Ortsverein (after the change)' }),
    fromUnit: Type.Union([UnitRef, Type.Null()], { description: 'The Ortsverein before a move' }),
    changes: Type.Array(Type.String(), { description: 'Changed fields' }),
    reason: Type.Union([Type.Enum(ROSTER_ERROR_REASONS), Type.Null()]),
    detail: Type.Union([Type.String(), Type.Null()], { description: 'The column or value concerned' }),
  },
  strict,
);
export type RosterChange = Static<typeof RosterChange>;

export const RosterPreviewPage = Type.Object(
  {
    ...RosterPreviewSchema.properties,
    items: Type.Array(RosterChange),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);
export type RosterPreviewPage = Static<typeof RosterPreviewPage>;

export const RosterApplied = Type.Object(
  {
    ...RosterImportFields,
    applied: Type.Object(
      { inserted: Type.Integer(), updated: Type.Integer(), left: Type.Integer(), sessionsEnded: Type.Integer() },
      strict,
    ),
  },
  strict,
);
export type RosterApplied = Static<typeof RosterApplied>;

export const RosterIdParams = Type.Object({ id: IdParam }, strict);

/** Needed only for a mass departure (`massDeparture` in the preview); kept in the audit log. */
export const RosterApplyBody = Type.Object(
  {
    departures: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'The number of departures, typed by the admin' }),
    ),
    reason: Type.Optional(
      Type.String({ maxLength: 2000, description: 'Why the file is complete (at least 20 characters)' }),
    ),
  },
  strict,
);
export type RosterApplyBody = Static<typeof RosterApplyBody>;
export const RosterUploadQuery = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The file name, for the record' })) },
  strict,
);
export const RosterPageQuery = Type.Object(
  {
    section: Type.Optional(Type.Enum(ROSTER_SECTIONS, { default: 'errors' })),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  strict,
);

export const MEMBER_STATUSES = ['active', 'left', 'deleted'] as const;
export type MemberStatusName = (typeof MEMBER_STATUSES)[number];

export const MemberSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Name (umlaut-insensitive) or member number' })),
    unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    status: Type.Optional(Type.Enum(MEMBER_STATUSES)),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  strict,
);

const OrtsvereinRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }, strict);
export const MemberListItem = Type.Object(
  {
    id: Type.Integer(),
    memberNumber: Type.String(),
    name: Type.String(),
    status: Type.Enum(MEMBER_STATUSES),
    ortsverein: OrtsvereinRef,
  },
  strict,
);
export type MemberListItem = Static<typeof MemberListItem>;
export const MemberList = Type.Object(
  { items: Type.Array(MemberListItem), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  strict,
);
export type MemberList = Static<typeof MemberList>;

const TypedUnitRef = Type.Object(
  { id: Type.Integer(), code: Type.String(), name: Type.String(), type: UnitTypeSchema },
  strict,
);
export const MemberDetail = Type.Object(
  {
    ...MemberListItem.properties,
    firstName: Type.String(),
    lastName: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    birthDate: Type.Union([Type.String(), Type.Null()]),
    leftAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    hasAccount: Type.Boolean(),
    units: Type.Array(TypedUnitRef, { description: 'Arbeitsgemeinschaften and Gremien' }),
    roles: Type.Array(
      Type.Object({ unit: TypedUnitRef, role: RoleSchema, source: Type.Enum(['roster', 'app']) }, strict),
    ),
  },
  strict,
);
export type MemberDetail = Static<typeof MemberDetail>;
export const MemberParams = Type.Object({ id: IdParam }, strict);

export const UnitUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    code: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$' })),
  },
  { ...strict, minProperties: 1 },
);
export type UnitUpdateBody = Static<typeof UnitUpdateBody>;
