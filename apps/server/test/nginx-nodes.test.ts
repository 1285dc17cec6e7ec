/**
 * Several nodes, for real: Debian's nginx with the repository's config (deploy/nginx) in front of
 * two app nodes on one PostgreSQL database and one Redis, plus a worker node, all on loopback.
 * A session made through one node works on the other; a live socket through nginx receives what
 * was written through the other node; the rate limit counts across nodes; the worker node runs
 * the jobs; and one node stopped with SIGTERM finishes what is in flight and hands its sockets to
 * the other node while clients keep writing, with no failed request and no lost event.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Database } from '@rotes-netz/core';
import type { LiveServerMessage } from '@rotes-netz/shared';
import { addMember, generalRoom, PASSWORD } from './support/app.ts';
import {
  exitOf,
  freePort,
  nodesDatabase,
  ROOT,
  startNode,
  startWorkerNode,
  stopNode,
  type Node,
} from './support/nodes.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file));
const services = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);
const TEMPLATE = path.join(ROOT, 'deploy/nginx/rotes-netz.conf');
/** Requests per minute and address on every node: low, so the shared limit is quickly seen. */
const RATE_LIMIT = 20;

if (process.env.CI === 'true' && !NGINX) {
  throw new Error('The multi-node test needs nginx (apt-get install nginx; .ci/run does).');
}

