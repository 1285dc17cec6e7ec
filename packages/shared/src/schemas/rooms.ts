/**
 * API schemas of rooms, threads, posts, reactions, read markers and drafts (ROOMS_API.md).
 * Limits live here once, so the server refuses and the web app counts down the same numbers.
 */
import Type, { type Static } from 'typebox';
import { Id, UnitTypeSchema } from '../schemas.ts';
import { AttachmentView } from './attachments.ts';
import { PollInput, PollView } from './polls.ts';

const strict = { additionalProperties: false } as const;
const IdParam = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const IsoTime = Type.String({ format: 'date-time' });
const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The limits of what members write. */
export const ROOM_LIMITS = {
  roomName: 80,
  roomDescription: 500,
  codeOfConduct: 5000,
  threadTitle: 200,
  postBody: 20_000,
  draftBody: 20_000,
  attachmentsPerPost: 10,
  invitesPerRequest: 200,
} as const;

/** The reactions a post can get. */
export const REACTION_EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🎉', '👏', '🤔'] as const;
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

export const ROOM_AUDIENCES = ['unit', 'board', 'all', 'invite'] as const;
export const RoomAudienceSchema = Type.Enum(ROOM_AUDIENCES, {
  description: 'unit: members of the unit and below; board: its board; all: every member; invite: the invited',
});
export const RoomKindSchema = Type.Enum(['general', 'board', 'custom'], {
  description: 'general ("Allgemein") and board ("Vorstand") exist for every unit; custom rooms are added',
});

export const RoomParams = Type.Object({ id: IdParam }, strict);
export const RoomInviteParams = Type.Object({ id: IdParam, memberId: IdParam }, strict);
export const ReactionParams = Type.Object({ id: IdParam, emoji: Type.Enum(REACTION_EMOJI) }, strict);
export const ComposerDraftParams = Type.Object(
  { key: Type.String({ pattern: '^(room|thread)-[1-9][0-9]{0,15}$', description: 'room-<id> or thread-<id>' }) },
  strict,
);

export const RoomUnit = Type.Object({ id: Id, name: Type.String(), type: UnitTypeSchema }, strict);
export const MemberRef = Type.Object({ memberId: Id, displayName: Type.String() }, strict);
export type MemberRef = Static<typeof MemberRef>;

export const RoomSummary = Type.Object(
  {
    id: Id,
    unitId: Id,
    kind: RoomKindSchema,
    name: Type.String(),
    description: nullable(Type.String()),
    audience: RoomAudienceSchema,
    unreadThreads: Type.Integer({ minimum: 0, description: 'Threads with posts the member has not read' }),
    unreadPosts: Type.Integer({ minimum: 0 }),
    muted: Type.Boolean(),
    left: Type.Boolean(),
    /** Whether the member may leave it (custom rooms); "Allgemein" and "Vorstand" can only be muted. */
    optional: Type.Boolean(),
    lastActivityAt: IsoTime,
  },
  { ...strict, $id: 'RoomSummary' },
);
export type RoomSummary = Static<typeof RoomSummary>;

export const RoomList = Type.Object(
  { groups: Type.Array(Type.Object({ unit: RoomUnit, rooms: Type.Array(RoomSummary) }, strict)) },
  strict,
);
export type RoomList = Static<typeof RoomList>;

export const RoomListQuery = Type.Object(
  { includeLeft: Type.Optional(Type.Boolean({ description: 'Also list rooms the member left' })) },
  strict,
);

export const Room = Type.Object(
  {
    id: Id,
    unit: RoomUnit,
    kind: RoomKindSchema,
    name: Type.String(),
    description: nullable(Type.String()),
    audience: RoomAudienceSchema,
    codeOfConduct: nullable(Type.String()),
    cocAccepted: Type.Boolean({ description: 'True when there is no code of conduct or it was accepted' }),
    settings: Type.Object({ muted: Type.Boolean(), following: Type.Boolean(), left: Type.Boolean() }, strict),
    optional: Type.Boolean(),
    /** The member's previous visit: threads active after it are "new since your last visit". */
    lastVisitAt: nullable(IsoTime),
    permissions: Type.Object({ post: Type.Boolean(), moderate: Type.Boolean(), manage: Type.Boolean() }, strict),
    ban: nullable(Type.Object({ until: IsoTime, reason: Type.String() }, strict)),
  },
  { ...strict, $id: 'Room' },
);
export type Room = Static<typeof Room>;

