/**
 * Scopes beyond the automatic ones (an event's `event:<id>`), asked for by the pages that show
 * them. Several components of a page may want the same scope: the registry counts them, so the
 * socket subscribes once for the first and unsubscribes when the last one unmounts. It outlives
 * the socket: a client started later (signing in, another member) gets every scope still wanted.
 */
import { useEffect } from 'react';

/** The part of `LiveClient` the registry drives. */
export interface ScopeSubscriber {
  subscribe(scope: string): void;
  unsubscribe(scope: string): void;
}

export class LiveScopes {
  private readonly counts = new Map<string, number>();
  private client: ScopeSubscriber | null = null;

  /** The socket the scopes go to from now on; it is told every scope wanted now. */
  attach(client: ScopeSubscriber): void {
    this.client = client;
    for (const scope of this.counts.keys()) client.subscribe(scope);
  }

  /** The socket is gone (signed out); a later one is attached afresh. */
  detach(client: ScopeSubscriber): void {
    if (this.client === client) this.client = null;
  }

  /** One more user of the scope; returns the function that gives it back. */
  acquire(scope: string): () => void {
    const count = this.counts.get(scope) ?? 0;
    this.counts.set(scope, count + 1);
    if (count === 0) this.client?.subscribe(scope);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(scope);
    };
  }

  /** The scopes wanted now. */
  wanted(): string[] {
    return [...this.counts.keys()];
  }

  private release(scope: string): void {
    const count = this.counts.get(scope) ?? 0;
    if (count > 1) {
      this.counts.set(scope, count - 1);
      return;
    }
    this.counts.delete(scope);
    this.client?.unsubscribe(scope);
  }
}

/** The app's registry; `LiveConnection` attaches its socket to it. */
export const liveScopes = new LiveScopes();

/**
 * Receives the live events of `scope` (e.g. `event:12`) while the calling component is mounted;
 * `null` asks for nothing. Pair it with `useLiveEvents` to act on them. The server answers a
 * scope the member may not see with "not found" and sends nothing of it.
 */
export function useLiveScope(scope: string | null): void {
  useEffect(() => (scope ? liveScopes.acquire(scope) : undefined), [scope]);
}
