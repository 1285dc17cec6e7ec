import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  ComposerDraft,
  ComposerDraftBody,
  ComposerDraftParams,
  CreatePostBody,
  CreateRoomBody,
  CreateThreadBody,
  EditPostBody,
  InviteBody,
  InviteCandidateList,
  InviteCandidateQuery,
  MentionableList,
  MentionableQuery,
  Post,
  PostList,
  PostListQuery,
  PostRevisionList,
  ReactionList,
  ReactionParams,
  ReadMarkerBody,
  Room,
  RoomInviteList,
  RoomInviteParams,
  RoomList,
  RoomListQuery,
  RoomParams,
  RoomSettingsBody,
  Thread,
  ThreadList,
  ThreadListQuery,
  UnitParams,
  UpdateRoomBody,
} from '@rotes-netz/shared';
import {
  acceptCodeOfConduct,
  archiveRoom,
  createPost,
  createRoom,
  createThread,
  deleteComposerDraft,
  deletePost,
  editPost,
  getComposerDraft,
  getRoom,
  getThread,
  inviteMembers,
  listInvites,
  listPosts,
  listRevisions,
  listRooms,
  listThreads,
  markThreadRead,
  mentionable,
  recordRoomVisit,
  saveComposerDraft,
  searchInviteCandidates,
  setReaction,
  setThreadFollowed,
  setThreadLocked,
  setThreadPinned,
  uninviteMember,
  updateRoom,
  updateRoomSettings,
} from '@rotes-netz/core';