export const CreateRoomBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: ROOM_LIMITS.roomName }),
    description: Type.Optional(Type.String({ maxLength: ROOM_LIMITS.roomDescription })),
    audience: RoomAudienceSchema,
    codeOfConduct: Type.Optional(Type.String({ maxLength: ROOM_LIMITS.codeOfConduct })),
    inviteMemberIds: Type.Optional(Type.Array(Id, { maxItems: ROOM_LIMITS.invitesPerRequest, uniqueItems: true })),
  },
  strict,
);
export type CreateRoomBody = Static<typeof CreateRoomBody>;

export const UpdateRoomBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: ROOM_LIMITS.roomName })),
    description: Type.Optional(nullable(Type.String({ maxLength: ROOM_LIMITS.roomDescription }))),
    codeOfConduct: Type.Optional(nullable(Type.String({ maxLength: ROOM_LIMITS.codeOfConduct }))),
  },
  { ...strict, minProperties: 1 },
);
export type UpdateRoomBody = Static<typeof UpdateRoomBody>;

export const RoomSettingsBody = Type.Object(
  {
    muted: Type.Optional(Type.Boolean()),
    following: Type.Optional(Type.Boolean()),
    left: Type.Optional(Type.Boolean()),
  },
  { ...strict, minProperties: 1 },
);
export type RoomSettingsBody = Static<typeof RoomSettingsBody>;

export const RoomInviteList = Type.Object(
  { items: Type.Array(Type.Object({ memberId: Id, displayName: Type.String(), invitedAt: IsoTime }, strict)) },
  strict,
);
export type RoomInviteList = Static<typeof RoomInviteList>;

export const InviteBody = Type.Object(
  { memberIds: Type.Array(Id, { minItems: 1, maxItems: ROOM_LIMITS.invitesPerRequest, uniqueItems: true }) },
  strict,
);

/** Fewer folded characters than this find nobody (an empty list, not an error): see docs/rooms.md. */
export const INVITE_SEARCH_MIN_CHARS = 2;
/** At most this many members come back from one invite search. */
export const INVITE_SEARCH_LIMIT = 20;

export const InviteCandidateQuery = Type.Object(
  {
    q: Type.String({
      maxLength: 100,
      description: `Start of a first or last name, case and accents ignored; fewer than ${INVITE_SEARCH_MIN_CHARS} letters find nobody`,
    }),
  },
  strict,
);
export const InviteCandidateList = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          memberId: Id,
          displayName: Type.String(),
          /** The member's Ortsverein — nothing else about them (no address, mail or birth date). */
          unit: RoomUnit,
          /** Already on the room's invite list (inviting again changes nothing). */
          invited: Type.Boolean(),
        },
        strict,
      ),
      { maxItems: INVITE_SEARCH_LIMIT },
    ),
  },
  strict,
);
export type InviteCandidateList = Static<typeof InviteCandidateList>;

export const MentionableQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }, strict);
export const MentionableList = Type.Object({ items: Type.Array(MemberRef) }, strict);
export type MentionableList = Static<typeof MentionableList>;

export const ThreadSummary = Type.Object(
  {
    id: Id,
    title: Type.String(),
    author: nullable(MemberRef),
    createdAt: IsoTime,
    lastPostAt: IsoTime,
    postCount: Type.Integer({ minimum: 0 }),
    unreadCount: Type.Integer({ minimum: 0 }),
    /** Active after the member's previous visit of the room. */
    newSinceLastVisit: Type.Boolean(),
    pinned: Type.Boolean(),
    locked: Type.Boolean(),
    hasPoll: Type.Boolean(),
  },
  { ...strict, $id: 'ThreadSummary' },
);
export type ThreadSummary = Static<typeof ThreadSummary>;

export const ThreadListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,16}_[1-9][0-9]{0,15}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  strict,
);
export const ThreadList = Type.Object(
  { items: Type.Array(ThreadSummary), nextCursor: nullable(Type.String()) },
  strict,
);
export type ThreadList = Static<typeof ThreadList>;

