/**
 * API schemas of the events feature: events and series, registration with waitlist, meeting data,
 * calendars (.ics per event, personal feed), questions in advance, the Regionalzentren.
 *
 * Times. Every instant leaves the API twice: `startsAt` as ISO-8601 in UTC (`…Z`) for machines,
 * and `startsAtLocal` as the Europe/Berlin wall-clock time with its offset
 * (`2027-04-08T19:00+02:00`) for forms and display. Input (`LocalDateTime`) is either
 * - a Europe/Berlin wall-clock time without offset, `2027-04-08T19:00` — the usual case; a time
 *   that does not exist (the hour skipped when clocks go forward, e.g. `2027-03-28T02:30`) is
 *   refused with `event_time_nonexistent`, and a time that exists twice (the hour repeated when
 *   clocks go back, e.g. `2026-10-25T02:30`) with `event_time_ambiguous`; or
 * - a time with an explicit offset or `Z` (`2026-10-25T02:30+01:00`), taken as that instant —
 *   which is how an ambiguous hour is given deliberately.
 * Meeting data (link, dial-in, access code) appears ONLY in `Event.meetingData` and in
 * `GET …/meeting-data`, and only for members registered (not waitlisted) and the organisers.
 */
import Type, { type Static } from 'typebox';
import { ROLES } from '../roles.ts';
import { UNIT_TYPES } from '../units.ts';

const strict = { additionalProperties: false } as const;
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const IdParam = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

/** Schulung, Videokonferenz (e.g. the Dialogtour), Sitzung, Präsenzveranstaltung. */
export const EVENT_KINDS = ['training', 'video_conference', 'meeting', 'in_person'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EventKindSchema = Type.Enum(EVENT_KINDS);

/**
 * Who the event is for, always relative to the organising unit:
 * `all` every member; `unit` members of the unit and every unit below it (for an AG: its
 * members); `role` holders of one of `audienceRoles` in the unit (e.g. its board).
 */
export const EVENT_AUDIENCES = ['all', 'unit', 'role'] as const;
export type EventAudience = (typeof EVENT_AUDIENCES)[number];
export const EventAudienceSchema = Type.Enum(EVENT_AUDIENCES);

/** Fields the organiser may show on the public share page besides title and time. */
export const EVENT_PUBLIC_FIELDS = ['topic', 'guests', 'description', 'location'] as const;
export type EventPublicField = (typeof EVENT_PUBLIC_FIELDS)[number];

/** Wall-clock Europe/Berlin time, or an instant with offset. See the module comment. */
export const LocalDateTime = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?$',
  description: 'Europe/Berlin wall-clock time `YYYY-MM-DDTHH:mm`, or ISO-8601 with offset',
  examples: ['2027-04-08T19:00', '2026-10-25T02:30+01:00'],
});

export const EventGuest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    /** e.g. "Spitzenkandidat", "Referentin". */
    role: Type.Optional(Type.String({ maxLength: 120 })),
  },
  strict,
);
export type EventGuest = Static<typeof EventGuest>;

export const EventUnitRef = Type.Object({ id: Id, name: Type.String(), type: Type.Enum(UNIT_TYPES) }, strict);

export const EventSeriesRef = Type.Object({ id: Id, title: Type.String() }, strict);

/** Counts, for everyone who sees the event. */
export const EventRegistrationCounts = Type.Object(
  {
    registered: Type.Integer({ minimum: 0 }),
    waitlisted: Type.Integer({ minimum: 0 }),
    capacity: Nullable(Type.Integer({ minimum: 1 })),
    /** Free places; null for unlimited. */
    spotsLeft: Nullable(Type.Integer({ minimum: 0 })),
  },
  strict,
);

/** The viewer's own registration. `position` is the place on the waitlist (1 = next). */
export const MyRegistration = Type.Object(
  {
    status: Type.Union([Type.Literal('registered'), Type.Literal('waitlisted')]),
    position: Nullable(Type.Integer({ minimum: 1 })),
    registeredAt: DateTime,
  },
  strict,
);
export type MyRegistration = Static<typeof MyRegistration>;

