import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeBan, units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';
import { addPost, addThread, grant, liveEvents, roomOf } from './moderation.fixtures.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

describe.each(databaseKinds())('moderation on $dialect', (kind) => {
  let t: TestApp;
  let roomA: number;
  let roomB: number;
  let threadA: number;
  let postB: number;
  let reporterId: number;
  let memberBId: number;
  let moderatorAId: number;
  let kv: number;
  let ovB: number;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    const db = t.database.db;
    kv = (await units.getUnit(db, t.ids.ov)).parentId!;
    ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Berg', code: 'OVB', parentId: kv })).id;
    reporterId = await addMember(t.database, { unitId: t.ids.ov, email: 'melder@example.org', number: '301' });
    moderatorAId = await addMember(t.database, { unitId: t.ids.ov, email: 'mod-a@example.org', number: '302' });
    await grant(db, moderatorAId, t.ids.ov, 'moderator');
    const chairB = await addMember(t.database, { unitId: ovB, email: 'chair-b@example.org', number: '401' });
    await grant(db, chairB, ovB, 'chair');
    memberBId = await addMember(t.database, { unitId: ovB, email: 'berg@example.org', number: '402' });
    roomA = await roomOf(db, t.ids.ov);
    roomB = await roomOf(db, ovB);
    threadA = (await addThread(db, roomA, t.ids.member, 'Sommerfest')).threadId;
    postB = (await addThread(db, roomB, memberBId, 'Bergfest', 'Nur für Berg')).postId;
    for (const [name, email] of [
      ['member', 'mitglied@example.org'],
      ['reporter', 'melder@example.org'],
      ['modA', 'mod-a@example.org'],
      ['chairB', 'chair-b@example.org'],
      ['memberB', 'berg@example.org'],
      ['admin', 'admin@example.org'],
    ] as const) {
      cookies[name] = await signIn(t.app, email);
    }
  });
  afterAll(() => t.close());

  const call = (method: Method, url: string, who: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });
  const newPost = (body = 'Ein Beitrag, der gemeldet wird') => addPost(t.database.db, threadA, t.ids.member, body);
  const auditOf = (action: string) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'subject_member_id', 'unit_id', 'data'])
      .where('action', '=', action)
      .orderBy('id', 'desc')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data })));

  describe('reporting', () => {
    it('answers 401 without a session', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/posts/1/reports', payload: { reason: 'x' } });
      expect(response.statusCode).toBe(401);
    });

    it('refuses an empty, missing, blank or overlong reason, or extra fields (422), storing nothing', async () => {
      const post = await newPost();
      for (const payload of [
        {},
        { reason: '' },
        { reason: '   ' },
        { reason: 'x'.repeat(1001) },
        { reason: 'x', isAdmin: true },
      ]) {
        const response = await call('POST', `/posts/${post}/reports`, 'reporter', payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(422);
        expect(response.json().code).toBe('validation_failed');
      }
      const reports = await t.database.db.selectFrom('reports').selectAll().where('post_id', '=', post).execute();
      expect(reports).toEqual([]);
    });

    it('refuses to report one’s own post', async () => {
      const post = await newPost();
      const response = await call('POST', `/posts/${post}/reports`, 'member', { reason: 'Ich bereue es' });
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('own_post_report');
    });

    it('answers a post of another Ortsverein exactly like one that does not exist', async () => {
      const foreign = await call('POST', `/posts/${postB}/reports`, 'reporter', { reason: 'Spam' });
      const missing = await call('POST', `/posts/99999999/reports`, 'reporter', { reason: 'Spam' });
      expect(foreign.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(foreign.json().code).toBe(missing.json().code);
    });

    it('takes a report once per member and post; the second is a 409', async () => {
      const post = await newPost();
      expect((await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Beleidigend' })).statusCode).toBe(
        204,
      );
      const again = await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Immer noch' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('already_reported');
      const reports = await t.database.db.selectFrom('reports').select('reason').where('post_id', '=', post).execute();
      expect(reports).toEqual([{ reason: 'Beleidigend' }]);
    });

    it('tells the room’s moderators live that a report came in, and nobody else', async () => {
      const post = await newPost();
      await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Spam' });
      const news = { type: 'report.created', payload: { roomId: roomA, postId: post } };
      expect(await liveEvents(t.database.db, `member:${moderatorAId}`)).toContainEqual(news);
      expect(await liveEvents(t.database.db, `member:${t.ids.admin}`)).toContainEqual(news);
      expect(await liveEvents(t.database.db, `member:${reporterId}`)).not.toContainEqual(news);
      expect(await liveEvents(t.database.db, `room:${roomA}`)).not.toContainEqual(
        expect.objectContaining({ type: 'report.created' }),
      );
    });

    it('refuses reports of a deleted post (409)', async () => {
      const post = await newPost();
      await t.database.db.updateTable('posts').set({ deleted_at: Date.now() }).where('id', '=', post).execute();
      const response = await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Spam' });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('post_deleted');
    });
  });

  describe('the queue', () => {
    let post: number;
    beforeAll(async () => {
      post = await newPost('Unfreundlicher Beitrag');
      await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Beleidigend' });
      await call('POST', `/posts/${post}/reports`, 'modA', { reason: 'Ton' });
    });

    it('tells the web whether to show the moderation entry', async () => {
      expect((await call('GET', '/moderation/summary', 'member')).json()).toEqual({ moderates: false, openReports: 0 });
      const modA = (await call('GET', '/moderation/summary', 'modA')).json();
      expect(modA.moderates).toBe(true);
      expect(modA.openReports).toBeGreaterThanOrEqual(2);
      expect((await call('GET', '/moderation/summary', 'chairB')).json()).toEqual({ moderates: true, openReports: 0 });
    });

    it('is 404 for members who moderate nothing', async () => {
      const response = await call('GET', '/moderation/queue', 'member');
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('not_found');
    });

    it('shows the moderator of A one case per post: reports, reasons, content, author, room and thread', async () => {
      const response = await call('GET', '/moderation/queue?status=open', 'modA');
      expect(response.statusCode).toBe(200);
      const item = response.json().items.find((i: { post: { id: number } }) => i.post.id === post);
      expect(item.reportCount).toBe(2);
      expect(item.reports.map((r: { reason: string }) => r.reason)).toEqual(['Ton', 'Beleidigend']);
      expect(item.reports[1].reporter).toEqual({ memberId: reporterId, displayName: 'Erika melder' });
      expect(item.post).toMatchObject({
        body: 'Unfreundlicher Beitrag',
        author: { memberId: t.ids.member, displayName: 'Erika mitglied' },
        deleted: false,
        hidden: null,
      });
      expect(item.room).toMatchObject({ id: roomA, name: 'Allgemein', unit: { id: t.ids.ov } });
      expect(item.thread).toEqual({ id: threadA, title: 'Sommerfest' });
    });

    it('shows the chair of Ortsverein B nothing of Ortsverein A', async () => {
      const response = await call('GET', '/moderation/queue', 'chairB');
      expect(response.statusCode).toBe(200);
      expect(response.json().items).toEqual([]);
      expect(response.body).not.toContain('Unfreundlicher');
    });

    it('filters by unit and pages with a cursor', async () => {
      const second = await newPost('Noch einer');
      await call('POST', `/posts/${second}/reports`, 'reporter', { reason: 'Spam' });
      const first = (await call('GET', `/moderation/queue?unitId=${t.ids.ov}&limit=1`, 'admin')).json();
      expect(first.items).toHaveLength(1);
      expect(first.items[0].post.id).toBe(second);
      expect(first.nextCursor).not.toBeNull();
      const next = (
        await call('GET', `/moderation/queue?unitId=${t.ids.ov}&limit=1&cursor=${first.nextCursor}`, 'admin')
      ).json();
      expect(next.items[0].post.id).toBe(post);
      const below = (await call('GET', `/moderation/queue?unitId=${kv}`, 'admin')).json();
      expect(below.items.map((i: { post: { id: number } }) => i.post.id)).toEqual(
        expect.arrayContaining([second, post]),
      );
      const inB = (await call('GET', `/moderation/queue?unitId=${ovB}`, 'admin')).json();
      expect(inB.items).toEqual([]);
    });

    it('refuses a bad status or cursor (422)', async () => {
      expect((await call('GET', '/moderation/queue?status=all', 'modA')).statusCode).toBe(422);
      expect((await call('GET', '/moderation/queue?cursor=abc', 'modA')).statusCode).toBe(422);
    });
  });

  describe('hiding and restoring', () => {
    it('lets the moderator hide a post with a reason: reports resolved, audited, announced to the room', async () => {
      const post = await newPost('Geheimer Inhalt, der nicht ins Protokoll gehört');
      await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Beleidigend' });
      const hidden = await call('PUT', `/posts/${post}/hidden`, 'modA', { reason: 'Verstößt gegen die Regeln' });
      expect(hidden.statusCode).toBe(204);

      const row = await t.database.db
        .selectFrom('posts')
        .select(['hidden_at', 'hidden_by', 'hidden_reason'])
        .where('id', '=', post)
        .executeTakeFirstOrThrow();
      expect(row.hidden_by).toBe(moderatorAId);
      expect(row.hidden_reason).toBe('Verstößt gegen die Regeln');
      expect(row.hidden_at).not.toBeNull();

      const open = (await call('GET', '/moderation/queue', 'modA')).json();
      expect(open.items.map((i: { post: { id: number } }) => i.post.id)).not.toContain(post);
      const resolved = (await call('GET', '/moderation/queue?status=resolved', 'modA')).json();
      const item = resolved.items.find((i: { post: { id: number } }) => i.post.id === post);
      // Moderators still see the content, and why and by whom it was hidden.
      expect(item.post.body).toBe('Geheimer Inhalt, der nicht ins Protokoll gehört');
      expect(item.post.hidden).toMatchObject({
        reason: 'Verstößt gegen die Regeln',
        by: { memberId: moderatorAId, displayName: 'Erika mod-a' },
      });
      expect(item.reports[0]).toMatchObject({
        status: 'resolved',
        resolution: 'Verstößt gegen die Regeln',
        resolvedBy: { memberId: moderatorAId },
      });

      const [entry] = await auditOf('post.hidden');
      expect(entry).toMatchObject({ subject_member_id: t.ids.member, unit_id: t.ids.ov });
      expect(entry!.data).toMatchObject({
        postId: post,
        threadId: threadA,
        roomId: roomA,
        reason: 'Verstößt gegen die Regeln',
      });
      expect(JSON.stringify(entry)).not.toContain('Geheimer Inhalt');

      const events = await liveEvents(t.database.db, `room:${roomA}`);
      expect(events.at(-1)).toEqual({
        type: 'post.hidden',
        payload: { roomId: roomA, threadId: threadA, postId: post },
      });

      // Hiding again changes nothing; restoring shows it again.
      expect((await call('PUT', `/posts/${post}/hidden`, 'modA', { reason: 'Anderer Grund' })).statusCode).toBe(204);
      expect((await auditOf('post.hidden')).length).toBe(1);
      expect((await call('DELETE', `/posts/${post}/hidden`, 'modA')).statusCode).toBe(204);
      const restored = await t.database.db
        .selectFrom('posts')
        .select(['hidden_at', 'hidden_reason'])
        .where('id', '=', post)
        .executeTakeFirstOrThrow();
      expect(restored).toEqual({ hidden_at: null, hidden_reason: null });
      expect((await liveEvents(t.database.db, `room:${roomA}`)).at(-1)).toEqual({
        type: 'post.restored',
        payload: { roomId: roomA, threadId: threadA, postId: post },
      });
      expect((await auditOf('post.restored'))[0]!.data).toMatchObject({
        postId: post,
        hiddenReason: 'Verstößt gegen die Regeln',
      });
    });

    it('refuses a hidden post a fresh report (409)', async () => {
      const post = await newPost();
      await call('PUT', `/posts/${post}/hidden`, 'modA', { reason: 'Spam' });
      const response = await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Spam' });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('post_already_hidden');
    });

    it('answers members and moderators of other units 404, and changes nothing', async () => {
      const post = await newPost();
      for (const who of ['member', 'reporter', 'chairB', 'memberB']) {
        expect((await call('PUT', `/posts/${post}/hidden`, who, { reason: 'Weg damit' })).statusCode).toBe(404);
        expect((await call('DELETE', `/posts/${post}/hidden`, who)).statusCode).toBe(404);
      }
      const row = await t.database.db
        .selectFrom('posts')
        .select('hidden_at')
        .where('id', '=', post)
        .executeTakeFirstOrThrow();
      expect(row.hidden_at).toBeNull();
    });

    it('refuses to hide a deleted post (409) or without a reason (422)', async () => {
      const post = await newPost();
      expect((await call('PUT', `/posts/${post}/hidden`, 'modA', { reason: ' ' })).statusCode).toBe(422);
      await t.database.db.updateTable('posts').set({ deleted_at: Date.now() }).where('id', '=', post).execute();
      const response = await call('PUT', `/posts/${post}/hidden`, 'modA', { reason: 'Spam' });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('post_deleted');
    });
  });

  describe('dismissing and resolving reports', () => {
    it('dismisses every open report of the post at once, with the note in the audit log', async () => {
      const post = await newPost();
      await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Unsinn' });
      await call('POST', `/posts/${post}/reports`, 'admin', { reason: 'Auch Unsinn' });
      const reports = await t.database.db.selectFrom('reports').select('id').where('post_id', '=', post).execute();
      const response = await call('POST', `/reports/${reports[0]!.id}/dismiss`, 'modA', { note: 'Kein Verstoß' });
      expect(response.statusCode).toBe(204);
      const after = await t.database.db
        .selectFrom('reports')
        .select(['status', 'resolved_by', 'resolution'])
        .where('post_id', '=', post)
        .execute();
      expect(after).toEqual([
        { status: 'dismissed', resolved_by: moderatorAId, resolution: 'Kein Verstoß' },
        { status: 'dismissed', resolved_by: moderatorAId, resolution: 'Kein Verstoß' },
      ]);
      const [entry] = await auditOf('report.dismissed');
      expect(entry!.data).toMatchObject({ postId: post, note: 'Kein Verstoß' });
      expect((entry!.data as { reportIds: number[] }).reportIds.sort()).toEqual(reports.map((r) => r.id).sort());

      expect(await liveEvents(t.database.db, `member:${moderatorAId}`)).toContainEqual({
        type: 'report.settled',
        payload: { roomId: roomA, postId: post },
      });

      const again = await call('POST', `/reports/${reports[1]!.id}/resolve`, 'modA', {});
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('report_closed');
    });

    it('resolves a report; the closed case shows under "resolved"', async () => {
      const post = await newPost();
      await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Persönlicher Angriff' });
      const { id } = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('post_id', '=', post)
        .executeTakeFirstOrThrow();
      expect((await call('POST', `/reports/${id}/resolve`, 'modA', {})).statusCode).toBe(204);
      const resolved = (await call('GET', '/moderation/queue?status=resolved', 'modA')).json();
      expect(resolved.items.map((i: { post: { id: number } }) => i.post.id)).toContain(post);
      expect((await auditOf('report.resolved'))[0]!.data).toMatchObject({ postId: post, reportIds: [id] });
    });

    it('answers reports of rooms one does not moderate like missing ones (404)', async () => {
      const post = await newPost();
      await call('POST', `/posts/${post}/reports`, 'reporter', { reason: 'Spam' });
      const { id } = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('post_id', '=', post)
        .executeTakeFirstOrThrow();
      for (const who of ['chairB', 'reporter', 'member']) {
        expect((await call('POST', `/reports/${id}/dismiss`, who, {})).statusCode).toBe(404);
      }
      expect((await call('POST', `/reports/99999999/dismiss`, 'modA', {})).statusCode).toBe(404);
      const row = await t.database.db
        .selectFrom('reports')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('open');
    });
  });

  describe('bans', () => {
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

    it('bans a member from writing until a time: audited, told to the member, listed; lifting ends it', async () => {
      const response = await call('POST', `/rooms/${roomA}/bans`, 'modA', {
        memberId: reporterId,
        until: inDays(7),
        reason: 'Wiederholt beleidigend',
      });
      expect(response.statusCode).toBe(201);
      const ban = response.json();
      expect(ban).toMatchObject({
        member: { memberId: reporterId },
        reason: 'Wiederholt beleidigend',
        bannedBy: { memberId: moderatorAId },
        active: true,
        liftedAt: null,
      });
      expect(await activeBan(t.database.db, roomA, reporterId)).toMatchObject({ reason: 'Wiederholt beleidigend' });
      // Not in other rooms.
      expect(await activeBan(t.database.db, roomB, reporterId)).toBeUndefined();

      const [entry] = await auditOf('room.member_banned');
      expect(entry).toMatchObject({ subject_member_id: reporterId, unit_id: t.ids.ov });
      expect(entry!.data).toMatchObject({ roomId: roomA, banId: ban.id, reason: 'Wiederholt beleidigend' });
      expect((await liveEvents(t.database.db, `member:${reporterId}`)).at(-1)).toEqual({
        type: 'room.ban_changed',
        payload: { roomId: roomA },
      });

      const twice = await call('POST', `/rooms/${roomA}/bans`, 'modA', {
        memberId: reporterId,
        until: inDays(1),
        reason: 'x',
      });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('already_banned');

      const list = (await call('GET', `/rooms/${roomA}/bans`, 'modA')).json();
      expect(list.items[0]).toMatchObject({ id: ban.id, active: true });

      expect((await call('DELETE', `/rooms/${roomA}/bans/${ban.id}`, 'modA')).statusCode).toBe(204);
      expect(await activeBan(t.database.db, roomA, reporterId)).toBeUndefined();
      const lifted = (await call('GET', `/rooms/${roomA}/bans`, 'modA'))
        .json()
        .items.find((b: { id: number }) => b.id === ban.id);
      expect(lifted).toMatchObject({ active: false, liftedBy: { memberId: moderatorAId } });
      expect((await auditOf('room.ban_lifted'))[0]!.data).toMatchObject({ roomId: roomA, banId: ban.id });

      const again = await call('DELETE', `/rooms/${roomA}/bans/${ban.id}`, 'modA');
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('ban_not_active');
    });

    it('ends by itself when its time has come', async () => {
      const ban = (
        await call('POST', `/rooms/${roomA}/bans`, 'modA', {
          memberId: t.ids.member,
          until: inDays(2),
          reason: 'Pause',
        })
      ).json();
      expect(await activeBan(t.database.db, roomA, t.ids.member)).toBeDefined();
      await t.database.db
        .updateTable('room_bans')
        .set({ until: Date.now() - 1 })
        .where('id', '=', ban.id)
        .execute();
      expect(await activeBan(t.database.db, roomA, t.ids.member)).toBeUndefined();
      const listed = (await call('GET', `/rooms/${roomA}/bans`, 'modA'))
        .json()
        .items.find((b: { id: number }) => b.id === ban.id);
      expect(listed.active).toBe(false);
    });

    it('refuses to ban oneself, a member who cannot see the room, or one who moderates it', async () => {
      const until = inDays(1);
      const self = await call('POST', `/rooms/${roomA}/bans`, 'modA', { memberId: moderatorAId, until, reason: 'x' });
      expect(self.json().code).toBe('ban_self');
      const outside = await call('POST', `/rooms/${roomA}/bans`, 'modA', { memberId: memberBId, until, reason: 'x' });
      expect(outside.statusCode).toBe(422);
      expect(outside.json().code).toBe('ban_member_outside_room');
      const moderator = await call('POST', `/rooms/${roomA}/bans`, 'modA', {
        memberId: t.ids.admin,
        until,
        reason: 'x',
      });
      expect(moderator.statusCode).toBe(422);
      expect(moderator.json().code).toBe('ban_moderator');
    });

    it('refuses an end in the past or more than a year ahead, and bad input (422)', async () => {
      for (const until of [new Date(Date.now() - 60_000).toISOString(), inDays(400), 'morgen']) {
        const response = await call('POST', `/rooms/${roomA}/bans`, 'modA', {
          memberId: t.ids.member,
          until,
          reason: 'x',
        });
        expect(response.statusCode, until).toBe(422);
      }
      const noReason = await call('POST', `/rooms/${roomA}/bans`, 'modA', { memberId: t.ids.member, until: inDays(1) });
      expect(noReason.statusCode).toBe(422);
    });

    it('answers everyone but the room’s moderators 404', async () => {
      const until = inDays(1);
      for (const who of ['member', 'chairB', 'memberB']) {
        expect((await call('GET', `/rooms/${roomA}/bans`, who)).statusCode).toBe(404);
        expect(
          (await call('POST', `/rooms/${roomA}/bans`, who, { memberId: reporterId, until, reason: 'x' })).statusCode,
        ).toBe(404);
      }
      expect((await call('GET', `/rooms/99999999/bans`, 'modA')).statusCode).toBe(404);
      expect((await call('DELETE', `/rooms/${roomB}/bans/1`, 'modA')).statusCode).toBe(404);
      expect(await activeBan(t.database.db, roomA, reporterId)).toBeUndefined();
    });
  });

  describe('what members notice in the room', () => {
    const postsOf = async (who: string) =>
      (await call('GET', `/threads/${threadA}/posts`, who)).json().items as {
        id: number;
        body: string;
        hidden: { reason: string } | null;
      }[];

    it('shows members a hidden post as hidden without its content; moderators still read it', async () => {
      const post = await newPost('Was hier stand, sehen nur noch Moderierende');
      await call('PUT', `/posts/${post}/hidden`, 'modA', { reason: 'Beleidigend' });
      const asMember = (await postsOf('reporter')).find((p) => p.id === post)!;
      expect(asMember.hidden).not.toBeNull();
      expect(asMember.body).toBe('');
      const asModerator = (await postsOf('modA')).find((p) => p.id === post)!;
      expect(asModerator.body).toBe('Was hier stand, sehen nur noch Moderierende');
      expect(asModerator.hidden).toEqual({ reason: 'Beleidigend' });
      await call('DELETE', `/posts/${post}/hidden`, 'modA');
      expect((await postsOf('reporter')).find((p) => p.id === post)).toMatchObject({ hidden: null });
    });

    it('lets a banned member read but not write until the ban is lifted', async () => {
      const ban = (
        await call('POST', `/rooms/${roomA}/bans`, 'modA', {
          memberId: reporterId,
          until: new Date(Date.now() + 86_400_000).toISOString(),
          reason: 'Abkühlen',
        })
      ).json();
      expect((await call('GET', `/threads/${threadA}/posts`, 'reporter')).statusCode).toBe(200);
      const refused = await call('POST', `/threads/${threadA}/posts`, 'reporter', { body: 'Darf ich?' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('room_banned');
      await call('DELETE', `/rooms/${roomA}/bans/${ban.id}`, 'modA');
      expect((await call('POST', `/threads/${threadA}/posts`, 'reporter', { body: 'Jetzt wieder' })).statusCode).toBe(
        201,
      );
    });
  });
});
