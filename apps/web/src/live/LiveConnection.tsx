/**
 * Keeps the app's one live socket open while a member is signed in, applies its events to the
 * query cache and passes them on to pages that listen (`useLiveEvents`). Pages ask for extra
 * scopes with `useLiveScope` (`live-scopes.ts`); the socket subscribes to every scope wanted.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { LiveClient, type LiveEvent, type LiveStatus } from './live-client.ts';
import { applyLiveEvent, refetchEverything } from './dispatch.ts';
import { liveScopes } from './live-scopes.ts';

type Listener = (event: LiveEvent) => void;

const listeners = new Set<Listener>();
const statusListeners = new Set<() => void>();
let status: LiveStatus = 'closed';

/** Calls `listener` with every live event while the calling component is mounted. */
export function useLiveEvents(listener: Listener): void {
  useEffect(() => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [listener]);
}

/** Whether the live socket is open (pages may say that updates are paused). */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (notify) => {
      statusListeners.add(notify);
      return () => statusListeners.delete(notify);
    },
    () => status,
  );
}

/** Renders nothing; mount once for a signed-in member (the header does, through the notifications feature). */
export function LiveConnection({ memberKey }: { memberKey: number }) {
  const client = useQueryClient();
  useEffect(() => {
    const live = new LiveClient({
      onEvent: (event) => {
        applyLiveEvent(client, event);
        for (const listener of listeners) listener(event);
      },
      onRefetch: () => refetchEverything(client),
      // Ask who is signed in: the header and pages then show the signed-out state.
      onSessionEnded: () => void client.invalidateQueries({ queryKey: ['me'] }),
      onStatus: (next) => {
        status = next;
        for (const notify of statusListeners) notify();
      },
    });
    liveScopes.attach(live);
    live.start();
    return () => {
      liveScopes.detach(live);
      live.stop();
    };
  }, [client, memberKey]);
  return null;
}
