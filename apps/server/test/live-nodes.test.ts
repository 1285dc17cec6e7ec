/**
 * Two real server processes on one PostgreSQL database and one Redis: what is written through
 * one node reaches live clients connected to the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, units, type Database } from '@rotes-netz/core';
import type { LiveServerMessage } from '@rotes-netz/shared';
import { createPostgresDatabase } from '../../../packages/core/test/support/databases.ts';
import { addMember, PASSWORD } from './support/app.ts';
import { connectReady, type LiveClient } from './support/live-client.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const enabled = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Node {
  url: string;
  child: ChildProcess;
  output: string[];
}

async function startNode(env: Record<string, string>): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RUN_WORKER: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`node exited: ${output.join('')}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return { url, child, output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`node did not get ready: ${output.join('')}`);
}

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node || node.child.exitCode !== null) return;
  const exited = new Promise((resolve) => node.child.once('exit', resolve));
  node.child.kill('SIGTERM');
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function signIn(node: Node, email: string): Promise<string> {
  const response = await fetch(`${node.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('rn_session='))!;
  return cookie.split(';')[0]!;
}

describe.runIf(enabled)('two app nodes on one PostgreSQL and one Redis', () => {
  let created: { url: string; drop(): Promise<void> };
  let database: Database;
  let a: Node | undefined;
  let b: Node | undefined;
  let roomId: number;
  let foreignRoomId: number;
  const publicUrl = 'http://localhost:8080';
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    created = (await createPostgresDatabase())!;
    database = openDatabase(created.url);
    await migrateToLatest(database);
    const db = database.db;
    const lv = (await units.createUnit(db, { type: 'landesverband', name: 'SPD Testland', code: 'LV', parentId: null }))
      .id;
    const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'SPD Kreis', code: 'KV', parentId: lv })).id;
    const ov = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Tal', code: 'OV', parentId: kv })).id;
    const ov2 = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Berg', code: 'OV2', parentId: kv })).id;
    await addMember(database, { unitId: ov, email: 'anna@example.org', number: '100' });
    await addMember(database, { unitId: ov, email: 'ben@example.org', number: '101' });
    await addMember(database, { unitId: ov2, email: 'fremd@example.org', number: '300' });
    const general = (unitId: number) =>
      db
        .selectFrom('rooms')
        .select('id')
        .where('unit_id', '=', unitId)
        .where('kind', '=', 'general')
        .executeTakeFirstOrThrow();
    roomId = (await general(ov)).id;
    foreignRoomId = (await general(ov2)).id;
    const env = { DATABASE_URL: created.url, REDIS_URL: process.env.TEST_REDIS_URL!, PUBLIC_URL: publicUrl };
    [a, b] = await Promise.all([startNode(env), startNode(env)]);
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.ws.terminate();
    await Promise.all([stopNode(a), stopNode(b)]);
    await database?.close();
    await created?.drop();
  }, 60_000);

  const connect = async (node: Node, cookie: string) => {
    const client = await connectReady(node.url, { cookie, origin: publicUrl });
    clients.push(client);
    return client;
  };
  /** A new thread (with its first post) is announced as `thread.created` to the room. */
  const threadCreated = (client: LiveClient, scope: string) =>
    client.next(
      (m: LiveServerMessage) => m.type === 'event' && m.event.type === 'thread.created' && m.event.scope === scope,
    );

  it('delivers a thread written through node A to a client on node B, and the other way round', async () => {
    const anna = await signIn(a!, 'anna@example.org');
    const ben = await signIn(b!, 'ben@example.org');
    const stranger = await signIn(b!, 'fremd@example.org');
    const benOnB = await connect(b!, ben);
    const annaOnA = await connect(a!, anna);
    const strangerOnB = await connect(b!, stranger);

    const write = (node: Node, cookie: string, room: number, title: string) =>
      fetch(`${node.url}/api/v1/rooms/${room}/threads`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', origin: publicUrl },
        body: JSON.stringify({ title, body: `${title}: Treffen am Freitag?` }),
      });
    const fromA = await write(a!, anna, roomId, 'Von A');
    expect(fromA.status).toBe(201);
    const threadA = ((await fromA.json()) as { id: number }).id;
    const onB = await threadCreated(benOnB, `room:${roomId}`);
    expect(onB).toMatchObject({ event: { payload: { roomId, threadId: threadA } } });

    const fromB = await write(b!, ben, roomId, 'Von B');
    expect(fromB.status).toBe(201);
    const threadB = ((await fromB.json()) as { id: number }).id;
    const onA = await annaOnA.next(
      (m) =>
        m.type === 'event' &&
        m.event.type === 'thread.created' &&
        (m.event.payload as { threadId: number }).threadId === threadB,
    );
    expect(onA).toMatchObject({ event: { scope: `room:${roomId}` } });

    // The member of the other Ortsverein on node B got neither, but does get their own room's posts.
    const own = await write(b!, stranger, foreignRoomId, 'Nebenan');
    expect(own.status).toBe(201);
    await threadCreated(strangerOnB, `room:${foreignRoomId}`);
    expect(strangerOnB.messages.filter((m) => m.type === 'event' && m.event.scope === `room:${roomId}`)).toEqual([]);
  }, 60_000);
});
