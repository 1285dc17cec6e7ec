/**
 * What a live event means for the cached queries: which ones are now stale. Payloads carry ids
 * only, so the pages refetch what they show (TanStack Query refetches active queries at once and
 * marks the others stale). Keys mirror `features/rooms/rooms.api.ts` and the notifications feature.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { LiveEvent } from './live-client.ts';

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** The query keys an event makes stale. */
export function staleKeys(event: LiveEvent): QueryKey[] {
  const roomId = num(event.payload.roomId);
  const threadId = num(event.payload.threadId);
  const keys: QueryKey[] = [];
  const roomList: QueryKey = ['rooms'];
  switch (event.type) {
    case 'thread.created':
    case 'thread.updated':
      keys.push(roomList);
      if (roomId !== null) keys.push(['rooms', roomId, 'threads']);
      if (threadId !== null && event.type === 'thread.updated') keys.push(['threads', threadId]);
      break;
    case 'post.created':
    case 'post.deleted':
    case 'post.hidden':
    case 'post.restored':
      keys.push(roomList);
      if (roomId !== null) keys.push(['rooms', roomId, 'threads']);
      if (threadId !== null) keys.push(['threads', threadId, 'posts']);
      keys.push(['moderation', 'queue']);
      break;
    case 'post.updated':
    case 'reaction.changed':
      if (threadId !== null) keys.push(['threads', threadId, 'posts']);
      break;
    case 'poll.voted':
    case 'poll.closed':
      if (threadId !== null) keys.push(['threads', threadId]);
      break;
    case 'read.updated':
      keys.push(roomList);
      if (threadId !== null) keys.push(['threads', threadId]);
      break;
    case 'notification.created':
    case 'notifications.read':
      keys.push(['notifications']);
      break;
    case 'room.updated':
    case 'room.archived':
    case 'room.ban_changed':
      keys.push(roomList);
      if (roomId !== null) keys.push(['rooms', roomId]);
      break;
    default:
      break;
  }
  return keys;
}

/**
 * Applies an event to the cache. The room list is matched exactly: its prefix also covers every
 * room's detail and thread list, which the event names on its own when they changed.
 */
export function applyLiveEvent(client: QueryClient, event: LiveEvent): void {
  for (const queryKey of staleKeys(event)) {
    const exact = queryKey.length === 1 && queryKey[0] === 'rooms';
    void client.invalidateQueries({ queryKey, exact });
  }
}

/** The server could not replay what was missed: everything cached may be stale. */
export function refetchEverything(client: QueryClient): void {
  void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'instance' });
}
