/**
 * Polls (Meinungsbilder) through the real API: single and multiple choice, changing and
 * withdrawing a vote, closing by hand and by time, results after voting or after closing, secret
 * polls that reveal no voter to anyone, and members of another Ortsverein who see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollInput, PollView } from '@rotes-netz/shared';
import { createPoll, fromJson, units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, generalRoom, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('polls on $dialect', (kind) => {
  let t: TestApp;
  let roomA: number;
  let author: string;
  let neighbour: string;
  let neighbourId: number;
  let moderator: string;
  let outsider: string;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const db = t.database.db;
    const { parent_id: kv } = await db
      .selectFrom('units')
      .select('parent_id')
      .where('id', '=', t.ids.ov)
      .executeTakeFirstOrThrow();
    const ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Berg', code: 'OVB', parentId: kv })).id;
    roomA = await generalRoom(db, t.ids.ov);
    await generalRoom(db, ovB);
    neighbourId = await addMember(t.database, { unitId: t.ids.ov, email: 'nachbar@example.org', number: '101' });
    await addMember(t.database, { unitId: ovB, email: 'berg@example.org', number: '300' });
    author = await signIn(t.app, 'mitglied@example.org');
    neighbour = await signIn(t.app, 'nachbar@example.org');
    moderator = await signIn(t.app, 'admin@example.org');
    outsider = await signIn(t.app, 'berg@example.org');
  });
  afterAll(() => t.close());

  /** A thread by the member with a poll, created the way thread creation does it. */
  async function poll(
    input: Partial<PollInput> = {},
  ): Promise<{ pollId: number; threadId: number; options: number[] }> {
    const db = t.database.db;
    const now = Date.now();
    const thread = await db
      .insertInto('threads')
      .values({
        room_id: roomA,
        title: 'Meinungsbild',
        author_id: t.ids.member,
        created_at: now,
        updated_at: now,
        last_post_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pollId = await db.transaction().execute((trx) =>
      createPoll(trx, thread.id, {
        question: 'Welche Plakate?',
        options: ['Rot', 'Weiß', 'Beides'],
        multiple: false,
        secret: false,
        resultsVisibility: 'after_vote',
        ...input,
      }),
    );
    const options = await db
      .selectFrom('poll_options')
      .select('id')
      .where('poll_id', '=', pollId)
      .orderBy('position')
      .execute();
    return { pollId, threadId: thread.id, options: options.map((o) => o.id) };
  }

  const view = async (cookie: string, pollId: number) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/polls/${pollId}`, headers: { cookie } });
    return { status: res.statusCode, body: res.json() as PollView & { code?: string } };
  };
  const vote = async (cookie: string, pollId: number, optionIds: number[]) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/polls/${pollId}/votes`,
      headers: { cookie },
      payload: { optionIds },
    });
    return { status: res.statusCode, body: res.json() as PollView & { code?: string } };
  };
  const withdraw = async (cookie: string, pollId: number) => {
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/polls/${pollId}/votes`, headers: { cookie } });
    return { status: res.statusCode, body: res.json() as PollView & { code?: string } };
  };
  const close = async (cookie: string, pollId: number) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/polls/${pollId}/close`, headers: { cookie } });
    return { status: res.statusCode, body: res.json() as PollView & { code?: string } };
  };
  const votesOf = (p: PollView) => p.options.map((o) => o.votes);

  describe('creating', () => {
    it('refuses blank or repeated options and a closing time in the past', async () => {
      const db = t.database.db;
      const now = Date.now();
      const thread = await db
        .insertInto('threads')
        .values({
          room_id: roomA,
          title: 'x',
          author_id: t.ids.member,
          created_at: now,
          updated_at: now,
          last_post_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const base: PollInput = {
        question: 'Frage?',
        options: ['Ja', 'Nein'],
        multiple: false,
        secret: false,
        resultsVisibility: 'after_vote',
      };
      const cases: [PollInput, string][] = [
        [{ ...base, options: ['Ja', '  '] }, '/poll/options/1'],
        [{ ...base, options: ['Ja', 'ja '] }, '/poll/options/1'],
        [{ ...base, question: '   ' }, '/poll/question'],
        [{ ...base, closesAt: new Date(now - 60_000).toISOString() }, '/poll/closesAt'],
      ];
      for (const [input, path] of cases) {
        await expect(db.transaction().execute((trx) => createPoll(trx, thread.id, input))).rejects.toMatchObject({
          code: 'validation_failed',
          fieldErrors: [expect.objectContaining({ path })],
        });
      }
      const count = await db
        .selectFrom('polls')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('thread_id', '=', thread.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });
  });

  describe('voting', () => {
    it('takes exactly one option for single choice, and lets the voter change it', async () => {
      const { pollId, options } = await poll();
      for (const wrong of [[options[0]!, options[1]!], [999_999]]) {
        const res = await vote(author, pollId, wrong);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('poll_vote_invalid');
      }
      expect((await vote(author, pollId, [])).body.code).toBe('validation_failed');

      const first = await vote(author, pollId, [options[0]!]);
      expect(first.status).toBe(200);
      expect(first.body.myVote).toEqual([options[0]]);
      expect(votesOf(first.body)).toEqual([1, 0, 0]);

      const changed = await vote(author, pollId, [options[2]!]);
      expect(changed.body.myVote).toEqual([options[2]]);
      expect(votesOf(changed.body)).toEqual([0, 0, 1]);
      expect(changed.body.totalVoters).toBe(1);
    });

    it('takes one or more options for multiple choice, counting voters once', async () => {
      const { pollId, options } = await poll({ multiple: true });
      const res = await vote(author, pollId, [options[0]!, options[2]!]);
      expect(res.status).toBe(200);
      expect(res.body.myVote).toEqual([options[0], options[2]]);
      await vote(neighbour, pollId, [options[2]!]);
      const seen = (await view(author, pollId)).body;
      expect(votesOf(seen)).toEqual([1, 0, 2]);
      expect(seen.totalVoters).toBe(2);
    });

    it('refuses an option of another poll', async () => {
      const { pollId } = await poll();
      const other = await poll();
      const res = await vote(author, pollId, [other.options[0]!]);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('poll_vote_invalid');
    });

    it('lets a voter withdraw their vote', async () => {
      const { pollId, options } = await poll();
      await vote(author, pollId, [options[1]!]);
      const res = await withdraw(author, pollId);
      expect(res.status).toBe(200);
      expect(res.body.myVote).toEqual([]);
      // Results after voting: without a vote, hidden again.
      expect(res.body.totalVoters).toBeNull();
      expect((await view(neighbour, pollId)).body.totalVoters).toBeNull();
    });

    it('records a live event for the room carrying ids only', async () => {
      const { pollId, threadId, options } = await poll();
      await vote(neighbour, pollId, [options[0]!]);
      const events = await t.database.db
        .selectFrom('live_events')
        .selectAll()
        .where('type', '=', 'poll.voted')
        .orderBy('id', 'desc')
        .limit(1)
        .execute();
      expect(events[0]!.scope).toBe(`room:${roomA}`);
      expect(fromJson(events[0]!.payload)).toEqual({ roomId: roomA, threadId, pollId });
    });

    it('refuses a member banned from the room', async () => {
      const { pollId, options } = await poll();
      const now = Date.now();
      await t.database.db
        .insertInto('room_bans')
        .values({ room_id: roomA, member_id: neighbourId, reason: 'Test', until: now + 60_000, created_at: now })
        .execute();
      const res = await vote(neighbour, pollId, [options[0]!]);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('room_banned');
      await t.database.db.deleteFrom('room_bans').where('member_id', '=', neighbourId).execute();
      expect((await view(neighbour, pollId)).body.myVote).toEqual([]);
    });
  });

  describe('results', () => {
    it('after voting: voters see the counts, others only once the poll is closed', async () => {
      const { pollId, options } = await poll();
      const before = (await view(neighbour, pollId)).body;
      expect(before.totalVoters).toBeNull();
      expect(votesOf(before)).toEqual([null, null, null]);

      await vote(author, pollId, [options[1]!]);
      expect(votesOf((await view(author, pollId)).body)).toEqual([0, 1, 0]);
      expect(votesOf((await view(neighbour, pollId)).body)).toEqual([null, null, null]);

      await close(author, pollId);
      const after = (await view(neighbour, pollId)).body;
      expect(after.closed).toBe(true);
      expect(votesOf(after)).toEqual([0, 1, 0]);
    });

    it('after closing: not even voters see counts before', async () => {
      const { pollId, options } = await poll({ resultsVisibility: 'after_close' });
      const voted = await vote(author, pollId, [options[0]!]);
      expect(voted.body.myVote).toEqual([options[0]]);
      expect(voted.body.totalVoters).toBeNull();
      expect(votesOf((await view(moderator, pollId)).body)).toEqual([null, null, null]);
      await close(moderator, pollId);
      expect(votesOf((await view(author, pollId)).body)).toEqual([1, 0, 0]);
    });

    it('open polls show moderators who voted for what; members never', async () => {
      const { pollId, options } = await poll();
      await vote(author, pollId, [options[0]!]);
      await vote(neighbour, pollId, [options[1]!]);
      await vote(moderator, pollId, [options[1]!]);
      const seen = (await view(moderator, pollId)).body;
      expect(seen.options[0]!.voters).toEqual([{ memberId: t.ids.member, displayName: 'Erika mitglied' }]);
      expect(seen.options[1]!.voters!.map((v) => v.memberId).sort()).toEqual([t.ids.admin, neighbourId].sort());
      expect(seen.options[2]!.voters).toEqual([]);
      const member = (await view(neighbour, pollId)).body;
      expect(member.options.every((o) => o.voters === undefined)).toBe(true);
    });

    it('secret polls show nobody, not even moderators, who voted for what', async () => {
      const { pollId, options } = await poll({ secret: true });
      await vote(author, pollId, [options[0]!]);
      await vote(neighbour, pollId, [options[1]!]);
      await vote(moderator, pollId, [options[1]!]);
      await close(moderator, pollId);
      for (const cookie of [moderator, author, neighbour]) {
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/polls/${pollId}`, headers: { cookie } });
        const body = res.json() as PollView;
        expect(body.secret).toBe(true);
        expect(votesOf(body)).toEqual([1, 2, 0]);
        expect(body.options.every((o) => o.voters === undefined)).toBe(true);
        expect(res.body).not.toContain('mitglied');
        expect(res.body).not.toContain('nachbar');
      }
    });
  });

  describe('closing', () => {
    it('is for the thread’s author and moderators; others get 404', async () => {
      const { pollId, options } = await poll();
      const refused = await close(neighbour, pollId);
      expect(refused.status).toBe(404);
      expect((await view(neighbour, pollId)).body.closed).toBe(false);

      const closed = await close(author, pollId);
      expect(closed.status).toBe(200);
      expect(closed.body.closed).toBe(true);
      // Closing again changes nothing.
      expect((await close(moderator, pollId)).body.closed).toBe(true);

      for (const attempt of [() => vote(neighbour, pollId, [options[0]!]), () => withdraw(author, pollId)]) {
        const res = await attempt();
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('poll_closed');
      }
    });

    it('honours the closing time', async () => {
      const { pollId, options } = await poll({ closesAt: new Date(Date.now() + 60 * 60_000).toISOString() });
      await vote(author, pollId, [options[0]!]);
      const open = (await view(neighbour, pollId)).body;
      expect(open.closed).toBe(false);
      expect(open.closesAt).not.toBeNull();

      await t.database.db
        .updateTable('polls')
        .set({ closes_at: Date.now() - 1000 })
        .where('id', '=', pollId)
        .execute();
      const passed = (await view(neighbour, pollId)).body;
      expect(passed.closed).toBe(true);
      expect(votesOf(passed)).toEqual([1, 0, 0]);
      const late = await vote(neighbour, pollId, [options[1]!]);
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('poll_closed');
    });
  });

  describe('another Ortsverein', () => {
    it('gets 404 for everything of a poll it cannot see', async () => {
      const { pollId, options } = await poll();
      for (const res of [
        await view(outsider, pollId),
        await vote(outsider, pollId, [options[0]!]),
        await withdraw(outsider, pollId),
        await close(outsider, pollId),
        await view(outsider, 999_999),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
      }
      expect((await view(author, pollId)).body.totalVoters).toBeNull();
    });

    it('needs a session', async () => {
      const { pollId } = await poll();
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/polls/${pollId}` })).statusCode).toBe(401);
    });
  });
});
