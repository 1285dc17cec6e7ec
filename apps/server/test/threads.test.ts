/**
 * Threads and posts through the API: writing, replying, quoting, editing with history, deleting,
 * pinning, locking, reactions, read markers and unread counts, drafts, mentions and their
 * notifications, live events, bans, limits — and 404 for everything of another Ortsverein.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('threads and posts on $dialect', (kind) => {
  let t: TestApp;
  let ovB: number;
  let memberB: number;
  let chairA: number;
  let roomA: number;
  let roomB: number;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    const db = t.database.db;
    const kv = (await units.getUnit(db, t.ids.ov)).parentId!;
    ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Berg', code: 'OVB', parentId: kv }))
      .id;
    memberB = await addMember(t.database, { unitId: ovB, email: 'berg@example.org', number: '400' });
    chairA = await addMember(t.database, {
      unitId: t.ids.ov,
      email: 'chair@example.org',
      number: '300',
      roles: [{ unitId: t.ids.ov, role: 'chair' }],
    });
    await addMember(t.database, { unitId: t.ids.ov, email: 'zweite@example.org', number: '500' });
    for (const who of ['mitglied', 'berg', 'chair', 'zweite']) cookies[who] = await signIn(t.app, `${who}@example.org`);
    const general = (unitId: number) =>
      db
        .selectFrom('rooms')
        .select('id')
        .where('unit_id', '=', unitId)
        .where('kind', '=', 'general')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    roomA = await general(t.ids.ov);
    roomB = await general(ovB);
  });
  afterAll(() => t.close());

  const call = (method: string, url: string, who: string, payload?: object) =>
    t.app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { cookie: cookies[who]! },
      ...(payload ? { payload } : {}),
    });
  const count = async (table: 'threads' | 'posts' | 'notifications' | 'reactions' | 'drafts') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const liveEvents = (scope: string) =>
    t.database.db
      .selectFrom('live_events')
      .select(['type', 'payload'])
      .where('scope', '=', scope)
      .orderBy('id')
      .execute();

  let threadId: number;
  let firstPost: number;

  it('opens a thread with its first post, recorded live for the room', async () => {
    const response = await call('POST', `/rooms/${roomA}/threads`, 'mitglied', {
      title: '  Sommerfest  ',
      body: 'Wer hilft **beim Aufbau**? <script>alert(1)</script>',
    });
    expect(response.statusCode).toBe(201);
    const thread = response.json();
    expect(thread).toMatchObject({ roomId: roomA, title: 'Sommerfest', pinned: false, locked: false, followed: true });
    threadId = thread.id;
    const posts = (await call('GET', `/threads/${threadId}/posts`, 'zweite')).json();
    expect(posts.items).toHaveLength(1);
    firstPost = posts.items[0].id;
    expect(posts.items[0].bodyHtml).toContain('<strong>beim Aufbau</strong>');
    expect(posts.items[0].bodyHtml).not.toContain('<script>');
    expect(posts.items[0].author.displayName).toBe('Erika mitglied');
    const events = await liveEvents(`room:${roomA}`);
    expect(events.map((e) => e.type)).toContain('thread.created');
  });

  it('lists the thread with its unread count, and the room list counts it as unread for others', async () => {
    const list = (await call('GET', `/rooms/${roomA}/threads`, 'zweite')).json();
    expect(list.items[0]).toMatchObject({ id: threadId, postCount: 1, unreadCount: 1, hasPoll: false });
    expect(list.nextCursor).toBeNull();
    const own = (await call('GET', `/rooms/${roomA}/threads`, 'mitglied')).json();
    expect(own.items[0].unreadCount).toBe(0);
    const rooms = (await call('GET', '/rooms', 'zweite')).json();
    expect(rooms.groups[0].rooms[0]).toMatchObject({ id: roomA, unreadThreads: 1, unreadPosts: 1 });
  });

  it('answers 404 to a member of another Ortsverein on every route of the room, thread and post', async () => {
    const threadsBefore = await count('threads');
    const postsBefore = await count('posts');
    const routes: [string, string, object?][] = [
      ['GET', `/rooms/${roomA}`],
      ['GET', `/rooms/${roomA}/threads`],
      ['POST', `/rooms/${roomA}/threads`, { title: 'x', body: 'y' }],
      ['PUT', `/rooms/${roomA}/settings`, { muted: true }],
      ['POST', `/rooms/${roomA}/code-of-conduct`],
      ['GET', `/rooms/${roomA}/mentionable?q=a`],
      ['GET', `/threads/${threadId}`],
      ['GET', `/threads/${threadId}/posts`],
      ['POST', `/threads/${threadId}/posts`, { body: 'y' }],
      ['POST', `/threads/${threadId}/read`, { lastReadPostId: firstPost }],
      ['PUT', `/threads/${threadId}/follow`],
      ['PATCH', `/posts/${firstPost}`, { body: 'y' }],
      ['GET', `/posts/${firstPost}/revisions`],
      ['DELETE', `/posts/${firstPost}`],
      ['PUT', `/posts/${firstPost}/reactions/${encodeURIComponent('👍')}`],
      ['GET', `/drafts/room-${roomA}`],
      ['PUT', `/drafts/thread-${threadId}`, { body: 'x' }],
    ];
    for (const [method, url, payload] of routes) {
      const response = await call(method, url, 'berg', payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().code).toBe('not_found');
    }
    expect(await count('threads')).toBe(threadsBefore);
    expect(await count('posts')).toBe(postsBefore);
    expect(await count('reactions')).toBe(0);
    expect(await count('drafts')).toBe(0);
  });

  let reply: number;

  it('writes a reply that quotes, tells the parent’s author, and refuses a parent from another thread', async () => {
    const notificationsBefore = await count('notifications');
    const response = await call('POST', `/threads/${threadId}/posts`, 'zweite', {
      body: 'Ich bringe Bänke mit.',
      parentId: firstPost,
      quoteId: firstPost,
    });
    expect(response.statusCode).toBe(201);
    const post = response.json();
    reply = post.id;
    expect(post).toMatchObject({
      parentId: firstPost,
      quote: { id: firstPost },
      permissions: { edit: true, delete: true },
    });
    expect(post.quote.excerpt).toBe('Wer hilft beim Aufbau? <script>alert(1)</script>');
    const notes = await t.database.db
      .selectFrom('notifications')
      .select(['member_id', 'kind'])
      .orderBy('id', 'desc')
      .execute();
    expect(notes.length).toBe(notificationsBefore + 1);
    expect(notes[0]).toEqual({ member_id: t.ids.member, kind: 'reply' });
    expect((await liveEvents(`room:${roomA}`)).at(-1)).toMatchObject({ type: 'post.created' });

    const other = await call('POST', `/rooms/${roomA}/threads`, 'chair', { title: 'Anderes', body: 'Text' });
    const wrong = await call('POST', `/threads/${other.json().id}/posts`, 'zweite', { body: 'x', parentId: firstPost });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('/parentId');
  });

  it('notifies mentioned members who can see the room, and the board for @vorstand — nobody else', async () => {
    const before = await t.database.db.selectFrom('notifications').select('id').execute();
    const seen = new Set(before.map((n) => n.id));
    const response = await call('POST', `/threads/${threadId}/posts`, 'zweite', {
      body: `Frage an @[Erika berg](m:${memberB}), @[Die Chefin](m:${chairA}) und @vorstand`,
    });
    expect(response.statusCode).toBe(201);
    // Shown under the member's real name, not the one typed into the text.
    expect(response.json().bodyHtml).toContain('Erika chair');
    expect(response.json().bodyHtml).not.toContain('Die Chefin');
    const fresh = (
      await t.database.db.selectFrom('notifications').select(['id', 'member_id', 'kind']).execute()
    ).filter((n) => !seen.has(n.id));
    const mentioned = fresh.filter((n) => n.kind === 'mention').map((n) => n.member_id);
    expect(mentioned).toEqual([chairA]);
    expect(fresh.map((n) => n.member_id)).not.toContain(memberB);
    // The thread's author follows it and hears of the reply.
    expect(fresh).toContainEqual(expect.objectContaining({ member_id: t.ids.member, kind: 'reply' }));
  });

  it('keeps the edit history and refuses editing someone else’s post (404)', async () => {
    expect((await call('PATCH', `/posts/${reply}`, 'mitglied', { body: 'fremd' })).statusCode).toBe(404);
    const edited = await call('PATCH', `/posts/${reply}`, 'zweite', { body: 'Ich bringe Bänke und Tische mit.' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ body: 'Ich bringe Bänke und Tische mit.', editCount: 1 });
    const revisions = (await call('GET', `/posts/${reply}/revisions`, 'mitglied')).json();
    expect(revisions.items).toHaveLength(1);
    expect(revisions.items[0]).toMatchObject({ body: 'Ich bringe Bänke mit.' });
    expect((await liveEvents(`room:${roomA}`)).map((e) => e.type)).toContain('post.updated');
  });

  it('takes reactions from the fixed set, one per member and emoji', async () => {
    const thumbs = encodeURIComponent('👍');
    expect((await call('PUT', `/posts/${reply}/reactions/${thumbs}`, 'mitglied')).statusCode).toBe(200);
    await call('PUT', `/posts/${reply}/reactions/${thumbs}`, 'mitglied');
    const both = await call('PUT', `/posts/${reply}/reactions/${thumbs}`, 'chair');
    expect(both.json().reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
    const removed = await call('DELETE', `/posts/${reply}/reactions/${thumbs}`, 'chair');
    expect(removed.json().reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
    expect((await call('PUT', `/posts/${reply}/reactions/${encodeURIComponent('💩')}`, 'chair')).statusCode).toBe(422);
    const posts = (await call('GET', `/threads/${threadId}/posts`, 'mitglied')).json();
    expect(posts.items.find((p: { id: number }) => p.id === reply).reactions).toEqual([
      { emoji: '👍', count: 1, mine: true },
    ]);
    expect((await liveEvents(`room:${roomA}`)).map((e) => e.type)).toContain('reaction.changed');
  });

  it('moves the read marker forward only, and counts unread posts from it', async () => {
    const thread = (await call('GET', `/threads/${threadId}`, 'chair')).json();
    expect(thread.lastReadPostId).toBeNull();
    expect(
      (await call('GET', `/rooms/${roomA}/threads`, 'chair'))
        .json()
        .items.find((i: { id: number }) => i.id === threadId),
    ).toMatchObject({ postCount: 3, unreadCount: 3 });
    expect((await call('POST', `/threads/${threadId}/read`, 'chair', { lastReadPostId: reply })).statusCode).toBe(204);
    expect((await call('POST', `/threads/${threadId}/read`, 'chair', { lastReadPostId: firstPost })).statusCode).toBe(
      204,
    );
    expect((await call('GET', `/threads/${threadId}`, 'chair')).json().lastReadPostId).toBe(reply);
    const item = (await call('GET', `/rooms/${roomA}/threads`, 'chair'))
      .json()
      .items.find((i: { id: number }) => i.id === threadId);
    expect(item.unreadCount).toBe(1);
    const events = await liveEvents(`member:${chairA}`);
    expect(events.filter((e) => e.type === 'read.updated')).toHaveLength(1);
    const foreign = await call('POST', `/threads/${threadId}/read`, 'chair', { lastReadPostId: 999999 });
    expect(foreign.statusCode).toBe(422);
  });

  it('pages posts by id: the latest first, then older ones', async () => {
    const page = (await call('GET', `/threads/${threadId}/posts?limit=2`, 'mitglied')).json();
    expect(page.items).toHaveLength(2);
    expect(page.hasOlder).toBe(true);
    expect(page.items[0].id).toBeLessThan(page.items[1].id);
    const older = (
      await call('GET', `/threads/${threadId}/posts?limit=2&before=${page.items[0].id}`, 'mitglied')
    ).json();
    expect(older.items.map((p: { id: number }) => p.id)).toEqual([firstPost]);
    expect(older).toMatchObject({ hasOlder: false, hasNewer: true });
    const newer = (await call('GET', `/threads/${threadId}/posts?after=${firstPost}`, 'mitglied')).json();
    expect(newer.items).toHaveLength(2);
    expect(newer.hasNewer).toBe(false);
  });

  it('lets moderators pin and lock (audited); a locked thread takes posts from moderators only', async () => {
    expect((await call('PUT', `/threads/${threadId}/pin`, 'mitglied')).statusCode).toBe(404);
    expect((await call('PUT', `/threads/${threadId}/pin`, 'chair')).json().pinned).toBe(true);
    const list = (await call('GET', `/rooms/${roomA}/threads?limit=1`, 'mitglied')).json();
    expect(list.items[0]).toMatchObject({ id: threadId, pinned: true });
    expect((await call('PUT', `/threads/${threadId}/lock`, 'chair')).json().locked).toBe(true);
    const refused = await call('POST', `/threads/${threadId}/posts`, 'mitglied', { body: 'Noch was' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('thread_locked');
    expect((await call('GET', `/threads/${threadId}`, 'mitglied')).json().permissions).toEqual({
      reply: false,
      moderate: false,
    });
    expect((await call('POST', `/threads/${threadId}/posts`, 'chair', { body: 'Schluss hier.' })).statusCode).toBe(201);
    const audit = await t.database.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['thread.pinned', 'thread.locked']));
    await call('DELETE', `/threads/${threadId}/lock`, 'chair');
    await call('DELETE', `/threads/${threadId}/pin`, 'chair');
  });

  it('deletes a post for everyone: by its author, or by a moderator (audited)', async () => {
    expect((await call('DELETE', `/posts/${reply}`, 'mitglied')).statusCode).toBe(404);
    expect((await call('DELETE', `/posts/${reply}`, 'zweite')).statusCode).toBe(204);
    const posts = (await call('GET', `/threads/${threadId}/posts`, 'chair')).json();
    const deleted = posts.items.find((p: { id: number }) => p.id === reply);
    expect(deleted).toMatchObject({ deleted: true, body: '', bodyHtml: '', reactions: [] });
    expect((await call('GET', `/posts/${reply}/revisions`, 'chair')).json().items).toEqual([]);
    expect((await call('PATCH', `/posts/${reply}`, 'zweite', { body: 'wieder da' })).json().code).toBe('post_deleted');

    expect((await call('DELETE', `/posts/${firstPost}`, 'chair')).statusCode).toBe(204);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_member_id'])
      .where('action', '=', 'post.deleted_by_moderator')
      .execute();
    expect(audit).toEqual([{ action: 'post.deleted_by_moderator', subject_member_id: t.ids.member }]);
    expect((await liveEvents(`room:${roomA}`)).map((e) => e.type)).toContain('post.deleted');
  });

  it('shows hidden posts as hidden to members and in full to moderators', async () => {
    const post = (await call('POST', `/threads/${threadId}/posts`, 'zweite', { body: 'Grenzwertig' })).json();
    await t.database.db
      .updateTable('posts')
      .set({ hidden_at: Date.now(), hidden_by: chairA, hidden_reason: 'Beleidigung' })
      .where('id', '=', post.id)
      .execute();
    const asMember = (await call('GET', `/threads/${threadId}/posts`, 'mitglied')).json();
    expect(asMember.items.find((p: { id: number }) => p.id === post.id)).toMatchObject({
      body: '',
      bodyHtml: '',
      hidden: { reason: '' },
    });
    const asModerator = (await call('GET', `/threads/${threadId}/posts`, 'chair')).json();
    expect(asModerator.items.find((p: { id: number }) => p.id === post.id)).toMatchObject({
      body: 'Grenzwertig',
      hidden: { reason: 'Beleidigung' },
    });
    expect((await call('PATCH', `/posts/${post.id}`, 'zweite', { body: 'anders' })).json().code).toBe('post_hidden');
  });

  it('keeps drafts per composer and drops them when the post is written', async () => {
    expect((await call('GET', `/drafts/thread-${threadId}`, 'mitglied')).json()).toEqual({ body: '', updatedAt: null });
    const saved = await call('PUT', `/drafts/thread-${threadId}`, 'mitglied', { body: 'Halb fertig' });
    expect(saved.statusCode).toBe(200);
    expect((await call('GET', `/drafts/thread-${threadId}`, 'mitglied')).json().body).toBe('Halb fertig');
    expect((await call('GET', `/drafts/thread-${threadId}`, 'zweite')).json().body).toBe('');
    expect((await call('GET', `/drafts/thread-999999`, 'mitglied')).statusCode).toBe(404);
    expect((await call('GET', `/drafts/banana`, 'mitglied')).statusCode).toBe(422);
    await call('POST', `/threads/${threadId}/posts`, 'mitglied', { body: 'Fertig' });
    expect((await call('GET', `/drafts/thread-${threadId}`, 'mitglied')).json().body).toBe('');
    await call('PUT', `/drafts/room-${roomA}`, 'mitglied', { body: 'Neues Thema' });
    expect((await call('DELETE', `/drafts/room-${roomA}`, 'mitglied')).statusCode).toBe(204);
    expect(await count('drafts')).toBe(0);
  });

  it('lets a banned member read but not write', async () => {
    await t.database.db
      .insertInto('room_bans')
      .values({
        room_id: roomA,
        member_id: t.ids.member,
        reason: 'Spam',
        until: Date.now() + 3_600_000,
        banned_by: chairA,
        created_at: Date.now(),
      })
      .execute();
    const postsBefore = await count('posts');
    const refused = await call('POST', `/threads/${threadId}/posts`, 'mitglied', { body: 'Trotzdem' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('room_banned');
    expect((await call('POST', `/rooms/${roomA}/threads`, 'mitglied', { title: 'a', body: 'b' })).json().code).toBe(
      'room_banned',
    );
    expect((await call('GET', `/threads/${threadId}/posts`, 'mitglied')).statusCode).toBe(200);
    const room = (await call('GET', `/rooms/${roomA}`, 'mitglied')).json();
    expect(room.ban).toMatchObject({ reason: 'Spam' });
    expect(room.permissions.post).toBe(false);
    expect(await count('posts')).toBe(postsBefore);
    await t.database.db.deleteFrom('room_bans').execute();
  });

  it('refuses bad input with 4xx problems and writes nothing', async () => {
    const threadsBefore = await count('threads');
    const postsBefore = await count('posts');
    const bad: [string, string, object][] = [
      ['POST', `/rooms/${roomA}/threads`, { title: 'x'.repeat(201), body: 'ok' }],
      ['POST', `/rooms/${roomA}/threads`, { title: 'ok', body: 'x'.repeat(20_001) }],
      ['POST', `/rooms/${roomA}/threads`, { title: '   ', body: 'ok' }],
      ['POST', `/rooms/${roomA}/threads`, { title: 'ok', body: 'ok', isAdmin: true }],
      ['POST', `/threads/${threadId}/posts`, { body: '' }],
      ['POST', `/threads/${threadId}/posts`, { body: '  \n ' }],
      ['POST', `/threads/${threadId}/posts`, { body: 'ok', quoteId: 999999 }],
      ['POST', `/threads/${threadId}/posts`, { body: 'ok', parentId: 'eins' }],
    ];
    for (const [method, url, payload] of bad) {
      const response = await call(method, url, 'mitglied', payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count('threads')).toBe(threadsBefore);
    expect(await count('posts')).toBe(postsBefore);
    expect((await call('GET', `/rooms/${roomB}/threads?cursor=xyz`, 'berg')).statusCode).toBe(422);
  });

  it('pages the thread list with a keyset cursor', async () => {
    for (const title of ['Eins', 'Zwei', 'Drei']) {
      await call('POST', `/rooms/${roomB}/threads`, 'berg', { title, body: title });
    }
    const first = (await call('GET', `/rooms/${roomB}/threads?limit=2`, 'berg')).json();
    expect(first.items.map((i: { title: string }) => i.title)).toEqual(['Drei', 'Zwei']);
    const second = (await call('GET', `/rooms/${roomB}/threads?limit=2&cursor=${first.nextCursor}`, 'berg')).json();
    expect(second.items.map((i: { title: string }) => i.title)).toEqual(['Eins']);
    expect(second.nextCursor).toBeNull();
  });

  it('flags a thread "new since your last visit" for those who have not read it, never for its latest reply’s author', async () => {
    await t.database.db.deleteFrom('room_bans').execute();
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const opened = (
      await call('POST', `/rooms/${roomA}/threads`, 'chair', { title: 'Nachtreffen', body: 'Wer?' })
    ).json();
    for (const who of ['chair', 'zweite']) {
      expect((await call('POST', `/rooms/${roomA}/visit`, who)).statusCode).toBe(204);
    }
    await tick();
    expect((await call('POST', `/threads/${opened.id}/posts`, 'chair', { body: 'Ich komme.' })).statusCode).toBe(201);
    const flag = async (who: string) =>
      (await call('GET', `/rooms/${roomA}/threads`, who)).json().items.find((i: { id: number }) => i.id === opened.id)
        .newSinceLastVisit;
    expect(await flag('chair')).toBe(false);
    expect(await flag('zweite')).toBe(true);
  });

  it('tells followers of a room about new threads, unless they muted it', async () => {
    await call('PUT', `/rooms/${roomA}/settings`, 'chair', { following: true });
    await call('PUT', `/rooms/${roomA}/settings`, 'zweite', { following: true, muted: true });
    const before = (await t.database.db.selectFrom('notifications').select('id').execute()).map((n) => n.id);
    await call('PUT', `/rooms/${roomA}/settings`, 'mitglied', { following: true });
    await t.database.db.deleteFrom('room_bans').execute();
    expect(
      (await call('POST', `/rooms/${roomA}/threads`, 'mitglied', { title: 'Neu', body: 'Hallo' })).statusCode,
    ).toBe(201);
    const fresh = (
      await t.database.db.selectFrom('notifications').select(['id', 'member_id', 'kind']).execute()
    ).filter((n) => !before.includes(n.id));
    expect(fresh.map((n) => [n.member_id, n.kind])).toEqual([[chairA, 'thread']]);
  });
});
