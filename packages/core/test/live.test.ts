import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canSubscribe,
  inTransaction,
  liveEventsSince,
  MEMBERS_CHANGED,
  pruneLiveEvents,
  recordLiveEvent,
  recordMembersChanged,
  registerScopeAuthorizer,
  setLivePublisher,
  type Actor,
  type Database,
  type LiveEvent,
} from '../src/index.ts';
import { databaseKinds } from './support/databases.ts';

const actor = { memberId: 7, accountId: 7, units: [], roles: [] } as unknown as Actor;

describe.each(databaseKinds())('the live log on $dialect', (kind) => {
  let database: Database;
  let published: LiveEvent[][];

  beforeEach(async () => {
    database = await kind.open();
    published = [];
    setLivePublisher(database.db, (events) => published.push(events));
  });
  afterEach(async () => {
    setLivePublisher(database.db, undefined);
    await database.close();
  });

  it('publishes the events of a transaction once, after it committed, and nothing of one that rolled back', async () => {
    await inTransaction(database.db, async (trx) => {
      await recordLiveEvent(trx, 'room:1', 'post.created', { postId: 1 });
      await recordLiveEvent(trx, 'room:1', 'reaction.changed', { postId: 1 });
      // Not yet: the transaction is still open.
      expect(published).toEqual([]);
    });
    expect(published.map((batch) => batch.map((e) => e.type))).toEqual([['post.created', 'reaction.changed']]);

    await expect(
      inTransaction(database.db, async (trx) => {
        await recordLiveEvent(trx, 'room:1', 'post.created', { postId: 2 });
        throw new Error('the write fails');
      }),
    ).rejects.toThrow('the write fails');
    expect(published).toHaveLength(1);
    const stored = await liveEventsSince(database.db, ['room:1'], 0, 10);
    expect(stored.map((e) => e.payload)).toEqual([{ postId: 1 }, { postId: 1 }]);
  });

  it('replays by scope and prunes by age', async () => {
    const first = await recordLiveEvent(database.db, 'room:1', 'post.created', { postId: 1 });
    await recordLiveEvent(database.db, 'room:2', 'post.created', { postId: 2 });
    const third = await recordLiveEvent(database.db, 'member:7', 'read.updated', { threadId: 1 });
    expect((await liveEventsSince(database.db, ['room:1', 'member:7'], 0, 10)).map((e) => e.id)).toEqual([
      first.id,
      third.id,
    ]);
    expect((await liveEventsSince(database.db, ['room:1', 'member:7'], first.id, 10)).map((e) => e.id)).toEqual([
      third.id,
    ]);
    expect(await pruneLiveEvents(database.db, Date.now() + 1, 2)).toBe(3);
    expect(await liveEventsSince(database.db, ['room:1', 'room:2', 'member:7'], 0, 10)).toEqual([]);
  });

  it('splits a large members.changed into several small system events', async () => {
    await inTransaction(database.db, (trx) =>
      recordMembersChanged(
        trx,
        Array.from({ length: 2500 }, (_, i) => i + 1),
      ),
    );
    const events = published.flat();
    expect(events.map((e) => [e.scope, e.type])).toEqual([
      ['system', MEMBERS_CHANGED],
      ['system', MEMBERS_CHANGED],
      ['system', MEMBERS_CHANGED],
    ]);
    expect(events.flatMap((e) => (e.payload as { memberIds: number[] }).memberIds)).toHaveLength(2500);
  });
});

describe('explicit live scopes', () => {
  it('are granted only by the authorizer of their prefix; unknown and malformed scopes never', async () => {
    registerScopeAuthorizer('probe', async (_db, who, id) => who.memberId === 7 && id === 1);
    const db = undefined as never;
    expect(await canSubscribe(db, actor, 'probe:1')).toBe(true);
    expect(await canSubscribe(db, actor, 'probe:2')).toBe(false);
    for (const scope of ['nobody:1', 'probe:', 'probe:1 ', 'probe:-1', 'probe:0', 'room:1', 'member:7', 'system']) {
      expect(await canSubscribe(db, actor, scope)).toBe(false);
    }
    expect(() => registerScopeAuthorizer('room', async () => true)).toThrow();
    expect(() => registerScopeAuthorizer('member', async () => true)).toThrow();
  });
});