/** What the viewer may do, so the UI offers only that. */
export const EventAbilities = Type.Object(
  {
    register: Type.Boolean(),
    cancelRegistration: Type.Boolean(),
    /** Edit, cancel, set meeting data, see and export registrants, message them, mark attendance. */
    manage: Type.Boolean(),
    moderateQuestions: Type.Boolean(),
    askQuestion: Type.Boolean(),
  },
  strict,
);

export const EventStatusSchema = Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]);

/** An event in lists and calendars: never the description or meeting data. */
export const EventSummary = Type.Object(
  {
    id: Id,
    kind: EventKindSchema,
    title: Type.String(),
    topic: Nullable(Type.String()),
    unit: EventUnitRef,
    series: Nullable(EventSeriesRef),
    startsAt: DateTime,
    endsAt: DateTime,
    /** Europe/Berlin wall clock with offset, e.g. `2027-04-08T19:00+02:00`. */
    startsAtLocal: Type.String(),
    endsAtLocal: Type.String(),
    online: Type.Boolean(),
    location: Nullable(Type.String()),
    status: EventStatusSchema,
    counts: EventRegistrationCounts,
    myRegistration: Nullable(MyRegistration),
  },
  { ...strict, $id: 'EventSummary' },
);
export type EventSummary = Static<typeof EventSummary>;

/** Meeting data; only for registered members and organisers. `version` rises with every change. */
export const MeetingData = Type.Object(
  {
    url: Nullable(Type.String()),
    dialIn: Nullable(Type.String()),
    accessCode: Nullable(Type.String()),
    version: Type.Integer({ minimum: 1 }),
  },
  strict,
);
export type MeetingData = Static<typeof MeetingData>;

export const EventShare = Type.Object(
  {
    public: Type.Boolean(),
    fields: Type.Array(Type.Enum(EVENT_PUBLIC_FIELDS)),
    /** Absolute URL of the public page, when public. */
    url: Nullable(Type.String()),
  },
  strict,
);

/** The event page. */
export const Event = Type.Object(
  {
    ...EventSummary.properties,
    descriptionMarkdown: Type.String(),
    /** Rendered without raw HTML. */
    descriptionHtml: Type.String(),
    guests: Type.Array(EventGuest),
    audience: EventAudienceSchema,
    audienceRoles: Type.Array(Type.Enum(ROLES)),
    /** Whether meeting data has been set (everyone may know that it exists). */
    hasMeetingData: Type.Boolean(),
    /** Present only for registered members and organisers; null otherwise. */
    meetingData: Nullable(MeetingData),
    /** When the meeting data is mailed to registrants (organisers only; null for others or unset). */
    meetingMailAt: Nullable(DateTime),
    /** Minutes before the start the reminder goes out; null: none (organisers only). */
    reminderMinutesBefore: Nullable(Type.Integer({ minimum: 0 })),
    share: EventShare,
    cancelledAt: Nullable(DateTime),
    cancelReason: Nullable(Type.String()),
    abilities: EventAbilities,
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { ...strict, $id: 'Event' },
);
export type Event = Static<typeof Event>;

const eventFields = {
  kind: EventKindSchema,
  title: Type.String({ minLength: 1, maxLength: 200 }),
  topic: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
  description: Type.Optional(Type.String({ maxLength: 20_000, description: 'Markdown' })),
  startsAt: LocalDateTime,
  endsAt: LocalDateTime,
  online: Type.Boolean(),
  location: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  guests: Type.Optional(Type.Array(EventGuest, { maxItems: 30 })),
  /** Absent on creation: `unit`, the organising unit — reaching every member is a deliberate choice. */
  audience: Type.Optional(EventAudienceSchema),
  /** Required (non-empty) for audience `role`, empty otherwise. */
  audienceRoles: Type.Optional(Type.Array(Type.Enum(ROLES), { maxItems: ROLES.length, uniqueItems: true })),
  /** Null or absent: unlimited. */
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 }))),
  seriesId: Type.Optional(Nullable(Id)),
  /** When the meeting data mail goes out, e.g. the Monday 10:00 before; null: when it is set. */
  meetingMailAt: Type.Optional(Nullable(LocalDateTime)),
  reminderMinutesBefore: Type.Optional(Nullable(Type.Integer({ minimum: 5, maximum: 10_080 }))),
  share: Type.Optional(
    Type.Object(
      {
        public: Type.Boolean(),
        fields: Type.Array(Type.Enum(EVENT_PUBLIC_FIELDS), { uniqueItems: true, maxItems: EVENT_PUBLIC_FIELDS.length }),
      },
      strict,
    ),
  ),
};

