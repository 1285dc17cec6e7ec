/** Queries and mutations of rooms, threads and posts; their keys are what the live client invalidates. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from '../../api.ts';
import type {
  AttachmentView,
  Draft,
  InviteCandidateList,
  ModerationQueue,
  PollInput,
  PollView,
  Post,
  PostList,
  PostRevisionList,
  ReactionList,
  Room,
  RoomAudience,
  RoomBan,
  RoomBanList,
  RoomInviteList,
  RoomList,
  Thread,
  ThreadList,
} from './rooms.types.ts';

type Ctx = { signal: AbortSignal };

/** Query keys, shared with the live client (`live/dispatch.ts`). */
export const roomKeys = {
  list: ['rooms'] as const,
  room: (id: number) => ['rooms', id] as const,
  threads: (roomId: number) => ['rooms', roomId, 'threads'] as const,
  thread: (id: number) => ['threads', id] as const,
  posts: (threadId: number) => ['threads', threadId, 'posts'] as const,
  draft: (key: string) => ['drafts', key] as const,
  queue: ['moderation', 'queue'] as const,
};

export const useRoomList = () =>
  useQuery({
    queryKey: roomKeys.list,
    queryFn: ({ signal }: Ctx) => api<RoomList>('/rooms?includeLeft=true', { signal }),
  });

export const useRoom = (id: number) =>
  useQuery({ queryKey: roomKeys.room(id), queryFn: ({ signal }: Ctx) => api<Room>(`/rooms/${id}`, { signal }) });

export const useThreads = (roomId: number, enabled = true) =>
  useQuery({
    queryKey: roomKeys.threads(roomId),
    queryFn: ({ signal }: Ctx) => api<ThreadList>(`/rooms/${roomId}/threads${query({ limit: 50 })}`, { signal }),
    enabled,
  });

export const useThread = (id: number) =>
  useQuery({ queryKey: roomKeys.thread(id), queryFn: ({ signal }: Ctx) => api<Thread>(`/threads/${id}`, { signal }) });

/** The latest posts of a thread; older pages are loaded on demand with {@link fetchOlderPosts}. */
export const usePosts = (threadId: number) =>
  useQuery({
    queryKey: roomKeys.posts(threadId),
    queryFn: ({ signal }: Ctx) => api<PostList>(`/threads/${threadId}/posts${query({ limit: 50 })}`, { signal }),
  });

export const fetchOlderPosts = (threadId: number, before: number) =>
  api<PostList>(`/threads/${threadId}/posts${query({ before, limit: 50 })}`);

export const fetchRevisions = (postId: number) => api<PostRevisionList>(`/posts/${postId}/revisions`);

/** The most suggestions the server gives for one search (core's rooms.service `mentionable`). */
export const MENTIONABLE_LIMIT = 10;

export const fetchMentionable = (roomId: number, q: string, signal?: AbortSignal) =>
  api<{ items: { memberId: number; displayName: string }[] }>(
    `/rooms/${roomId}/mentionable${query({ q })}`,
    signal ? { signal } : {},
  );

