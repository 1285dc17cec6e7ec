/**
 * One WebSocket for the whole app (`/api/v1/live`): reconnects with backoff, resumes from the
 * last event id it saw (the server replays what was missed, or says "refetch"), and hands every
 * event to its listeners. Nothing here knows about queries; see `dispatch.ts` for that.
 */

import { LIVE_CLOSE_SESSION_ENDED } from './close-codes.ts';
import type { LiveClientMessage, LiveEventMessage, LiveServerMessage } from '@rotes-netz/shared';

/** An event of the live log, as the server sends it (payload: ids and small data). */
export interface LiveEvent extends Omit<LiveEventMessage, 'payload'> {
  payload: Record<string, unknown>;
}

export type LiveStatus = 'connecting' | 'open' | 'closed';

export interface LiveHandlers {
  /** An event, in order. */
  onEvent: (event: LiveEvent) => void;
  /** The server could not replay what was missed: everything shown may be stale. */
  onRefetch: () => void;
  onStatus?: (status: LiveStatus) => void;
  /** The session is gone (signed out elsewhere, expired): the socket stays closed. */
  onSessionEnded?: () => void;
}

const PING_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;

export class LiveClient {
  private socket: WebSocket | null = null;
  private lastEventId: number | null = null;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = true;
  private readonly scopes = new Set<string>();

  constructor(private readonly handlers: LiveHandlers) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.reconnectNow);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  /** Closes the socket for good (signing out); a later `start` begins afresh. */
  stop(): void {
    this.stopped = true;
    this.lastEventId = null;
    window.removeEventListener('online', this.reconnectNow);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    this.handlers.onStatus?.('closed');
  }

  /** Asks for a scope beyond the automatic ones (an event page, say); kept across reconnects. */
  subscribe(scope: string): void {
    this.scopes.add(scope);
    this.send({ type: 'subscribe', scope });
  }

  unsubscribe(scope: string): void {
    this.scopes.delete(scope);
    this.send({ type: 'unsubscribe', scope });
  }

  private send(message: LiveClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private connect(): void {
    this.clearTimers();
    const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const since = this.lastEventId === null ? '' : `?since=${this.lastEventId}`;
    const socket = new WebSocket(`${protocol}//${location.host}/api/v1/live${since}`);
    this.socket = socket;
    this.handlers.onStatus?.('connecting');

    socket.onopen = () => {
      for (const scope of this.scopes) {
        this.send(
          this.lastEventId === null
            ? { type: 'subscribe', scope }
            : { type: 'subscribe', scope, since: this.lastEventId },
        );
      }
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_MS);
    };
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: LiveServerMessage;
      try {
        parsed = JSON.parse(message.data) as LiveServerMessage;
      } catch {
        return;
      }
      this.receive(parsed);
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      this.handlers.onStatus?.('closed');
      if (close.code === LIVE_CLOSE_SESSION_ENDED) {
        this.stopped = true;
        this.handlers.onSessionEnded?.();
        return;
      }
      if (!this.stopped) this.scheduleReconnect();
    };
  }

  private receive(message: LiveServerMessage): void {
    switch (message.type) {
      case 'ready':
        this.attempts = 0;
        this.lastEventId = Math.max(this.lastEventId ?? 0, message.lastEventId);
        this.handlers.onStatus?.('open');
        return;
      case 'event':
        // A replayed event may repeat one already seen just before a reconnect.
        if (this.lastEventId !== null && message.event.id <= this.lastEventId) return;
        this.lastEventId = message.event.id;
        this.handlers.onEvent({ ...message.event, payload: asRecord(message.event.payload) });
        return;
      case 'refetch':
        this.handlers.onRefetch();
        return;
      default:
        // pong, subscribed, unsubscribed, error: nothing to do.
        return;
    }
  }

  /** 1 s, 2 s, 4 s … up to 30 s, with jitter so that a restarted server is not hit all at once. */
  private scheduleReconnect(): void {
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts);
    this.attempts += 1;
    const delay = base / 2 + Math.random() * (base / 2);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private readonly reconnectNow = (): void => {
    if (this.stopped || this.socket) return;
    this.attempts = 0;
    this.connect();
  };

  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') this.reconnectNow();
  };

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