/** `POST /units/:id/events`. */
export const CreateEventBody = Type.Object(eventFields, strict);
export type CreateEventBody = Static<typeof CreateEventBody>;

/** `PATCH /events/:id`: any subset; `startsAt` and `endsAt` are checked together. */
export const UpdateEventBody = Type.Partial(Type.Object(eventFields, strict), strict);
export type UpdateEventBody = Static<typeof UpdateEventBody>;

export const CancelEventBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, strict);
export type CancelEventBody = Static<typeof CancelEventBody>;

/** `PUT /events/:id/meeting-data`: replaces it; a change mails everyone registered again. */
export const MeetingDataBody = Type.Object(
  {
    url: Type.Optional(Nullable(Type.String({ maxLength: 500, pattern: '^https://' }))),
    dialIn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    accessCode: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  strict,
);
export type MeetingDataBody = Static<typeof MeetingDataBody>;

export const EventParams = Type.Object({ id: IdParam }, strict);
export const EventMemberParams = Type.Object({ id: IdParam, memberId: IdParam }, strict);
export const EventQuestionParams = Type.Object({ id: IdParam, questionId: IdParam }, strict);

/** `GET /events`: upcoming (from now) unless `from` is given; sorted by start. */
export const EventListQuery = Type.Object(
  {
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    kind: Type.Optional(EventKindSchema),
    /** Events organised by this unit (not below it). */
    unitId: Type.Optional(IdParam),
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    seriesId: Type.Optional(IdParam),
    /** Opaque, from `nextCursor`. */
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,16}_[1-9][0-9]{0,15}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  strict,
);
export type EventListQuery = Static<typeof EventListQuery>;

export const EventList = Type.Object({ items: Type.Array(EventSummary), nextCursor: Nullable(Type.String()) }, strict);
export type EventList = Static<typeof EventList>;

/** `GET /me/events`. */
export const MyEventsQuery = Type.Object(
  { when: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('past')], { default: 'upcoming' })) },
  strict,
);

/** A registrant as the organisers see them. */
export const Registrant = Type.Object(
  {
    memberId: Id,
    name: Type.String(),
    email: Nullable(Type.String()),
    /** The member's Ortsverein. */
    unitName: Type.String(),
    status: Type.Union([Type.Literal('registered'), Type.Literal('waitlisted')]),
    position: Nullable(Type.Integer({ minimum: 1 })),
    registeredAt: DateTime,
    attended: Nullable(Type.Boolean()),
  },
  strict,
);
export type Registrant = Static<typeof Registrant>;

export const RegistrantList = Type.Object({ items: Type.Array(Registrant), counts: EventRegistrationCounts }, strict);
export type RegistrantList = Static<typeof RegistrantList>;

export const AttendanceBody = Type.Object({ attended: Nullable(Type.Boolean()) }, strict);

export const MessageRegistrantsBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 10_000, description: 'Plain text' }),
    /** Also write to the waitlist. */
    includeWaitlist: Type.Optional(Type.Boolean({ default: false })),
  },
  strict,
);
export type MessageRegistrantsBody = Static<typeof MessageRegistrantsBody>;

