/**
 * A live socket client for tests: connects like a browser (session cookie, Origin), keeps every
 * message, and waits for the ones a test expects.
 */
import { WebSocket } from 'ws';
import type { LiveServerMessage } from '@rotes-netz/shared';

export interface LiveClient {
  ws: WebSocket;
  messages: LiveServerMessage[];
  /** Resolves with the first message (already received or coming) that matches. */
  next(match: (m: LiveServerMessage) => boolean, timeoutMs?: number): Promise<LiveServerMessage>;
  /** The event ids received so far, in order. */
  eventIds(): number[];
  /** Resolves with the close code once the socket closed. */
  closed: Promise<number>;
  send(message: unknown): void;
  close(): void;
}

export interface ConnectOptions {
  cookie?: string;
  origin?: string | null;
  since?: number;
  /** Answer the server's pings (default); false plays a client that went away silently. */
  autoPong?: boolean;
  /** Another path than the socket route, to see how the server answers it. */
  path?: string;
}

/** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
export function connectLive(baseUrl: string, options: ConnectOptions = {}): Promise<LiveClient> {
  const url = new URL(options.path ?? '/api/v1/live', baseUrl.replace(/^http/, 'ws'));
  if (options.since !== undefined) url.searchParams.set('since', String(options.since));
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  const origin = options.origin === undefined ? 'http://localhost:3000' : options.origin;
  if (origin !== null) headers.origin = origin;
  const ws = new WebSocket(url, { headers, autoPong: options.autoPong ?? true });
  const messages: LiveServerMessage[] = [];
  const waiters = new Set<{ match: (m: LiveServerMessage) => boolean; resolve: (m: LiveServerMessage) => void }>();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as LiveServerMessage;
    messages.push(message);
    for (const waiter of waiters) {
      if (waiter.match(message)) {
        waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const client: LiveClient = {
    ws,
    messages,
    closed,
    next(match, timeoutMs = 5000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching message within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    eventIds: () => messages.flatMap((m) => (m.type === 'event' ? [m.event.id] : [])),
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Waits until the socket has received `ready`. */
export async function connectReady(baseUrl: string, options: ConnectOptions = {}): Promise<LiveClient> {
  const client = await connectLive(baseUrl, options);
  await client.next((m) => m.type === 'ready');
  return client;
}