/** A mutation whose success invalidates the given query keys. */
function useInvalidating<TVars, TResult>(
  fn: (vars: TVars) => Promise<TResult>,
  keys: (vars: TVars, result: TResult) => readonly (readonly unknown[])[],
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result, vars) => {
      await Promise.all(keys(vars, result).map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

export interface NewRoomBody {
  name: string;
  description?: string;
  audience: RoomAudience;
  codeOfConduct?: string;
}

export const useCreateRoom = () =>
  useInvalidating(
    ({ unitId, ...body }: NewRoomBody & { unitId: number }) =>
      api<Room>(`/units/${unitId}/rooms`, { method: 'POST', body }),
    () => [roomKeys.list],
  );

export const useUpdateRoom = (id: number) =>
  useInvalidating(
    (body: { name?: string; description?: string | null; codeOfConduct?: string | null }) =>
      api<Room>(`/rooms/${id}`, { method: 'PATCH', body }),
    () => [roomKeys.room(id), roomKeys.list],
  );

export const useArchiveRoom = (id: number) =>
  useInvalidating(
    () => api<void>(`/rooms/${id}`, { method: 'DELETE' }),
    () => [roomKeys.list],
  );

export const useRoomSettings = () =>
  useInvalidating(
    ({ roomId, ...body }: { roomId: number; muted?: boolean; following?: boolean; left?: boolean }) =>
      api<unknown>(`/rooms/${roomId}/settings`, { method: 'PUT', body }),
    ({ roomId }) => [roomKeys.list, roomKeys.room(roomId)],
  );

export const useAcceptCodeOfConduct = (roomId: number) =>
  useInvalidating(
    () => api<void>(`/rooms/${roomId}/code-of-conduct`, { method: 'POST' }),
    () => [roomKeys.room(roomId)],
  );

export const useInvites = (roomId: number, enabled: boolean) =>
  useQuery({
    queryKey: [...roomKeys.room(roomId), 'invites'],
    queryFn: ({ signal }: Ctx) => api<RoomInviteList>(`/rooms/${roomId}/invites`, { signal }),
    enabled,
  });

/** Members the manager can invite whose name starts with `q` (the server finds nobody for fewer than 2 letters). */
export const useInviteCandidates = (roomId: number, q: string, enabled: boolean) =>
  useQuery({
    queryKey: [...roomKeys.room(roomId), 'invite-candidates', q],
    queryFn: ({ signal }: Ctx) =>
      api<InviteCandidateList>(`/rooms/${roomId}/invite-candidates${query({ q })}`, { signal }),
    enabled,
    staleTime: 30_000,
  });

export const useInvite = (roomId: number) =>
  useInvalidating(
    (memberIds: number[]) => api<unknown>(`/rooms/${roomId}/invites`, { method: 'POST', body: { memberIds } }),
    () => [
      [...roomKeys.room(roomId), 'invites'],
      [...roomKeys.room(roomId), 'invite-candidates'],
    ],
  );

export const useUninvite = (roomId: number) =>
  useInvalidating(
    (memberId: number) => api<void>(`/rooms/${roomId}/invites/${memberId}`, { method: 'DELETE' }),
    () => [
      [...roomKeys.room(roomId), 'invites'],
      [...roomKeys.room(roomId), 'invite-candidates'],
    ],
  );

export const useCreateThread = (roomId: number) =>
  useInvalidating(
    (body: { title: string; body: string; attachmentIds?: number[]; poll?: PollInput }) =>
      api<Thread>(`/rooms/${roomId}/threads`, { method: 'POST', body }),
    () => [roomKeys.threads(roomId), roomKeys.list],
  );

export const useCreatePost = (threadId: number) =>
  useInvalidating(
    (body: { body: string; parentId?: number; quoteId?: number; attachmentIds?: number[] }) =>
      api<Post>(`/threads/${threadId}/posts`, { method: 'POST', body }),
    () => [roomKeys.posts(threadId)],
  );

export const useEditPost = (threadId: number) =>
  useInvalidating(
    ({ id, body }: { id: number; body: string }) => api<Post>(`/posts/${id}`, { method: 'PATCH', body: { body } }),
    () => [roomKeys.posts(threadId)],
  );

export const useDeletePost = (threadId: number) =>
  useInvalidating(
    (id: number) => api<void>(`/posts/${id}`, { method: 'DELETE' }),
    () => [roomKeys.posts(threadId)],
  );

export const useReact = (threadId: number) =>
  useInvalidating(
    ({ postId, emoji, on }: { postId: number; emoji: string; on: boolean }) =>
      api<ReactionList>(`/posts/${postId}/reactions/${encodeURIComponent(emoji)}`, {
        method: on ? 'PUT' : 'DELETE',
      }),
    () => [roomKeys.posts(threadId)],
  );

/** Pin, lock and follow are PUT to switch on and DELETE to switch off. */
export const useThreadSwitch = (threadId: number, roomId: number) =>
  useInvalidating(
    ({ what, on }: { what: 'pin' | 'lock' | 'follow'; on: boolean }) =>
      api<void>(`/threads/${threadId}/${what}`, { method: on ? 'PUT' : 'DELETE' }),
    () => [roomKeys.thread(threadId), roomKeys.threads(roomId)],
  );

/** Records a visit of the room: threads active until now stop being "new since your last visit". */
export const recordVisit = (roomId: number) =>
  api<void>(`/rooms/${roomId}/visit`, { method: 'POST' }).catch(() => undefined);

export const markRead = (threadId: number, lastReadPostId: number) =>
  api<void>(`/threads/${threadId}/read`, { method: 'POST', body: { lastReadPostId } });

export const useVote = (threadId: number) =>
  useInvalidating(
    ({ pollId, optionIds }: { pollId: number; optionIds: number[] }) =>
      optionIds.length > 0
        ? api<PollView>(`/polls/${pollId}/votes`, { method: 'POST', body: { optionIds } })
        : api<PollView>(`/polls/${pollId}/votes`, { method: 'DELETE' }),
    () => [roomKeys.thread(threadId)],
  );

export const useClosePoll = (threadId: number) =>
  useInvalidating(
    (pollId: number) => api<PollView>(`/polls/${pollId}/close`, { method: 'POST' }),
    () => [roomKeys.thread(threadId)],
  );

export const useReport = () =>
  useMutation({
    mutationFn: ({ postId, reason }: { postId: number; reason: string }) =>
      api<void>(`/posts/${postId}/reports`, { method: 'POST', body: { reason } }),
  });

export const useHidePost = (threadId: number) =>
  useInvalidating(
    ({ postId, reason, hide }: { postId: number; reason?: string; hide: boolean }) =>
      hide
        ? api<unknown>(`/posts/${postId}/hidden`, { method: 'PUT', body: { reason: reason ?? '' } })
        : api<unknown>(`/posts/${postId}/hidden`, { method: 'DELETE' }),
    () => [roomKeys.posts(threadId), roomKeys.queue],
  );

export const useModerationQueue = () =>
  useQuery({
    queryKey: roomKeys.queue,
    queryFn: ({ signal }: Ctx) => api<ModerationQueue>('/moderation/queue', { signal }),
  });

export const useSettleReport = () =>
  useInvalidating(
    ({ id, how, note }: { id: number; how: 'dismiss' | 'resolve'; note?: string }) =>
      api<unknown>(`/reports/${id}/${how}`, { method: 'POST', body: note ? { note } : {} }),
    () => [roomKeys.queue],
  );

export const useBans = (roomId: number, enabled: boolean) =>
  useQuery({
    queryKey: [...roomKeys.room(roomId), 'bans'],
    queryFn: ({ signal }: Ctx) => api<RoomBanList>(`/rooms/${roomId}/bans`, { signal }),
    enabled,
  });

export const useBan = (roomId: number) =>
  useInvalidating(
    (body: { memberId: number; until: string; reason: string }) =>
      api<RoomBan>(`/rooms/${roomId}/bans`, { method: 'POST', body }),
    () => [[...roomKeys.room(roomId), 'bans'], roomKeys.queue],
  );

export const useLiftBan = (roomId: number) =>
  useInvalidating(
    (banId: number) => api<void>(`/rooms/${roomId}/bans/${banId}`, { method: 'DELETE' }),
    () => [[...roomKeys.room(roomId), 'bans']],
  );

/** A saved draft, or null when there is none (a 404 is "no draft", not an error). */
export async function fetchDraft(key: string): Promise<Draft | null> {
  try {
    const draft = await api<Draft>(`/drafts/${key}`);
    return draft.body ? draft : null;
  } catch {
    return null;
  }
}

export const saveDraft = (key: string, body: string) =>
  body.trim() === ''
    ? api<void>(`/drafts/${key}`, { method: 'DELETE' }).catch(() => undefined)
    : api<Draft>(`/drafts/${key}`, { method: 'PUT', body: { body } });

export const deleteDraft = (key: string) => api<void>(`/drafts/${key}`, { method: 'DELETE' }).catch(() => undefined);

/**
 * Uploads a file to a room with progress (fetch cannot report upload progress, XMLHttpRequest can).
 * The server decides by content what the file is; the name travels URI-encoded in a header.
 */
export function uploadAttachment(
  roomId: number,
  file: File,
  onProgress: (fraction: number) => void,
  language: string,
): { promise: Promise<AttachmentView>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<AttachmentView>((resolve, reject) => {
    xhr.open('POST', `/api/v1/rooms/${roomId}/attachments`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', language);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: handled below as a generic failure.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as AttachmentView);
      else {
        const title =
          body && typeof body === 'object' && 'title' in body && typeof body.title === 'string' ? body.title : null;
        reject(new UploadError(xhr.status, title));
      }
    };
    xhr.onerror = () => reject(new UploadError(0, null));
    xhr.onabort = () => reject(new UploadError(-1, null));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

/** A failed upload: the server's message when it gave one (status 0: network, -1: cancelled). */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly serverTitle: string | null,
  ) {
    super(serverTitle ?? `upload failed (${status})`);
    this.name = 'UploadError';
  }
}