const problem = Type.Ref('Problem');
const rooms = { tags: ['rooms'], security: [{ session: [] }] };
const threads = { tags: ['threads'], security: [{ session: [] }] };
const none = Type.Null();
/** Problems of a write in a room: banned, code of conduct, locked (403), state (409), input (422). */
const writeProblems = { 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

/**
 * Rooms, threads, posts, reactions, read markers and drafts (ROOMS_API.md). Whatever the member
 * cannot see answers 404 like a missing id; the service decides, the routes only translate.
 */
export const roomsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;

  app.get(
    '/rooms',
    {
      schema: {
        ...rooms,
        summary: "The member's rooms grouped by unit, with unread counts",
        querystring: RoomListQuery,
        response: { 200: RoomList, 401: problem, 422: problem },
      },
    },
    async (request) =>
      listRooms(db(), await app.requireActor(request), { includeLeft: request.query.includeLeft === true }),
  );

  app.post(
    '/units/:id/rooms',
    {
      schema: {
        ...rooms,
        summary: 'Add a room to a unit (its board and the leading roles above)',
        params: UnitParams,
        body: CreateRoomBody,
        response: { 201: Room, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request, reply) => {
      const room = await createRoom(db(), await app.requireActor(request), Number(request.params.id), request.body);
      return reply.status(201).send(room);
    },
  );

  app.get(
    '/rooms/:id',
    {
      schema: {
        ...rooms,
        summary: 'A room with the member’s settings and abilities',
        params: RoomParams,
        response: { 200: Room, 401: problem, 404: problem },
      },
    },
    async (request) => getRoom(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.patch(
    '/rooms/:id',
    {
      schema: {
        ...rooms,
        summary: 'Rename a room, change its description or code of conduct (managers)',
        params: RoomParams,
        body: UpdateRoomBody,
        response: { 200: Room, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) => updateRoom(db(), await app.requireActor(request), Number(request.params.id), request.body),
  );

  app.delete(
    '/rooms/:id',
    {
      schema: {
        ...rooms,
        summary: 'Archive a custom room (managers)',
        params: RoomParams,
        response: { 204: none, 401: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => {
      await archiveRoom(db(), await app.requireActor(request), Number(request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/rooms/:id/settings',
    {
      schema: {
        ...rooms,
        summary: 'Mute, follow or leave a room (custom rooms only can be left)',
        params: RoomParams,
        body: RoomSettingsBody,
        response: { 200: Room, 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request) =>
      updateRoomSettings(db(), await app.requireActor(request), Number(request.params.id), request.body),
  );

  app.post(
    '/rooms/:id/code-of-conduct',
    {
      schema: {
        ...rooms,
        summary: 'Accept the room’s code of conduct',
        params: RoomParams,
        response: { 204: none, 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await acceptCodeOfConduct(db(), await app.requireActor(request), Number(request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/rooms/:id/visit',
    {
      schema: {
        ...rooms,
        summary: 'Record a visit: threads active after it stop being "new since your last visit"',
        params: RoomParams,
        response: { 204: none, 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await recordRoomVisit(db(), await app.requireActor(request), Number(request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/rooms/:id/invites',
    {
      schema: {
        ...rooms,
        summary: 'Who is invited to an invite-only room (managers)',
        params: RoomParams,
        response: { 200: RoomInviteList, 401: problem, 404: problem, 409: problem },
      },
    },
    async (request) => listInvites(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.post(
    '/rooms/:id/invites',
    {
      schema: {
        ...rooms,
        summary: 'Invite members to an invite-only room (managers)',
        params: RoomParams,
        body: InviteBody,
        response: { 200: RoomInviteList, 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request) =>
      inviteMembers(db(), await app.requireActor(request), Number(request.params.id), request.body.memberIds),
  );

  app.delete(
    '/rooms/:id/invites/:memberId',
    {
      schema: {
        ...rooms,
        summary: 'Take an invite back (managers)',
        params: RoomInviteParams,
        response: { 204: none, 401: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => {
      const { id, memberId } = request.params;
      await uninviteMember(db(), await app.requireActor(request), Number(id), Number(memberId));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/rooms/:id/invite-candidates',
    {
      schema: {
        ...rooms,
        summary: 'Members a manager can invite, by the start of a name (at most 20; name and Ortsverein only)',
        params: RoomParams,
        querystring: InviteCandidateQuery,
        response: { 200: InviteCandidateList, 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request) =>
      searchInviteCandidates(db(), await app.requireActor(request), Number(request.params.id), request.query.q),
  );

  app.get(
    '/rooms/:id/mentionable',
    {
      schema: {
        ...rooms,
        summary: 'Members who can see the room, for @-mentions (at most 10)',
        params: RoomParams,
        querystring: MentionableQuery,
        response: { 200: MentionableList, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) =>
      mentionable(db(), await app.requireActor(request), Number(request.params.id), request.query.q ?? ''),
  );

  app.get(
    '/rooms/:id/threads',
    {
      schema: {
        ...threads,
        summary: 'The room’s threads: pinned first, then by latest post',
        params: RoomParams,
        querystring: ThreadListQuery,
        response: { 200: ThreadList, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) => listThreads(db(), await app.requireActor(request), Number(request.params.id), request.query),
  );

  app.post(
    '/rooms/:id/threads',
    {
      schema: {
        ...threads,
        summary: 'Open a thread with its first post (and a poll)',
        params: RoomParams,
        body: CreateThreadBody,
        response: { 201: Thread, ...writeProblems },
      },
    },
    async (request, reply) => {
      const thread = await createThread(db(), await app.requireActor(request), Number(request.params.id), request.body);
      return reply.status(201).send(thread);
    },
  );

  app.get(
    '/threads/:id',
    {
      schema: {
        ...threads,
        summary: 'A thread with the member’s read marker and abilities',
        params: RoomParams,
        response: { 200: Thread, 401: problem, 404: problem },
      },
    },
    async (request) => getThread(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.get(
    '/threads/:id/posts',
    {
      schema: {
        ...threads,
        summary: 'Posts of a thread, oldest first: the latest 50, or before/after a post',
        params: RoomParams,
        querystring: PostListQuery,
        response: { 200: PostList, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) => listPosts(db(), await app.requireActor(request), Number(request.params.id), request.query),
  );

  app.post(
    '/threads/:id/posts',
    {
      schema: {
        ...threads,
        summary: 'Write a post or reply (optionally quoting a post)',
        params: RoomParams,
        body: CreatePostBody,
        response: { 201: Post, ...writeProblems },
      },
    },
    async (request, reply) => {
      const post = await createPost(db(), await app.requireActor(request), Number(request.params.id), request.body);
      return reply.status(201).send(post);
    },
  );

  app.post(
    '/threads/:id/read',
    {
      schema: {
        ...threads,
        summary: 'Move the read marker forward',
        params: RoomParams,
        body: ReadMarkerBody,
        response: { 204: none, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request, reply) => {
      await markThreadRead(
        db(),
        await app.requireActor(request),
        Number(request.params.id),
        request.body.lastReadPostId,
      );
      return reply.status(204).send(null);
    },
  );

  const threadToggles = [
    { path: 'pin', set: setThreadPinned, what: 'Pin the thread (moderators)', undo: 'Unpin the thread (moderators)' },
    {
      path: 'lock',
      set: setThreadLocked,
      what: 'Lock the thread (moderators)',
      undo: 'Unlock the thread (moderators)',
    },
    { path: 'follow', set: setThreadFollowed, what: 'Follow the thread', undo: 'Stop following the thread' },
  ] as const;
  for (const toggle of threadToggles) {
    for (const on of [true, false]) {
      app.route({
        method: on ? 'PUT' : 'DELETE',
        url: `/threads/:id/${toggle.path}`,
        schema: {
          ...threads,
          summary: on ? toggle.what : toggle.undo,
          params: RoomParams,
          response: { 200: Thread, 401: problem, 404: problem },
        },
        handler: async (request) =>
          toggle.set(db(), await app.requireActor(request), Number((request.params as { id: string }).id), on),
      });
    }
  }

  app.patch(
    '/posts/:id',
    {
      schema: {
        ...threads,
        summary: 'Edit one’s post (the earlier text stays visible as a revision)',
        params: RoomParams,
        body: EditPostBody,
        response: { 200: Post, ...writeProblems },
      },
    },
    async (request) => editPost(db(), await app.requireActor(request), Number(request.params.id), request.body.body),
  );

  app.get(
    '/posts/:id/revisions',
    {
      schema: {
        ...threads,
        summary: 'Earlier versions of a post, newest first',
        params: RoomParams,
        response: { 200: PostRevisionList, 401: problem, 404: problem },
      },
    },
    async (request) => listRevisions(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.delete(
    '/posts/:id',
    {
      schema: {
        ...threads,
        summary: 'Delete a post (its author, or a moderator)',
        params: RoomParams,
        response: { 204: none, 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await deletePost(db(), await app.requireActor(request), Number(request.params.id));
      return reply.status(204).send(null);
    },
  );

  for (const on of [true, false]) {
    app.route({
      method: on ? 'PUT' : 'DELETE',
      url: '/posts/:id/reactions/:emoji',
      schema: {
        ...threads,
        summary: on ? 'React to a post' : 'Take a reaction back',
        params: ReactionParams,
        response: { 200: ReactionList, 401: problem, 403: problem, 404: problem, 409: problem },
      },
      handler: async (request) => {
        const { id, emoji } = request.params as {
          id: string;
          emoji: (typeof ReactionParams.properties.emoji)['enum'][number];
        };
        return setReaction(db(), await app.requireActor(request), Number(id), emoji, on);
      },
    });
  }

  app.get(
    '/drafts/:key',
    {
      schema: {
        ...threads,
        summary: 'The member’s draft for a composer (room-<id> or thread-<id>)',
        params: ComposerDraftParams,
        response: { 200: ComposerDraft, 401: problem, 404: problem },
      },
    },
    async (request) => getComposerDraft(db(), await app.requireActor(request), request.params.key),
  );

  app.put(
    '/drafts/:key',
    {
      schema: {
        ...threads,
        summary: 'Keep a draft while typing (an empty body removes it)',
        params: ComposerDraftParams,
        body: ComposerDraftBody,
        response: { 200: ComposerDraft, 401: problem, 404: problem, 422: problem },
      },
    },
    async (request) => saveComposerDraft(db(), await app.requireActor(request), request.params.key, request.body.body),
  );

  app.delete(
    '/drafts/:key',
    {
      schema: {
        ...threads,
        summary: 'Throw a draft away',
        params: ComposerDraftParams,
        response: { 204: none, 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await deleteComposerDraft(db(), await app.requireActor(request), request.params.key);
      return reply.status(204).send(null);
    },
  );
};
