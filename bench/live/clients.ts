/**
 * Many live clients in the runner's process: the gateway's own protocol (authenticated by a
 * session cookie), bare `ws`, and socket.io. Each counts what it received and when, on the
 * monotonic clock the runner also reads when it publishes.
 */
import { WebSocket } from 'ws';
import { io as connectSocketIo, type Socket } from 'socket.io-client';

export type Kind = 'app' | 'bare' | 'socketio';

/** What all clients of one kind received; shared so the runner reads it without walking clients. */
export class Receipts {
  /** Per post seq: how many clients received it. */
  readonly counts = new Map<number, number>();
  /** Per delivery: milliseconds from publish to arrival. */
  latencies: number[] = [];
  /** When each post was published (hrtime ms). */
  readonly sentAt = new Map<number, number>();

  onEvent(seq: number): void {
    this.counts.set(seq, (this.counts.get(seq) ?? 0) + 1);
    const sent = this.sentAt.get(seq);
    if (sent !== undefined) this.latencies.push(now() - sent);
  }

  reset(): void {
    this.counts.clear();
    this.sentAt.clear();
    this.latencies = [];
  }
}

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Client {
  kind: Kind;
  /** Highest event id received (app clients: for `since` on reconnect). */
  lastEventId: number;
  /** Seqs received since the last reconnect, in order. */
  seqs: number[];
  ready: boolean;
  refetched: boolean;
  close(): void;
  /** Resolves once closed by the server or by us. */
  closed: Promise<void>;
}

interface EventMessage {
  type: string;
  event?: { id: number; payload: { postId: number } };
  lastEventId?: number;
}

/** Opens one authenticated gateway socket; resolves after `ready`. */
export function connectApp(
  baseUrl: string,
  token: string,
  receipts: Receipts,
  since?: number,
  previous?: Client,
): Promise<Client> {
  const url = new URL('/api/v1/live', baseUrl.replace(/^http/, 'ws'));
  if (since !== undefined) url.searchParams.set('since', String(since));
  const ws = new WebSocket(url, { headers: { cookie: `rn_session=${token}` } });
  const client: Client = previous ?? {
    kind: 'app',
    lastEventId: 0,
    seqs: [],
    ready: false,
    refetched: false,
    close: () => undefined,
    closed: Promise.resolve(),
  };
  client.ready = false;
  client.close = () => ws.terminate();
  client.closed = new Promise((resolve) => ws.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as EventMessage;
      if (message.type === 'event' && message.event) {
        client.lastEventId = Math.max(client.lastEventId, message.event.id);
        client.seqs.push(message.event.payload.postId);
        receipts.onEvent(message.event.payload.postId);
      } else if (message.type === 'ready') {
        client.lastEventId = Math.max(client.lastEventId, message.lastEventId ?? 0);
        client.ready = true;
        resolve(client);
      } else if (message.type === 'refetch') {
        client.refetched = true;
      }
    });
    ws.once('unexpected-response', (_request, response) => {
      reject(new Error(`upgrade refused: ${response.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export function connectBare(baseUrl: string, receipts: Receipts): Promise<Client> {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws'));
  const client: Client = {
    kind: 'bare',
    lastEventId: 0,
    seqs: [],
    ready: true,
    refetched: false,
    close: () => ws.terminate(),
    closed: new Promise((resolve) => ws.once('close', () => resolve())),
  };
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as EventMessage;
    if (message.event) receipts.onEvent(message.event.payload.postId);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

export function connectSocketIoClient(baseUrl: string, receipts: Receipts): Promise<Client> {
  const socket: Socket = connectSocketIo(baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true });
  const client: Client = {
    kind: 'socketio',
    lastEventId: 0,
    seqs: [],
    ready: true,
    refetched: false,
    close: () => socket.disconnect(),
    closed: new Promise((resolve) => socket.once('disconnect', () => resolve())),
  };
  socket.on('event', (data: string) => {
    const message = JSON.parse(data) as EventMessage;
    if (message.event) receipts.onEvent(message.event.payload.postId);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', reject);
  });
}

/** Runs `open` for every index with at most `parallel` in flight. */
export async function inParallel<T>(count: number, parallel: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await open(i);
      }
    }),
  );
  return results;
}
