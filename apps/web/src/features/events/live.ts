/**
 * Live updates of an event page: the live socket's events in the scope `event:<id>` make the
 * event and its questions stale, so what is on screen refetches at once.
 */
import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvents } from '../../live/LiveConnection.tsx';
import type { LiveEvent } from '../../live/live-client.ts';

/** Refetches the event and its questions whenever the live log reports a change to it. */
export function useEventLive(eventId: number): void {
  const client = useQueryClient();
  const listener = useCallback(
    (event: LiveEvent) => {
      if (event.scope !== `event:${eventId}`) return;
      void client.invalidateQueries({ queryKey: ['events', 'questions', eventId] });
      if (!event.type.startsWith('event.question'))
        void client.invalidateQueries({ queryKey: ['events', 'one', eventId] });
    },
    [client, eventId],
  );
  useLiveEvents(listener);
}

/**
 * How often a screen that must stay current (the presenter view) asks again. The live socket
 * cannot yet be asked for an `event:<id>` scope from a page, so its events may not arrive: poll.
 */
export const PRESENTER_POLL_MS = 4_000;