/** The site config of deploy/nginx for loopback ports, plus a header naming the node that answered. */
function renderSite(listen: number, nodes: number[]): string {
  const values: Record<string, string> = {
    __APP_NODES__: nodes.map((port) => `server 127.0.0.1:${port};`).join('\n    '),
    __LISTEN__: `127.0.0.1:${listen}`,
    __SERVER_NAME__: '127.0.0.1',
  };
  const site = fs
    .readFileSync(TEMPLATE, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .map((line) => line.replace(/__[A-Z_]+__/g, (name) => values[name] ?? name))
    .join('\n');
  expect(site).not.toMatch(/__[A-Z_]+__/);
  return site.replace(/^server \{$/m, 'server {\n    add_header X-Upstream $upstream_addr always;');
}

async function startNginx(dir: string, listen: number, nodes: number[]): Promise<ChildProcess> {
  fs.chmodSync(dir, 0o755); // nginx's workers run as nobody when the test runs as root
  fs.writeFileSync(path.join(dir, 'site.conf'), renderSite(listen, nodes));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${path.join(dir, name)};`)
    .join('\n  ');
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;\nworker_processes 1;\npid ${path.join(dir, 'nginx.pid')};\nerror_log stderr warn;\n` +
      `events { worker_connections 1024; }\n` +
      `http {\n  access_log off;\n  ${temp}\n  include ${path.join(dir, 'site.conf')};\n}\n`,
  );
  const check = spawnSync(NGINX!, ['-t', '-e', 'stderr', '-p', dir, '-c', path.join(dir, 'nginx.conf')]);
  expect(check.status, check.stderr.toString()).toBe(0);
  const child = spawn(NGINX!, ['-e', 'stderr', '-p', dir, '-c', path.join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${listen}/healthz`);
      return child;
    } catch {
      await sleep(50);
    }
  }
  throw new Error('nginx did not start');
}

let lastAddress = 0;
/** A client address of its own (nginx passes it on in X-Forwarded-For), so limits do not mix. */
const newAddress = () => `10.77.${Math.floor(++lastAddress / 250)}.${(lastAddress % 250) + 1}`;

describe.runIf(services && NGINX)('nginx in front of two app nodes and a worker node', () => {
  let shared: Awaited<ReturnType<typeof nodesDatabase>>;
  let database: Database;
  let nodes: Node[] = [];
  let worker: Node | undefined;
  let nginx: ChildProcess | undefined;
  let dir: string;
  let proxy: string;
  let roomId: number;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    shared = await nodesDatabase();
    database = shared.database;
    const { ov } = shared.units;
    await addMember(database, { unitId: ov, email: 'anna@example.org', number: '100' });
    await addMember(database, { unitId: ov, email: 'ben@example.org', number: '101' });
    roomId = await generalRoom(database.db, ov);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rn-nginx-'));
    const listen = await freePort();
    proxy = `http://127.0.0.1:${listen}`;
    const env = {
      DATABASE_URL: shared.url,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      PUBLIC_URL: proxy,
      TRUST_PROXY: 'true',
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      SHUTDOWN_DRAIN_SECONDS: '30',
      UPLOAD_DIR: path.join(dir, 'uploads'),
      SECRET_KEY: 'a-secret-key-shared-by-every-node-of-this-test',
      WEB_DIST: '/nonexistent',
    };
    [nodes, worker] = await Promise.all([Promise.all([startNode(env), startNode(env)]), startWorkerNode(env)]);
    nginx = await startNginx(
      dir,
      listen,
      nodes.map((node) => node.port),
    );
  }, 240_000);

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    nginx?.kill('SIGTERM');
    await Promise.all([...nodes, worker].map((node) => stopNode(node)));
    await shared?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** A request through nginx from its own client address; `upstream` names the node that answered. */
  async function call(
    method: string,
    url: string,
    options: { cookie?: string; body?: unknown; address?: string } = {},
  ) {
    const response = await fetch(`${proxy}${url}`, {
      method,
      headers: {
        'x-forwarded-for': options.address ?? newAddress(),
        origin: proxy,
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.body ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    return { status: response.status, upstream: response.headers.get('x-upstream'), json: await response.json() };
  }

  async function signIn(email: string) {
    const response = await fetch(`${proxy}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: proxy, 'x-forwarded-for': newAddress() },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('rn_session='))!;
    return { cookie: cookie.split(';')[0]!, upstream: response.headers.get('x-upstream') };
  }

  const writeThread = (cookie: string, title: string) =>
    call('POST', `/api/v1/rooms/${roomId}/threads`, { cookie, body: { title, body: `${title}: wer kommt mit?` } });

  /**
   * A live client like the web app's: through nginx, and after a close with 1001 ("going away")
   * it reconnects with the id of the last event it got.
   */
  function liveClient(cookie: string) {
    const state = {
      threads: new Set<number>(),
      upstreams: [] as string[],
      closes: [] as number[],
      lastId: 0,
      connected: false,
    };
    let stopped = false;
    const connect = () =>
      new Promise<void>((resolve, reject) => {
        const url = `${proxy.replace('http', 'ws')}/api/v1/live${state.connected ? `?since=${state.lastId}` : ''}`;
        const ws = new WebSocket(url, { headers: { cookie, origin: proxy, 'x-forwarded-for': newAddress() } });
        sockets.push(ws);
        ws.on('upgrade', (response) => state.upstreams.push(String(response.headers['x-upstream'])));
        ws.on('message', (data) => {
          const message = JSON.parse(data.toString()) as LiveServerMessage;
          if (message.type === 'ready') {
            state.connected = true;
            // Where the stream stands; a reconnect asks for what came after it (as the web app does).
            state.lastId = Math.max(state.lastId, message.lastEventId);
            resolve();
          }
          if (message.type !== 'event') return;
          state.lastId = Math.max(state.lastId, message.event.id);
          if (message.event.type === 'thread.created') {
            state.threads.add((message.event.payload as { threadId: number }).threadId);
          }
        });
        ws.once('error', reject);
        ws.once('close', (code) => {
          state.closes.push(code);
          if (code === 1001 && !stopped) setTimeout(() => void connect().catch(() => undefined), 100);
        });
      });
    return {
      state,
      connect,
      stop: () => (stopped = true),
      /** Waits until every one of these threads was announced to this client. */
      async received(threads: number[], timeoutMs = 10_000) {
        const until = Date.now() + timeoutMs;
        while (Date.now() < until && threads.some((id) => !state.threads.has(id))) await sleep(50);
        return threads.filter((id) => !state.threads.has(id));
      },
    };
  }

  /** The node that answered (nginx lists every node it tried: "A, B" when A refused). */
  const nodeOf = (upstream: string | null) =>
    nodes.findIndex((node) => upstream?.split(', ').at(-1) === `127.0.0.1:${node.port}`);

  it('keeps the idle live socket open longer than the server pings (nginx timeouts)', () => {
    const timeouts = [...fs.readFileSync(TEMPLATE, 'utf8').matchAll(/proxy_(read|send)_timeout (\d+)s;/g)];
    expect(timeouts).toHaveLength(2);
    for (const [, , seconds] of timeouts) expect(Number(seconds)).toBeGreaterThanOrEqual(2 * 30);
  });

  it('honours a session made on one node on the other', async () => {
    const { cookie, upstream } = await signIn('anna@example.org');
    const seen = new Set<number>([nodeOf(upstream)]);
    for (let i = 0; i < 6; i++) {
      const me = await call('GET', '/api/v1/me', { cookie });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ email: 'anna@example.org' });
      seen.add(nodeOf(me.upstream));
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('delivers a thread written through one node to a live socket on the other, through nginx', async () => {
    const anna = await signIn('anna@example.org');
    const ben = await signIn('ben@example.org');
    const client = liveClient(ben.cookie);
    await client.connect();
    client.stop();
    const socketNode = nodeOf(client.state.upstreams[0]!);
    expect(socketNode).toBeGreaterThanOrEqual(0);
    // Write until nginx has sent a write to the other node.
    const written: number[] = [];
    for (let i = 0; i < 6; i++) {
      const write = await writeThread(anna.cookie, `Über nginx ${i}`);
      expect(write.status).toBe(201);
      written.push((write.json as { id: number }).id);
      if (nodeOf(write.upstream) !== socketNode) break;
    }
    expect(written.length).toBeLessThan(6);
    expect(await client.received(written)).toEqual([]);
  });

  it('counts the rate limit across both nodes', async () => {
    // Alternately straight to each node, as nginx would send them, from one client address.
    const address = newAddress();
    for (let i = 0; i < RATE_LIMIT; i++) {
      // A connection of its own each time: none is left open for the graceful stop below.
      const status = await new Promise<number>((resolve, reject) =>
        http
          .get(`${nodes[i % 2]!.url}/api/v1/me`, { agent: false, headers: { 'x-forwarded-for': address } }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          })
          .on('error', reject),
      );
      expect(status).toBe(401);
    }
    const over = await call('GET', '/api/v1/me', { address });
    expect(over.status).toBe(429);
    expect(over.json).toMatchObject({ code: 'rate_limited' });
  });

  it('runs jobs on the worker node (the app nodes run none)', async () => {
    const reset = await call('POST', '/api/v1/auth/password-reset', { body: { email: 'ben@example.org' } });
    expect(reset.status).toBe(202);
    let mails: { status: string }[] = [];
    for (let i = 0; i < 100 && mails.length === 0; i++) {
      await sleep(100);
      mails = await database.db
        .selectFrom('mails')
        .select('status')
        .where('to_address', '=', 'ben@example.org')
        .execute();
    }
    expect(mails).toHaveLength(1);
  });

  it('stops a node gracefully while clients carry on through the other, losing nothing', async () => {
    const anna = await signIn('anna@example.org');
    const ben = await signIn('ben@example.org');
    // Sockets on both nodes (nginx balances by least connections).
    const clients = [liveClient(anna.cookie), liveClient(ben.cookie), liveClient(anna.cookie), liveClient(ben.cookie)];
    for (const client of clients) await client.connect();
    const onNode = clients.map((client) => nodeOf(client.state.upstreams[0]!));
    expect(new Set(onNode).size).toBe(2);
    const [stopping, staying] = [nodes[0]!, nodes[1]!];

    // A request in flight on the stopping node: its body is only half sent when SIGTERM comes.
    const body = JSON.stringify({ title: 'Im Flug', body: 'Kommt an, obwohl der Knoten stoppt.' });
    const inFlight = new Promise<{ status: number; id: number }>((resolve, reject) => {
      const request = http.request(`${stopping.url}/api/v1/rooms/${roomId}/threads`, {
        method: 'POST',
        headers: {
          cookie: anna.cookie,
          origin: proxy,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode!, id: (JSON.parse(text) as { id: number }).id }),
        );
      });
      request.on('error', reject);
      request.write(body.slice(0, 10));
      setTimeout(() => request.end(body.slice(10)), 700);
    });
    await sleep(200);

    // Members keep writing through nginx the whole time.
    const writes: { status: number; id?: number }[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const write = await writeThread(i % 2 ? anna.cookie : ben.cookie, `Während des Stopps ${i}`);
        writes.push({ status: write.status, id: (write.json as { id?: number }).id });
        await sleep(40);
      }
    })();

    const started = Date.now();
    stopping.child.kill('SIGTERM');
    const exited = await exitOf(stopping).finally(() => sleep(300).then(() => (writing = false)));
    const drainMs = Date.now() - started;
    await writer;
    expect(exited).toBe(0);
    // It ended when its connections had (nginx closes idle ones after 5 s), not at the deadline.
    expect(drainMs).toBeLessThan(20_000);

    const landed = await inFlight;
    expect(landed.status).toBe(201);
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.filter((write) => write.status !== 201)).toEqual([]);
    const threads = [landed.id, ...writes.map((write) => write.id!)];

    // The sockets of the stopped node were told to go away (1001) and came back on the other node.
    for (const [i, client] of clients.entries()) {
      if (onNode[i] === 0) {
        expect(client.state.closes[0]).toBe(1001);
        expect(nodeOf(client.state.upstreams.at(-1)!)).toBe(1);
      }
      const missed = await client.received(threads);
      expect(
        missed,
        JSON.stringify({
          client: i,
          onNode: onNode[i],
          landed: landed.id,
          ...client.state,
          threads: [...client.state.threads],
        }),
      ).toEqual([]);
      client.stop();
    }
    expect(nodes.indexOf(staying)).toBe(1);
    const after = await call('GET', '/api/v1/me', { cookie: ben.cookie });
    expect(after).toMatchObject({ status: 200, upstream: `127.0.0.1:${staying.port}` });
  }, 60_000);
});
