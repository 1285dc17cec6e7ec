import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, notify, units, type NotificationInput } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';
import { addPost, addThread, grant, liveEvents, roomOf } from './moderation.fixtures.ts';

describe.each(databaseKinds())('notifications on $dialect', (kind) => {
  let t: TestApp;
  let roomA: number;
  let boardRoomA: number;
  let threadA: number;
  let authorId: number;
  let secondId: number;
  let ovB: number;
  let member: string;
  let second: string;

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    const db = t.database.db;
    const kv = (await units.getUnit(db, t.ids.ov)).parentId!;
    ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Berg', code: 'OVB', parentId: kv })).id;
    authorId = await addMember(t.database, { unitId: t.ids.ov, email: 'autorin@example.org', number: '301' });
    secondId = await addMember(t.database, { unitId: t.ids.ov, email: 'zweite@example.org', number: '302' });
    roomA = await roomOf(db, t.ids.ov);
    boardRoomA = await roomOf(db, t.ids.ov, 'board');
    threadA = (await addThread(db, roomA, authorId, 'Plakatieren am Samstag')).threadId;
    [member, second] = await Promise.all([signIn(t.app, 'mitglied@example.org'), signIn(t.app, 'zweite@example.org')]);
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
  const send = (recipients: number[], input: Partial<NotificationInput> & Pick<NotificationInput, 'kind'>) =>
    inTransaction(t.database.db, (trx) =>
      notify(trx, recipients, {
        actorMemberId: authorId,
        roomId: roomA,
        threadId: threadA,
        title: 'Plakatieren am Samstag',
        ...input,
      }),
    );
  const rowsOf = (memberId: number, postId: number) =>
    t.database.db
      .selectFrom('notifications')
      .select(['kind', 'read_at'])
      .where('member_id', '=', memberId)
      .where('post_id', '=', postId)
      .execute();

  it('answers 401 without a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications/unread-count' })).statusCode).toBe(401);
  });

  it('stores one per recipient, never for the actor, and announces it on the member’s scope', async () => {
    const post = await addPost(t.database.db, threadA, authorId, 'Wer hilft mit?');
    await send([t.ids.member, secondId, secondId, authorId], { kind: 'reply', postId: post });
    expect(await rowsOf(t.ids.member, post)).toEqual([{ kind: 'reply', read_at: null }]);
    expect(await rowsOf(secondId, post)).toHaveLength(1);
    expect(await rowsOf(authorId, post)).toEqual([]);
    const events = await liveEvents(t.database.db, `member:${secondId}`);
    expect(events.at(-1)).toMatchObject({
      type: 'notification.created',
      payload: { kind: 'reply', roomId: roomA, threadId: threadA, postId: post },
    });
    expect(await liveEvents(t.database.db, `member:${authorId}`)).toEqual([]);
  });

  it('gives one notification per post and member, the strongest kind winning', async () => {
    const post = await addPost(t.database.db, threadA, authorId, 'Hallo @[Erika mitglied](m:1)');
    await send([t.ids.member], { kind: 'reply', postId: post });
    await send([t.ids.member], { kind: 'mention', postId: post });
    await send([t.ids.member], { kind: 'thread', postId: post });
    expect(await rowsOf(t.ids.member, post)).toEqual([{ kind: 'mention', read_at: null }]);
  });

  it('reaches every member of a big room once, however often it is sent', async () => {
    const now = Date.now();
    const many = await t.database.db
      .insertInto('members')
      .values(
        Array.from({ length: 1201 }, (_, i) => ({
          member_number: `9${String(i).padStart(5, '0')}`,
          first_name: 'Viele',
          last_name: `Mitglied ${i}`,
          email: null,
          unit_id: t.ids.ov,
          status: 'active' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    const ids = many.map((m) => m.id);
    const big = await addThread(t.database.db, roomA, authorId, 'Großes Thema');
    const input = { kind: 'thread' as const, threadId: big.threadId, postId: big.postId };
    await send(ids, input);
    await send([...ids].reverse(), input);
    const { n, members } = await t.database.db
      .selectFrom('notifications')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('member_id').distinct().as('members')])
      .where('thread_id', '=', big.threadId)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1201);
    expect(Number(members)).toBe(1201);
    await t.database.db.deleteFrom('members').where('id', 'in', ids).execute();
  });

  it('lists them newest first with actor, room, thread and a link, and counts the unread', async () => {
    const response = await call('GET', '/notifications', second);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.unread).toBe(1);
    expect(body.nextCursor).toBeNull();
    expect(body.items).toHaveLength(1);
    const [item] = body.items;
    expect(item).toMatchObject({
      kind: 'reply',
      read: false,
      actor: { memberId: authorId, displayName: 'Erika autorin' },
      room: { id: roomA, name: 'Allgemein' },
      thread: { id: threadA, title: 'Plakatieren am Samstag' },
    });
    expect(item.url).toBe(`/raeume/${roomA}/themen/${threadA}#beitrag-${item.postId}`);
    expect((await call('GET', '/notifications/unread-count', second)).json()).toEqual({ unread: 1 });
  });

  it('pages with a cursor and filters to the unread', async () => {
    for (let i = 0; i < 3; i++) {
      const post = await addPost(t.database.db, threadA, authorId, `Beitrag ${i}`);
      await send([secondId], { kind: 'reply', postId: post });
    }
    const first = (await call('GET', '/notifications?limit=2', second)).json();
    expect(first.items).toHaveLength(2);
    expect(first.unread).toBe(4);
    const rest = (await call('GET', `/notifications?limit=2&cursor=${first.nextCursor}`, second)).json();
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    const ids = [...first.items, ...rest.items].map((i: { id: number }) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    await call('POST', '/notifications/read', second, { ids: [ids[0]] });
    const unread = (await call('GET', '/notifications?unreadOnly=true', second)).json();
    expect(unread.items.map((i: { id: number }) => i.id)).toEqual(ids.slice(1));
  });

  it('marks read across devices: announced on the member scope; others’ ids are ignored', async () => {
    const mine = (await call('GET', '/notifications?unreadOnly=true', second))
      .json()
      .items.map((i: { id: number }) => i.id);
    const theirs = (await call('GET', '/notifications', member)).json().items.map((i: { id: number }) => i.id);
    const response = await call('POST', '/notifications/read', second, { ids: [mine[0], ...theirs] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ unread: mine.length - 1 });
    expect((await liveEvents(t.database.db, `member:${secondId}`)).at(-1)).toEqual({
      type: 'notifications.read',
      payload: { ids: [mine[0]] },
    });
    expect((await call('GET', '/notifications/unread-count', member)).json().unread).toBe(theirs.length);

    expect((await call('POST', '/notifications/read', second, { all: true })).json()).toEqual({ unread: 0 });
    expect((await liveEvents(t.database.db, `member:${secondId}`)).at(-1)).toEqual({
      type: 'notifications.read',
      payload: { all: true },
    });
    const all = (await call('GET', '/notifications', second)).json();
    expect(all.items.every((i: { read: boolean }) => i.read)).toBe(true);
  });

  it('refuses a body naming nothing to mark, or bad ids (422)', async () => {
    for (const payload of [{}, { ids: [] }, { ids: ['x'] }, { all: false }, { ids: [1], extra: 1 }]) {
      const response = await call('POST', '/notifications/read', second, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
    }
  });

  it('tells a member mentioned in a reply written through the API, once, as a mention', async () => {
    const own = await call('POST', `/threads/${threadA}/posts`, second, { body: 'Ich bringe Kleister mit.' });
    expect(own.statusCode).toBe(201);
    const reply = await call('POST', `/threads/${threadA}/posts`, member, {
      body: `Danke @[Erika zweite](m:${secondId})!`,
      parentId: own.json().id,
    });
    expect(reply.statusCode).toBe(201);
    const items = (await call('GET', '/notifications?unreadOnly=true', second)).json().items;
    const about = items.filter((i: { postId: number }) => i.postId === reply.json().id);
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ kind: 'mention', actor: { memberId: t.ids.member } });
    await call('POST', '/notifications/read', second, { all: true });
  });

  it('drops notifications of rooms the member can no longer see, title and all', async () => {
    await grant(t.database.db, secondId, t.ids.ov, 'board');
    const board = await addThread(t.database.db, boardRoomA, authorId, 'Vertrauliche Kandidatur');
    await inTransaction(t.database.db, (trx) =>
      notify(trx, [secondId], {
        kind: 'thread',
        actorMemberId: authorId,
        roomId: boardRoomA,
        threadId: board.threadId,
        postId: board.postId,
        title: 'Vertrauliche Kandidatur',
      }),
    );
    let list = await call('GET', '/notifications', second);
    expect(list.body).toContain('Vertrauliche Kandidatur');
    const unreadBefore = list.json().unread;

    // The roster takes the board role away: the board room's notification is gone at once.
    await t.database.db.deleteFrom('member_roles').where('member_id', '=', secondId).execute();
    list = await call('GET', '/notifications', second);
    expect(list.body).not.toContain('Vertrauliche Kandidatur');
    expect(list.json().unread).toBe(unreadBefore - 1);
    expect((await call('GET', '/notifications/unread-count', second)).json().unread).toBe(unreadBefore - 1);

    // Moved to Ortsverein B: nothing of A's rooms is left.
    await t.database.db.updateTable('members').set({ unit_id: ovB }).where('id', '=', secondId).execute();
    list = await call('GET', '/notifications', second);
    expect(list.json().items).toEqual([]);
    expect(list.body).not.toContain('Plakatieren');
  });
});
