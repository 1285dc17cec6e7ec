/** API schemas of in-app notifications: mentions, replies and new threads in followed rooms. */
import Type, { type Static } from 'typebox';
import { Id } from '../schemas.ts';

const strict = { additionalProperties: false } as const;

/** Mentions, replies to one's posts, new threads in followed rooms; the programme commission's answer to an idea. */
export const NOTIFICATION_KINDS = ['mention', 'reply', 'thread', 'idea_answered'] as const;
export type NotificationKindName = (typeof NOTIFICATION_KINDS)[number];

export const NotificationsQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
    unreadOnly: Type.Optional(Type.Boolean({ default: false })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  strict,
);
export type NotificationsQuery = Static<typeof NotificationsQuery>;

export const NotificationItem = Type.Object(
  {
    id: Id,
    kind: Type.Enum(NOTIFICATION_KINDS),
    createdAt: Type.String({ format: 'date-time' }),
    read: Type.Boolean(),
    actor: Type.Union([Type.Object({ memberId: Id, displayName: Type.String() }, strict), Type.Null()]),
    room: Type.Object({ id: Id, name: Type.String() }, strict),
    thread: Type.Object({ id: Id, title: Type.String() }, strict),
    postId: Type.Union([Id, Type.Null()]),
    url: Type.String({ description: 'Path in the web app that shows it' }),
  },
  strict,
);
export type NotificationItem = Static<typeof NotificationItem>;

export const NotificationList = Type.Object(
  {
    items: Type.Array(NotificationItem, { description: 'Newest first' }),
    unread: Type.Integer({ minimum: 0 }),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);
export type NotificationList = Static<typeof NotificationList>;

/** Mark some (`ids`) or every (`all: true`) notification read. */
export const MarkNotificationsReadBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500 })),
    all: Type.Optional(Type.Literal(true)),
  },
  strict,
);
export type MarkNotificationsReadBody = Static<typeof MarkNotificationsReadBody>;

export const UnreadNotifications = Type.Object({ unread: Type.Integer({ minimum: 0 }) }, strict);
export type UnreadNotifications = Static<typeof UnreadNotifications>;
