import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backoffMs, claimJobs, enqueueJob, JobWorker, type Database, type JobHandler } from '../src/index.ts';
import { databaseKinds } from './support/databases.ts';

describe.each(databaseKinds())('job queue on $dialect', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(() => database.close());

  const jobsOf = (kindName: string) =>
    database.db.selectFrom('jobs').selectAll().where('kind', '=', kindName).orderBy('id').execute();

  /** Makes a job waiting for its next attempt due now. */
  const dueNow = (jobId: number) =>
    database.db
      .updateTable('jobs')
      .set({ run_at: Date.now() - 1 })
      .where('id', '=', jobId)
      .execute();

  function worker(handlers: Record<string, JobHandler>, id?: string) {
    return new JobWorker({ db: database.db, dialect: database.dialect, handlers, ...(id ? { workerId: id } : {}) });
  }

  it('keeps a job only when the transaction that enqueued it commits', async () => {
    await database.db.transaction().execute((trx) => enqueueJob(trx, 'tx.commit', { n: 1 }));
    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, 'tx.rollback', { n: 1 });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await jobsOf('tx.commit')).toHaveLength(1);
    expect(await jobsOf('tx.rollback')).toHaveLength(0);
  });

  it('ignores a second job with the same idempotency key', async () => {
    expect(await enqueueJob(database.db, 'idem', {}, { idempotencyKey: 'k-1' })).toBeTypeOf('number');
    expect(await enqueueJob(database.db, 'idem', {}, { idempotencyKey: 'k-1' })).toBeNull();
    expect(await jobsOf('idem')).toHaveLength(1);
  });

  it('runs a scheduled job only once its time has come', async () => {
    const runs: number[] = [];
    await enqueueJob(database.db, 'later', { at: 'future' }, { runAt: Date.now() + 60_000 });
    await enqueueJob(database.db, 'later', { at: 'now' });
    await worker({ later: async () => void runs.push(1) }).drain();
    expect(runs).toHaveLength(1);
    expect((await jobsOf('later')).map((j) => j.status)).toEqual(['pending', 'done']);
  });

  it('retries a failing job with growing delays and ends it as failed, with the error kept', async () => {
    await enqueueJob(database.db, 'flaky', {}, { maxAttempts: 3 });
    let calls = 0;
    const w = worker({
      flaky: async () => {
        calls++;
        throw new Error('smtp down');
      },
    });
    await w.drain();
    let [job] = await jobsOf('flaky');
    expect(job).toMatchObject({ status: 'pending', attempts: 1, last_error: 'smtp down' });
    expect(job!.run_at).toBeGreaterThan(Date.now() + backoffMs(1) - 1000);

    for (let attempt = 2; attempt <= 3; attempt++) {
      await dueNow(job!.id);
      await w.drain();
    }
    [job] = await jobsOf('flaky');
    expect(calls).toBe(3);
    expect(job).toMatchObject({ status: 'failed', attempts: 3, last_error: 'smtp down' });
    expect(job!.finished_at).not.toBeNull();
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
  });

  it("completes a job in the handler's own transaction, together with its effect or not at all", async () => {
    await database.db.schema.createTable('job_effects').ifNotExists().addColumn('note', 'text').execute();
    const effects = async () => (await sql`select note from job_effects`.execute(database.db)).rows;
    let failNext = true;
    const w = worker({
      together: async (_payload, { complete }) => {
        await database.db.transaction().execute(async (trx) => {
          await sql`insert into job_effects (note) values ('effect')`.execute(trx);
          await complete(trx);
          if (failNext) throw new Error('the commit failed');
        });
      },
    });
    await enqueueJob(database.db, 'together', {});
    await w.drain();
    // Rolled back: neither the effect nor the completion, and the job is up for another attempt.
    let [job] = await jobsOf('together');
    expect(job).toMatchObject({ status: 'pending', attempts: 1, last_error: 'the commit failed' });
    expect(await effects()).toHaveLength(0);

    failNext = false;
    await dueNow(job!.id);
    await w.drain();
    [job] = await jobsOf('together');
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    expect(job!.finished_at).not.toBeNull();
    expect(await effects()).toHaveLength(1);
  });

  it('fails a job of a kind nobody handles visibly instead of dropping it', async () => {
    await enqueueJob(database.db, 'unknown.kind', {}, { maxAttempts: 1 });
    await worker({}).drain();
    expect((await jobsOf('unknown.kind'))[0]).toMatchObject({
      status: 'failed',
      last_error: 'no handler for job kind "unknown.kind"',
    });
  });

  it('gives a job whose worker died to another worker once the lease has run out', async () => {
    await database.db.deleteFrom('jobs').execute();
    await enqueueJob(database.db, 'orphan', {});
    const [claimed] = await claimJobs(database.db, database.dialect, { workerId: 'dead', limit: 10, leaseMs: 60_000 });
    expect(claimed?.kind).toBe('orphan');
    expect(await claimJobs(database.db, database.dialect, { workerId: 'other', limit: 10, leaseMs: 60_000 })).toEqual(
      [],
    );
    const later = Date.now() + 61_000;
    const [reclaimed] = await claimJobs(database.db, database.dialect, {
      workerId: 'other',
      limit: 10,
      leaseMs: 60_000,
      now: later,
    });
    expect(reclaimed).toMatchObject({ id: claimed!.id, locked_by: 'other', attempts: 2 });
  });

  it('never runs a job twice when several workers claim at once', async () => {
    const total = 200;
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < total; i++) await enqueueJob(trx, 'race', { i });
    });
    const seen = new Map<number, number>();
    const handler: JobHandler = async (payload) => {
      const { i } = payload as { i: number };
      seen.set(i, (seen.get(i) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
    };
    const workers = [1, 2, 3, 4].map((n) => worker({ race: handler }, `w${n}`));
    await Promise.all(workers.map((w) => w.drain()));
    expect(seen.size).toBe(total);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const statuses = new Set((await jobsOf('race')).map((j) => j.status));
    expect([...statuses]).toEqual(['done']);
  });
});
