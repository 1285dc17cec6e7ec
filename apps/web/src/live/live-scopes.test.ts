import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClient } from './live-client.ts';
import { FakeSocket } from './fake-socket.ts';
import { LiveScopes } from './live-scopes.ts';

describe('live scopes', () => {
  let client: LiveClient;
  let scopes: LiveScopes;

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
    client = new LiveClient({ onEvent: () => undefined, onRefetch: () => undefined });
    scopes = new LiveScopes();
  });
  afterEach(() => {
    client.stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('subscribes once for two components of a page and unsubscribes when the last one leaves', () => {
    scopes.attach(client);
    client.start();
    const socket = FakeSocket.all[0]!;
    socket.open();
    socket.receive({ type: 'ready', lastEventId: 3 });

    const presenterList = scopes.acquire('event:12');
    const questionForm = scopes.acquire('event:12');
    expect(socket.scopeMessages()).toEqual([{ type: 'subscribe', scope: 'event:12' }]);

    presenterList();
    // Giving back twice (a component's cleanup run again) does not take the other's share.
    presenterList();
    expect(socket.scopeMessages()).toEqual([{ type: 'subscribe', scope: 'event:12' }]);
    expect(scopes.wanted()).toEqual(['event:12']);

    questionForm();
    expect(socket.scopeMessages()).toEqual([
      { type: 'subscribe', scope: 'event:12' },
      { type: 'unsubscribe', scope: 'event:12' },
    ]);
    expect(scopes.wanted()).toEqual([]);
  });

  it('asks a socket that opens later for the scopes pages already want, and again after a reconnect', () => {
    // The page mounted before the member's socket existed.
    const release = scopes.acquire('event:7');
    scopes.acquire('event:8')();
    scopes.attach(client);
    client.start();
    const first = FakeSocket.all[0]!;
    first.open();
    expect(first.scopeMessages()).toEqual([{ type: 'subscribe', scope: 'event:7' }]);
    first.receive({ type: 'ready', lastEventId: 40 });
    first.receive({ type: 'event', event: { id: 41, scope: 'event:7', type: 'event.question_asked', payload: {} } });

    first.drop();
    vi.advanceTimersByTime(30_000);
    const second = FakeSocket.all[1]!;
    second.open();
    // Resumes from the last event it saw: the server replays what the scope missed meanwhile.
    expect(second.scopeMessages()).toEqual([{ type: 'subscribe', scope: 'event:7', since: 41 }]);

    release();
    expect(second.scopeMessages().at(-1)).toEqual({ type: 'unsubscribe', scope: 'event:7' });
    second.drop();
    vi.advanceTimersByTime(30_000);
    FakeSocket.all[2]!.open();
    expect(FakeSocket.all[2]!.scopeMessages()).toEqual([]);
  });

  it('tells a signed-out socket nothing more, and the next member’s socket everything still wanted', () => {
    scopes.attach(client);
    client.start();
    FakeSocket.all[0]!.open();
    const release = scopes.acquire('event:5');
    scopes.detach(client);
    client.stop();
    release();
    expect(FakeSocket.all[0]!.scopeMessages()).toEqual([{ type: 'subscribe', scope: 'event:5' }]);

    const keep = scopes.acquire('event:6');
    const next = new LiveClient({ onEvent: () => undefined, onRefetch: () => undefined });
    scopes.attach(next);
    next.start();
    FakeSocket.all[1]!.open();
    expect(FakeSocket.all[1]!.scopeMessages()).toEqual([{ type: 'subscribe', scope: 'event:6' }]);
    keep();
    next.stop();
  });
});
