import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClient, type LiveEvent } from './live-client.ts';
import { FakeSocket } from './fake-socket.ts';
import { staleKeys } from './dispatch.ts';

const event = (id: number, type = 'post.created'): LiveEvent => ({
  id,
  scope: 'room:7',
  type,
  payload: { roomId: 7, threadId: 3, postId: id },
});

describe('LiveClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('location', { protocol: 'https:', host: 'netz.example' });
    vi.stubGlobal('window', { addEventListener: () => undefined, removeEventListener: () => undefined });
    vi.stubGlobal('document', {
      visibilityState: 'visible',
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('resumes after a dropped connection from the last event it saw, without repeating one', () => {
    const seen: number[] = [];
    const client = new LiveClient({ onEvent: (e) => seen.push(e.id), onRefetch: () => undefined });
    client.start();
    const first = FakeSocket.all[0]!;
    expect(first.url).toBe('wss://netz.example/api/v1/live');
    first.open();
    first.receive({ type: 'ready', lastEventId: 10 });
    first.receive({ type: 'event', event: event(11) });
    first.receive({ type: 'event', event: event(12) });
    first.drop();

    vi.advanceTimersByTime(30_000);
    const second = FakeSocket.all[1]!;
    expect(second.url).toBe('wss://netz.example/api/v1/live?since=12');
    second.open();
    // The replay may overlap with what arrived just before the drop.
    second.receive({ type: 'event', event: event(12) });
    second.receive({ type: 'event', event: event(13) });
    second.receive({ type: 'ready', lastEventId: 13 });
    expect(seen).toEqual([11, 12, 13]);
    client.stop();
  });

  it('asks for a refetch when the server cannot replay, and stays closed when the session ended', () => {
    let refetches = 0;
    let ended = 0;
    const client = new LiveClient({
      onEvent: () => undefined,
      onRefetch: () => refetches++,
      onSessionEnded: () => ended++,
    });
    client.start();
    const socket = FakeSocket.all[0]!;
    socket.open();
    socket.receive({ type: 'refetch' });
    expect(refetches).toBe(1);
    socket.drop(4401);
    vi.advanceTimersByTime(120_000);
    expect(ended).toBe(1);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('subscribes again to extra scopes after reconnecting', () => {
    const client = new LiveClient({ onEvent: () => undefined, onRefetch: () => undefined });
    client.start();
    FakeSocket.all[0]!.open();
    client.subscribe('event:12');
    FakeSocket.all[0]!.receive({ type: 'ready', lastEventId: 5 });
    FakeSocket.all[0]!.drop();
    vi.advanceTimersByTime(30_000);
    FakeSocket.all[1]!.open();
    expect(FakeSocket.all[1]!.sent).toContainEqual({ type: 'subscribe', scope: 'event:12', since: 5 });
    client.stop();
  });
});

describe('staleKeys', () => {
  it('marks the thread, its room and the room list stale for a new post', () => {
    expect(staleKeys(event(1))).toEqual(
      expect.arrayContaining([['rooms'], ['rooms', 7, 'threads'], ['threads', 3, 'posts']]),
    );
  });

  it('refreshes the poll with its thread for a vote, and the bell for a notification', () => {
    expect(staleKeys({ ...event(2, 'poll.voted'), payload: { roomId: 7, threadId: 3, pollId: 1 } })).toEqual([
      ['threads', 3],
    ]);
    expect(staleKeys({ ...event(3, 'notification.created'), scope: 'member:1', payload: {} })).toEqual([
      ['notifications'],
    ]);
  });

  it('ignores events it does not know', () => {
    expect(staleKeys(event(4, 'event.changed'))).toEqual([]);
  });
});