export const MessageResult = Type.Object({ recipients: Type.Integer({ minimum: 0 }) }, strict);

export const QUESTION_STATUSES = ['open', 'answered', 'hidden', 'merged'] as const;

export const EventQuestion = Type.Object(
  {
    id: Id,
    body: Type.String(),
    /** Null when the author's account is gone. */
    authorName: Nullable(Type.String()),
    mine: Type.Boolean(),
    supportCount: Type.Integer({ minimum: 0 }),
    supportedByMe: Type.Boolean(),
    status: Type.Enum(QUESTION_STATUSES),
    /** For merged questions: the question it was merged into. */
    mergedIntoId: Nullable(Id),
    /** Bodies of the questions merged into this one. */
    merged: Type.Array(Type.Object({ id: Id, body: Type.String() }, strict)),
    createdAt: DateTime,
    answeredAt: Nullable(DateTime),
  },
  strict,
);
export type EventQuestion = Static<typeof EventQuestion>;

/**
 * `GET /events/:id/questions`: `view=member` (default) open and answered questions, sorted by
 * support; `presenter` the same for the screen (moderators); `moderation` everything, hidden and
 * merged included (moderators).
 */
export const QuestionListQuery = Type.Object(
  {
    view: Type.Optional(
      Type.Union([Type.Literal('member'), Type.Literal('presenter'), Type.Literal('moderation')], {
        default: 'member',
      }),
    ),
  },
  strict,
);

export const QuestionList = Type.Object({ items: Type.Array(EventQuestion) }, strict);
export type QuestionList = Static<typeof QuestionList>;

export const AskQuestionBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 1000 }) }, strict);

/** Moderation: set exactly one of the fields. */
export const ModerateQuestionBody = Type.Object(
  {
    hidden: Type.Optional(Type.Boolean()),
    answered: Type.Optional(Type.Boolean()),
    /** Merge this question (a duplicate) into another one; its supporters move over. */
    mergeIntoId: Type.Optional(Id),
  },
  strict,
);
export type ModerateQuestionBody = Static<typeof ModerateQuestionBody>;

/** The personal calendar feed. The token is shown once, at creation; only its hash is kept. */
export const CalendarFeed = Type.Object(
  {
    active: Type.Boolean(),
    includeMeetingData: Type.Boolean(),
    createdAt: Nullable(DateTime),
    /** Only in the answer to `POST /me/calendar-feed`. */
    url: Type.Optional(Type.String()),
  },
  strict,
);
export type CalendarFeed = Static<typeof CalendarFeed>;

/** `POST /me/calendar-feed`: creates a feed, replacing (revoking) any earlier one. */
export const CreateCalendarFeedBody = Type.Object(
  { includeMeetingData: Type.Optional(Type.Boolean({ default: false })) },
  strict,
);

export const RegionalzentrumContact = Type.Object(
  {
    street: Nullable(Type.String()),
    postcode: Nullable(Type.String()),
    city: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
  },
  strict,
);

export const RegionalzentrumPerson = Type.Object({ name: Type.String(), role: Type.Enum(ROLES) }, strict);

/** `GET /me/regionalzentrum` (404 when the member has none) and one centre of the Land list. */
export const Regionalzentrum = Type.Object(
  {
    unit: EventUnitRef,
    contact: RegionalzentrumContact,
    people: Type.Array(RegionalzentrumPerson),
    upcomingTrainings: Type.Array(EventSummary),
  },
  strict,
);
export type Regionalzentrum = Static<typeof Regionalzentrum>;

/** `GET /regionalzentren/trainings`: every centre with its upcoming trainings the viewer may see. */
export const TrainingsByCentre = Type.Object(
  {
    items: Type.Array(
      Type.Object({ unit: EventUnitRef, contact: RegionalzentrumContact, trainings: Type.Array(EventSummary) }, strict),
    ),
  },
  strict,
);
export type TrainingsByCentre = Static<typeof TrainingsByCentre>;
