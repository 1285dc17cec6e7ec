/**
 * API schemas of moderation: reporting posts, the moderators' queue, hiding and restoring posts,
 * closing reports, and banning members from a room for a time.
 */
import Type, { type Static } from 'typebox';
import { Id } from '../schemas.ts';

const strict = { additionalProperties: false } as const;
const IsoTime = Type.String({ format: 'date-time' });
const IdString = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const Person = Type.Object({ memberId: Id, displayName: Type.String() }, strict);
/** Free text a person writes as a reason: never empty, never a novel. */
const Reason = Type.String({ minLength: 1, maxLength: 1000, description: 'Why, in a few words' });

/** Path parameters naming a post or a report. */
export const ModerationIdParams = Type.Object({ id: IdString }, strict);

/** `POST /posts/:id/reports`. */
export const ReportBody = Type.Object({ reason: Reason }, strict);
export type ReportBody = Static<typeof ReportBody>;

export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const ModerationQueueQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(REPORT_STATUSES, { default: 'open' })),
    unitId: Type.Optional(IdString),
    cursor: Type.Optional(IdString),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  strict,
);
export type ModerationQueueQuery = Static<typeof ModerationQueueQuery>;

/** One report as moderators see it. */
export const ReportView = Type.Object(
  {
    id: Id,
    reason: Type.String(),
    reporter: Type.Union([Person, Type.Null()], { description: 'Null once the reporter is deleted' }),
    createdAt: IsoTime,
    status: Type.Enum(REPORT_STATUSES),
    resolution: Type.Union([Type.String(), Type.Null()], { description: 'The note of whoever closed it' }),
    resolvedAt: Type.Union([IsoTime, Type.Null()]),
    resolvedBy: Type.Union([Person, Type.Null()]),
  },
  strict,
);
export type ReportView = Static<typeof ReportView>;

/** A reported post with every report of the requested status about it: one case in the queue. */
export const ModerationCase = Type.Object(
  {
    post: Type.Object(
      {
        id: Id,
        author: Type.Union([Person, Type.Null()]),
        body: Type.String({ description: 'Markdown as written (empty when deleted)' }),
        bodyHtml: Type.String(),
        createdAt: IsoTime,
        deleted: Type.Boolean(),
        hidden: Type.Union([
          Type.Object({ reason: Type.String(), at: IsoTime, by: Type.Union([Person, Type.Null()]) }, strict),
          Type.Null(),
        ]),
      },
      strict,
    ),
    room: Type.Object(
      { id: Id, name: Type.String(), unit: Type.Object({ id: Id, name: Type.String() }, strict) },
      strict,
    ),
    thread: Type.Object({ id: Id, title: Type.String() }, strict),
    reportCount: Type.Integer({ minimum: 1 }),
    lastReportedAt: IsoTime,
    reports: Type.Array(ReportView, { description: 'Newest first' }),
  },
  strict,
);
export type ModerationCase = Static<typeof ModerationCase>;

export const ModerationQueue = Type.Object(
  {
    items: Type.Array(ModerationCase, { description: 'Newest report first' }),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);
export type ModerationQueue = Static<typeof ModerationQueue>;

/** Whether the viewer moderates any room (show the navigation entry) and how much is waiting. */
export const ModerationSummary = Type.Object(
  { moderates: Type.Boolean(), openReports: Type.Integer({ minimum: 0 }) },
  strict,
);
export type ModerationSummary = Static<typeof ModerationSummary>;

/** `PUT /posts/:id/hidden`: why; members see it in place of the post. */
export const HidePostBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, strict);
export type HidePostBody = Static<typeof HidePostBody>;

/** `POST /reports/:id/dismiss|resolve`. */
export const CloseReportBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000, description: 'For the other moderators' })) },
  strict,
);
export type CloseReportBody = Static<typeof CloseReportBody>;

export const BanBody = Type.Object(
  {
    memberId: Id,
    until: Type.String({ format: 'date-time', description: 'When the ban ends: in the future, at most a year ahead' }),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Shown to the banned member' }),
  },
  strict,
);
export type BanBody = Static<typeof BanBody>;

export const RoomBan = Type.Object(
  {
    id: Id,
    member: Person,
    reason: Type.String(),
    until: IsoTime,
    createdAt: IsoTime,
    bannedBy: Type.Union([Person, Type.Null()]),
    liftedAt: Type.Union([IsoTime, Type.Null()]),
    liftedBy: Type.Union([Person, Type.Null()]),
    active: Type.Boolean({ description: 'In force now: neither lifted nor expired' }),
  },
  strict,
);
export type RoomBan = Static<typeof RoomBan>;

export const RoomBanList = Type.Object(
  { items: Type.Array(RoomBan, { description: 'Active first, then newest' }) },
  strict,
);
export type RoomBanList = Static<typeof RoomBanList>;

export const RoomBanParams = Type.Object({ id: IdString, banId: IdString }, strict);
