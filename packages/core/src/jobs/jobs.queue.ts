/**
 * A job queue stored in the database. Jobs are enqueued inside the caller's transaction, so they
 * exist exactly when the change that caused them committed. Workers claim due jobs with
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one writer, which serialises claims); a
 * claim holds a lease, and a job whose worker died is claimed again once the lease runs out.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, JobsTable } from '../db/schema.ts';
import { fromJson, nowMs, toJson, type Dialect } from '../db/database.ts';

export type JobRow = Selectable<JobsTable>;

export interface EnqueueOptions {
  /** Earliest time to run, epoch ms; default now. */
  runAt?: number;
  maxAttempts?: number;
  /** A second enqueue with the same key is ignored. */
  idempotencyKey?: string;
}

/**
 * Adds a job. Returns its id, or null when a job with the same idempotency key already exists.
 * Pass the transaction of the change that causes the job.
 */
export async function enqueueJob(
  db: Kysely<DB>,
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<number | null> {
  const now = nowMs();
  const row = await db
    .insertInto('jobs')
    .values({
      kind,
      payload: toJson(payload),
      status: 'pending',
      run_at: options.runAt ?? now,
      attempts: 0,
      max_attempts: options.maxAttempts ?? 8,
      idempotency_key: options.idempotencyKey ?? null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ClaimOptions {
  workerId: string;
  limit: number;
  /** How long the claim holds before another worker may take the job. */
  leaseMs: number;
  now?: number;
}

/** Claims up to `limit` due jobs for one worker. */
export async function claimJobs(db: Kysely<DB>, dialect: Dialect, options: ClaimOptions): Promise<JobRow[]> {
  const now = options.now ?? nowMs();
  return db.transaction().execute(async (trx) => {
    const due = trx
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('id')
      .limit(options.limit)
      .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked());
    return trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: options.workerId,
        locked_until: now + options.leaseMs,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
  });
}

/** Marks a claimed job done. Returns false when the claim was lost to another worker. */
export async function completeJob(db: Kysely<DB>, job: JobRow, workerId: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: nowMs(), locked_by: null, locked_until: null })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Delay before attempt n+1: 2 s, 4 s, 8 s … up to an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** Records a failure: the job runs again later, or ends as `failed` after its last attempt. */
export async function failJob(
  db: Kysely<DB>,
  job: JobRow,
  workerId: string,
  error: string,
): Promise<'retry' | 'failed'> {
  const now = nowMs();
  const final = job.attempts >= job.max_attempts;
  await db
    .updateTable('jobs')
    .set({
      status: final ? 'failed' : 'pending',
      run_at: final ? job.run_at : now + backoffMs(job.attempts),
      finished_at: final ? now : null,
      locked_by: null,
      locked_until: null,
      last_error: error.slice(0, 2000),
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
  return final ? 'failed' : 'retry';
}

export function jobPayload<T>(job: JobRow): T {
  return fromJson<T>(job.payload);
}

/** Counts of jobs by status, for health pages and metrics. */
export async function countJobsByStatus(db: Kysely<DB>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', db.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export interface QueueFigures {
  kind: string;
  /** Pending jobs whose time has come. */
  due: number;
  /** Pending jobs scheduled for later. */
  scheduled: number;
  /** How long the oldest due job has waited (0 when none is due). */
  oldestDueAgeMs: number;
  /** Jobs that gave up. */
  failed: number;
}

/** The queue by kind, for metrics: one read over the pending and failed jobs (status index). */
export async function queueFigures(db: Kysely<DB>, now: number): Promise<QueueFigures[]> {
  const rows = await db
    .selectFrom('jobs')
    .where('status', 'in', ['pending', 'failed'])
    .select((eb) => {
      const due = eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]);
      const later = eb.and([eb('status', '=', 'pending'), eb('run_at', '>', now)]);
      return [
        'kind',
        eb.fn.sum<number>(eb.case().when(due).then(1).else(0).end()).as('due'),
        eb.fn.sum<number>(eb.case().when(later).then(1).else(0).end()).as('scheduled'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'failed').then(1).else(0).end()).as('failed'),
        eb.fn.min<number | null>(eb.case().when(due).then(eb.ref('run_at')).end()).as('oldest'),
      ];
    })
    .groupBy('kind')
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    due: Number(r.due),
    scheduled: Number(r.scheduled),
    failed: Number(r.failed),
    oldestDueAgeMs: r.oldest === null ? 0 : Math.max(0, now - Number(r.oldest)),
  }));
}
