/** The rooms API types the pages use, from the shared schemas (ROOMS_API.md). */
export type {
  AttachmentView,
  InviteCandidateList,
  MemberRef,
  ModerationCase,
  ModerationQueue,
  PollInput,
  PollView,
  Post,
  PostList,
  PostRevisionList,
  ReactionEmoji,
  ReactionList,
  Room,
  RoomBan,
  RoomBanList,
  RoomInviteList,
  RoomList,
  RoomSummary,
  Thread,
  ThreadList,
  ThreadSummary,
} from '@rotes-netz/shared';

export type RoomAudience = 'unit' | 'board' | 'all' | 'invite';

/** A saved draft (`/drafts/:key`); an empty body when there is none. */
export interface Draft {
  body: string;
  updatedAt: string | null;
}
