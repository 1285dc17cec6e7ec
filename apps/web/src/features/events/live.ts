/**
 * Live updates of an event: while a page shows it, the live socket subscribes to its scope
 * `event:<id>` (shared by every component of the page that asks), and the events there make the
 * event and its questions stale, so what is on screen refetches at once.
 */
import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvents, useLiveStatus } from '../../live/LiveConnection.tsx';
import { useLiveScope } from '../../live/live-scopes.ts';
import type { LiveEvent } from '../../live/live-client.ts';

/** Subscribes to the event's live scope and refetches the event and its questions on each change. */
export function useEventLive(eventId: number): void {
  const client = useQueryClient();
  const scope = eventId > 0 ? `event:${eventId}` : null;
  useLiveScope(scope);
  const listener = useCallback(
    (event: LiveEvent) => {
      if (event.scope !== scope) return;
      void client.invalidateQueries({ queryKey: ['events', 'questions', eventId] });
      if (!event.type.startsWith('event.question'))
        void client.invalidateQueries({ queryKey: ['events', 'one', eventId] });
    },
    [client, eventId, scope],
  );
  useLiveEvents(listener);
}

/**
 * How often a screen that must stay current (the presenter view) asks again while the live
 * socket is not open (reconnecting, or blocked by a proxy); while it is open, nothing is polled.
 */
export const OFFLINE_REFETCH_MS = 30_000;

/** `refetchInterval` for a screen kept current by the live socket: none while it is open. */
export function useFallbackRefetch(): number | false {
  return useLiveStatus() === 'open' ? false : OFFLINE_REFETCH_MS;
}
