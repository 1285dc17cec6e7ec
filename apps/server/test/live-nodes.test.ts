/**
 * Two real server processes on one PostgreSQL database and one Redis: what is written through
 * one node reaches live clients connected to the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import type { LiveServerMessage } from '@rotes-netz/shared';
import { addMember, generalRoom, PASSWORD } from './support/app.ts';
import { connectReady, type LiveClient } from './support/live-client.ts';
import { nodesDatabase, startNode, stopNode, type Node } from './support/nodes.ts';

const enabled = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

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
  let shared: Awaited<ReturnType<typeof nodesDatabase>>;
  let a: Node | undefined;
  let b: Node | undefined;
  let roomId: number;
  let foreignRoomId: number;
  const publicUrl = 'http://localhost:8080';
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    shared = await nodesDatabase();
    const { database } = shared;
    const { kv, ov } = shared.units;
    const ov2 = (
      await units.createUnit(database.db, { type: 'ortsverein', name: 'SPD Berg', code: 'OV2', parentId: kv })
    ).id;
    await addMember(database, { unitId: ov, email: 'anna@example.org', number: '100' });
    await addMember(database, { unitId: ov, email: 'ben@example.org', number: '101' });
    await addMember(database, { unitId: ov2, email: 'fremd@example.org', number: '300' });
    roomId = await generalRoom(database.db, ov);
    foreignRoomId = await generalRoom(database.db, ov2);
    const env = { DATABASE_URL: shared.url, REDIS_URL: process.env.TEST_REDIS_URL!, PUBLIC_URL: publicUrl };
    [a, b] = await Promise.all([startNode(env), startNode(env)]);
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.ws.terminate();
    await Promise.all([stopNode(a), stopNode(b)]);
    await shared?.drop();
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