export const CreateThreadBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: ROOM_LIMITS.threadTitle }),
    body: Type.String({ minLength: 1, maxLength: ROOM_LIMITS.postBody }),
    attachmentIds: Type.Optional(Type.Array(Id, { maxItems: ROOM_LIMITS.attachmentsPerPost, uniqueItems: true })),
    poll: Type.Optional(PollInput),
  },
  strict,
);
export type CreateThreadBody = Static<typeof CreateThreadBody>;

export const Thread = Type.Object(
  {
    id: Id,
    roomId: Id,
    title: Type.String(),
    author: nullable(MemberRef),
    createdAt: IsoTime,
    pinned: Type.Boolean(),
    locked: Type.Boolean(),
    poll: nullable(PollView),
    lastReadPostId: nullable(Id),
    followed: Type.Boolean(),
    permissions: Type.Object({ reply: Type.Boolean(), moderate: Type.Boolean() }, strict),
  },
  { ...strict, $id: 'Thread' },
);
export type Thread = Static<typeof Thread>;

export const Reaction = Type.Object(
  { emoji: Type.Enum(REACTION_EMOJI), count: Type.Integer({ minimum: 1 }), mine: Type.Boolean() },
  strict,
);
export const ReactionList = Type.Object({ reactions: Type.Array(Reaction) }, strict);
export type ReactionList = Static<typeof ReactionList>;

export const Post = Type.Object(
  {
    id: Id,
    threadId: Id,
    roomId: Id,
    author: nullable(MemberRef),
    parentId: nullable(Id),
    quote: nullable(
      Type.Object(
        { id: Id, author: nullable(MemberRef), excerpt: Type.String({ description: 'Plain text, not HTML' }) },
        strict,
      ),
    ),
    body: Type.String({ description: 'Markdown; empty when deleted, or hidden and the viewer does not moderate' }),
    bodyHtml: Type.String({ description: 'Rendered without raw HTML' }),
    createdAt: IsoTime,
    editedAt: nullable(IsoTime),
    editCount: Type.Integer({ minimum: 0 }),
    deleted: Type.Boolean(),
    /** Hidden by moderation; the reason is shown to moderators only (empty for others). */
    hidden: nullable(Type.Object({ reason: Type.String() }, strict)),
    reactions: Type.Array(Reaction),
    attachments: Type.Array(AttachmentView),
    permissions: Type.Object({ edit: Type.Boolean(), delete: Type.Boolean(), moderate: Type.Boolean() }, strict),
  },
  { ...strict, $id: 'Post' },
);
export type Post = Static<typeof Post>;

export const PostListQuery = Type.Object(
  {
    before: Type.Optional(IdParam),
    after: Type.Optional(IdParam),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  strict,
);
export const PostList = Type.Object(
  { items: Type.Array(Post), hasOlder: Type.Boolean(), hasNewer: Type.Boolean() },
  strict,
);
export type PostList = Static<typeof PostList>;

export const CreatePostBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: ROOM_LIMITS.postBody }),
    parentId: Type.Optional(Id),
    quoteId: Type.Optional(Id),
    attachmentIds: Type.Optional(Type.Array(Id, { maxItems: ROOM_LIMITS.attachmentsPerPost, uniqueItems: true })),
  },
  strict,
);
export type CreatePostBody = Static<typeof CreatePostBody>;

export const EditPostBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: ROOM_LIMITS.postBody }) },
  strict,
);

export const PostRevisionList = Type.Object(
  {
    items: Type.Array(Type.Object({ body: Type.String(), editedAt: IsoTime, editedBy: nullable(MemberRef) }, strict), {
      description: 'Earlier versions, newest first',
    }),
  },
  strict,
);
export type PostRevisionList = Static<typeof PostRevisionList>;

export const ReadMarkerBody = Type.Object({ lastReadPostId: Id }, strict);

export const ComposerDraft = Type.Object(
  { body: Type.String(), updatedAt: nullable(IsoTime) },
  { ...strict, description: 'An empty body and null updatedAt when there is no draft' },
);
export type ComposerDraft = Static<typeof ComposerDraft>;
export const ComposerDraftBody = Type.Object({ body: Type.String({ maxLength: ROOM_LIMITS.draftBody }) }, strict);
