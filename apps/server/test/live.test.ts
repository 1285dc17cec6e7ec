import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import {
  inTransaction,
  memberScope,
  pruneLiveEvents,
  recordLiveEvent,
  registerScopeAuthorizer,
  roomScope,
  units,
  type Database,
} from '@rotes-netz/core';
import type { LiveServerMessage } from '@rotes-netz/shared';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';
import { connectLive, connectReady, type LiveClient } from './support/live-client.ts';
import { PERIODIC_GROUPS } from '../src/live/gateway.ts';

/** A room of a unit (the existing one of its kind, if the unit has it already). */
async function addRoom(
  database: Database,
  unitId: number,
  audience: 'unit' | 'board',
  name = 'Allgemein',
  kind: 'general' | 'board' | 'custom' = audience === 'unit' ? 'general' : 'board',
) {
  if (kind !== 'custom') {
    // The rooms module may create a unit's general and board rooms with the unit already.
    const existing = await database.db
      .selectFrom('rooms')
      .select('id')
      .where('unit_id', '=', unitId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (existing) return existing.id;
  }
  const now = Date.now();
  const { id } = await database.db
    .insertInto('rooms')
    .values({
      unit_id: unitId,
      kind,
      name,
      audience,
      created_at: now,
      updated_at: now,
      last_activity_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** What the posts service records when a post is written. */
function post(database: Database, scope: string, postId: number) {
  return inTransaction(database.db, (trx) => recordLiveEvent(trx, scope, 'post.created', { postId }));
}

const isEvent =
  (scope: string, postId?: number) =>
  (m: LiveServerMessage): boolean =>
    m.type === 'event' &&
    m.event.scope === scope &&
    (postId === undefined || (m.event.payload as { postId: number }).postId === postId);

const postIds = (client: LiveClient) =>
  client.messages.flatMap((m) => (m.type === 'event' ? [(m.event.payload as { postId: number }).postId] : []));

let authorizedTestScopes = new Set<number>();
registerScopeAuthorizer('testevent', async (_db, _actor, id) => authorizedTestScopes.has(id));

describe.each(databaseKinds())('the live socket on $dialect', (kind) => {
  let t: TestApp;
  let base: string;
  let ov2: number;
  let stranger: number;
  let room: number;
  let foreignRoom: number;
  let member: string;
  let foreigner: string;
  const clients: LiveClient[] = [];
  const open = async (cookie: string, options: { since?: number } = {}) => {
    const client = await connectReady(base, { cookie, ...options });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    t = await buildTestApp(kind, { LIVE_MAX_CONNECTIONS_PER_MEMBER: '3' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const kv = (await units.getAncestry(t.database.db, t.ids.ov))[1]!.id;
    ov2 = (await units.createUnit(t.database.db, { type: 'ortsverein', name: 'SPD Berg', code: 'OV2', parentId: kv }))
      .id;
    stranger = await addMember(t.database, { unitId: ov2, email: 'fremd@example.org', number: '300' });
    room = await addRoom(t.database, t.ids.ov, 'unit');
    foreignRoom = await addRoom(t.database, ov2, 'unit');
    member = await signIn(t.app, 'mitglied@example.org');
    foreigner = await signIn(t.app, 'fremd@example.org');
    authorizedTestScopes = new Set();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.ws.terminate();
    await t.close();
  });

  it("delivers a room's events to its members only, and nothing of a rolled-back transaction", async () => {
    const mine = await open(member);
    const theirs = await open(foreigner);
    await post(t.database, roomScope(room), 1);
    await post(t.database, roomScope(foreignRoom), 2);
    await inTransaction(t.database.db, async (trx) => {
      await recordLiveEvent(trx, roomScope(room), 'post.created', { postId: 3 });
      throw new Error('the write fails after recording');
    }).catch(() => undefined);
    await post(t.database, memberScope(stranger), 4);
    await post(t.database, memberScope(t.ids.member), 5);
    // Each socket receives in order: once the last event addressed to it arrived, nothing else will.
    await mine.next(isEvent(memberScope(t.ids.member), 5));
    await theirs.next(isEvent(memberScope(stranger), 4));
    expect(postIds(mine)).toEqual([1, 5]);
    expect(postIds(theirs)).toEqual([2, 4]);
  });

  it('replays what a reconnecting client missed, and says "refetch" when it cannot', async () => {
    const first = await open(member);
    await post(t.database, roomScope(room), 1);
    const seen = (await first.next(isEvent(roomScope(room), 1))) as Extract<LiveServerMessage, { type: 'event' }>;
    first.close();
    await first.closed;

    await post(t.database, roomScope(room), 2);
    await post(t.database, roomScope(foreignRoom), 3);
    await post(t.database, roomScope(room), 4);
    const back = await open(member, { since: seen.event.id });
    expect(postIds(back)).toEqual([2, 4]);
    expect(back.messages.at(-1)).toMatchObject({ type: 'ready' });
    const ready = back.messages.at(-1) as { lastEventId: number };
    expect(ready.lastEventId).toBeGreaterThan(seen.event.id);
    // Nothing missed: nothing replayed.
    const again = await open(member, { since: ready.lastEventId });
    expect(postIds(again)).toEqual([]);

    // The events after `since` were pruned: the client must reload what it shows.
    await pruneLiveEvents(t.database.db, Date.now() + 1);
    await post(t.database, roomScope(room), 5);
    const late = await open(member, { since: seen.event.id });
    expect(late.messages.map((m) => m.type)).toEqual(['refetch', 'ready']);
  });

  it('says "refetch" instead of replaying more than a thousand events', async () => {
    const first = await open(member);
    const { lastEventId } = (await first.next((m) => m.type === 'ready')) as { lastEventId: number };
    first.ws.terminate();
    const now = Date.now();
    const rows = Array.from({ length: 1001 }, (_, i) => ({
      scope: roomScope(room),
      type: 'post.created',
      payload: JSON.stringify({ postId: 100 + i }),
      created_at: now,
    }));
    for (let i = 0; i < rows.length; i += 250) {
      await t.database.db
        .insertInto('live_events')
        .values(rows.slice(i, i + 250))
        .execute();
    }
    // Written without a publisher (another process): let this node's sweep see them first.
    await t.app.liveBus.sweep();
    await t.app.liveBus.sweep();
    const back = await connectReady(base, { cookie: member, since: lastEventId });
    clients.push(back);
    expect(back.messages[0]).toEqual({ type: 'refetch' });
    expect(postIds(back)).toEqual([]);
  });

  it('refuses a foreign Origin, a missing or half-finished session, and plain HTTP', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost:3000.evil.example']) {
      await expect(connectLive(base, { cookie: member, origin })).rejects.toMatchObject({ status: 403 });
    }
    await expect(connectLive(base, {})).rejects.toMatchObject({ status: 401 });
    await expect(connectLive(base, { cookie: 'rn_session=forged' })).rejects.toMatchObject({ status: 401 });
    // A session still waiting for its second factor grants nothing.
    const pending = await signIn(t.app, 'admin@example.org');
    const account = await t.database.db
      .selectFrom('accounts')
      .select('id')
      .where('member_id', '=', t.ids.admin)
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable('sessions')
      .set({ second_factor_pending: true })
      .where('account_id', '=', account.id)
      .execute();
    await expect(connectLive(base, { cookie: pending })).rejects.toMatchObject({ status: 401 });

    const plain = await t.app.inject({ url: '/api/v1/live', headers: { cookie: member } });
    expect(plain.statusCode).toBe(426);
    expect(plain.json()).toMatchObject({ code: 'live_upgrade_required' });
  });

  it('answers an upgrade to a path without a socket route 404, without upgrading it', async () => {
    for (const path of ['/api/v1/nonexistent', '/api/v1/me', '/raeume', '/healthz']) {
      await expect(connectLive(base, { cookie: member, path })).rejects.toMatchObject({ status: 404 });
    }
    // The socket route itself still upgrades.
    const client = await connectLive(base, { cookie: member });
    client.close();
  });

  it('closes a socket that floods messages or sends a 10 MiB frame, and others keep receiving', async () => {
    const bystander = await open(foreigner);
    const flooder = await open(member);
    for (let i = 0; i < 500; i++) flooder.send({ type: 'ping' });
    expect(await flooder.closed).toBe(1008);

    const giant = await open(member);
    giant.send('x'.repeat(10 * 1024 * 1024));
    expect(await giant.closed).toBe(1009);

    const confused = await open(member);
    confused.send('{ not json');
    confused.send({ type: 'subscribe', scope: 'room:1; drop table' });
    expect(await confused.next((m) => m.type === 'error')).toEqual({ type: 'error', code: 'live_bad_message' });
    confused.send({ type: 'ping' });
    await confused.next((m) => m.type === 'pong');

    await post(t.database, roomScope(foreignRoom), 7);
    await bystander.next(isEvent(roomScope(foreignRoom), 7));
  });

  it('refuses more sockets per member than configured', async () => {
    await open(member);
    await open(member);
    await open(member);
    await expect(connectLive(base, { cookie: member })).rejects.toMatchObject({ status: 429 });
    // Others are not affected.
    await open(foreigner);
  });

  it('grants explicit scopes only where the authorizer allows, and hides the rest as not found', async () => {
    authorizedTestScopes.add(1);
    const client = await open(member);
    client.send({ type: 'subscribe', scope: 'testevent:1' });
    client.send({ type: 'subscribe', scope: 'testevent:2' });
    client.send({ type: 'subscribe', scope: 'unknown:1' });
    client.send({ type: 'subscribe', scope: `room:${foreignRoom}` });
    await client.next((m) => m.type === 'error' && m.scope === `room:${foreignRoom}`);
    expect(client.messages.filter((m) => m.type === 'subscribed' || m.type === 'error')).toEqual([
      { type: 'subscribed', scope: 'testevent:1' },
      { type: 'error', code: 'live_scope_not_found', scope: 'testevent:2' },
      { type: 'error', code: 'live_scope_not_found', scope: 'unknown:1' },
      { type: 'error', code: 'live_scope_not_found', scope: `room:${foreignRoom}` },
    ]);
    await post(t.database, 'testevent:2', 1);
    await post(t.database, roomScope(foreignRoom), 2);
    await post(t.database, 'testevent:1', 3);
    await client.next(isEvent('testevent:1', 3));
    expect(postIds(client)).toEqual([3]);

    client.send({ type: 'unsubscribe', scope: 'testevent:1' });
    await client.next((m) => m.type === 'unsubscribed');
    await post(t.database, 'testevent:1', 4);
    await post(t.database, memberScope(t.ids.member), 5);
    await client.next(isEvent(memberScope(t.ids.member), 5));
    expect(postIds(client)).toEqual([3, 5]);
  });

  it('disconnects a member within a second of the roster removing them, and moves a moved member', async () => {
    const admin = await signIn(t.app, 'admin@example.org');
    const HEADER = 'Mitgliedsnummer;Vorname;Nachname;E-Mail;Geburtsdatum;Ortsverein;Arbeitsgemeinschaften;Funktionen';
    const applyRoster = async (lines: string[]) => {
      const preview = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/roster/previews?name=liste.csv',
        headers: { cookie: admin, 'content-type': 'text/csv' },
        payload: Buffer.from([HEADER, '200;Erika;admin;admin@example.org;;OV;;', ...lines].join('\r\n'), 'utf8'),
      });
      expect(preview.statusCode).toBe(201);
      const applied = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/roster/previews/${preview.json().id}/apply`,
        headers: { cookie: admin },
      });
      expect(applied.statusCode).toBe(200);
    };
    const moving = await open(member);
    const leaving = await open(foreigner);

    // The member moves to OV2; the stranger leaves the party.
    await applyRoster(['100;Erika;mitglied;mitglied@example.org;;OV2;;']);
    expect(await Promise.race([leaving.closed, sleep(1000).then(() => 'still open')])).toBe(4401);
    await post(t.database, roomScope(room), 1);
    await post(t.database, roomScope(foreignRoom), 2);
    await moving.next(isEvent(roomScope(foreignRoom), 2), 1000);
    expect(postIds(moving)).toEqual([2]);
    expect(postIds(leaving)).toEqual([]);
  });

  it('gives a member the board room as soon as they are granted a board role', async () => {
    const boardRoom = await addRoom(t.database, t.ids.ov, 'board', 'Vorstand');
    const client = await open(member);
    await post(t.database, roomScope(boardRoom), 1);
    const admin = await signIn(t.app, 'admin@example.org');
    const granted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/units/${t.ids.ov}/roles`,
      headers: { cookie: admin },
      payload: { memberId: t.ids.member, role: 'board' },
    });
    expect(granted.statusCode).toBeLessThan(300);
    await post(t.database, roomScope(boardRoom), 2);
    await client.next(isEvent(roomScope(boardRoom), 2));
    expect(postIds(client)).toEqual([2]);
  });

  it('delivers the events of a room created after the socket opened', async () => {
    const client = await open(member);
    const newRoom = await addRoom(t.database, t.ids.ov, 'unit', 'Neu', 'custom');
    const hidden = await addRoom(t.database, ov2, 'unit', 'Neu', 'custom');
    await post(t.database, roomScope(hidden), 1);
    await post(t.database, roomScope(newRoom), 2);
    await client.next(isEvent(roomScope(newRoom), 2));
    expect(postIds(client)).toEqual([2]);
  });

  it('pings every socket once per heartbeat, a group at a time, and cuts off one that stopped answering', async () => {
    const sockets = [await open(member), await open(member), await open(foreigner)];
    const silent = await connectReady(base, { cookie: foreigner, autoPong: false });
    clients.push(silent);
    const pings = new Map([...sockets, silent].map((c) => [c, 0]));
    for (const c of pings.keys()) c.ws.on('ping', () => pings.set(c, pings.get(c)! + 1));
    const total = () => [...pings.values()].reduce((a, b) => a + b, 0);
    const gateway = t.app.liveGateway;
    // One interval: ten ticks, each pinging one group (here at most one of the four sockets).
    for (let tick = 0; tick < PERIODIC_GROUPS; tick++) {
      const before = total();
      gateway.heartbeat();
      await sleep(50);
      expect(total() - before).toBeLessThanOrEqual(1);
    }
    expect([...pings.values()]).toEqual([1, 1, 1, 1]);
    // The next interval: the socket that did not answer its ping is terminated, the others stay.
    for (let tick = 0; tick < PERIODIC_GROUPS; tick++) gateway.heartbeat();
    expect(await silent.closed).toBe(1006);
    await sleep(50);
    expect(sockets.map((c) => c.ws.readyState)).toEqual([WebSocket.OPEN, WebSocket.OPEN, WebSocket.OPEN]);
    expect(gateway.stats().connections).toBe(3);
  });

  it('closes the socket when the session ends, and every socket when the server stops', async () => {
    const signedOut = await open(member);
    const staying = await open(foreigner);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: member } });
    expect(out.statusCode).toBeLessThan(300);
    expect(await signedOut.closed).toBe(4401);
    await t.app.close();
    expect(await staying.closed).toBe(1001);
  });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
