/**
 * Runs due jobs. One worker per process polls the queue (and is nudged when this process enqueues),
 * runs each claimed job's handler, and records the outcome. A handler must be safe to run again:
 * a worker killed after the handler's effect but before `completeJob` leaves the job to be claimed
 * once more when its lease expires.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import { claimJobs, completeJob, failJob, jobPayload, type JobRow } from './jobs.queue.ts';

export interface JobContext {
  job: JobRow;
  /** Whether a failure of this attempt ends the job as failed. */
  lastAttempt: boolean;
  /**
   * Records the job as done inside the handler's own last transaction, so its effect and the
   * completion commit together (one commit instead of two). A handler that does not call it is
   * completed by the worker after it returns; one whose transaction rolls back must throw.
   */
  complete(trx: Kysely<DB>): Promise<void>;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export interface WorkerLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  db: Kysely<DB>;
  dialect: Dialect;
  handlers: Record<string, JobHandler>;
  logger?: WorkerLogger;
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  workerId?: string;
}

export class JobWorker {
  readonly id: string;
  readonly #options: Required<Omit<WorkerOptions, 'logger' | 'workerId'>> & { logger?: WorkerLogger };
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #again = false;

  constructor(options: WorkerOptions) {
    this.id = options.workerId ?? `worker-${randomUUID()}`;
    this.#options = { pollMs: 1000, batchSize: 20, leaseMs: 5 * 60_000, ...options };
  }

  start(): void {
    this.#stopped = false;
    this.nudge();
  }

  /** Asks the worker to look for due jobs now instead of at the next poll. */
  nudge(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
      if (this.#stopped) return;
      if (this.#again) {
        this.#again = false;
        this.nudge();
      } else {
        this.#timer = setTimeout(() => this.nudge(), this.#options.pollMs);
      }
    });
  }

  /** Stops polling and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Claims and runs due jobs until none is due; returns how many ran. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const ran = await this.runBatch();
      total += ran;
      if (ran === 0) return total;
    }
  }

  /** Claims one batch of due jobs and runs them one after another. */
  async runBatch(): Promise<number> {
    const { db, dialect, batchSize, leaseMs } = this.#options;
    const jobs = await claimJobs(db, dialect, { workerId: this.id, limit: batchSize, leaseMs });
    for (const job of jobs) await this.#run(job);
    return jobs.length;
  }

  async #loop(): Promise<void> {
    try {
      while (!this.#stopped && (await this.runBatch()) > 0);
    } catch (error) {
      this.#options.logger?.error({ err: error }, 'job queue poll failed');
    }
  }

  async #run(job: JobRow): Promise<void> {
    const { db, handlers, logger } = this.#options;
    const handler = handlers[job.kind];
    let completed = false;
    const complete = async (trx: Kysely<DB>) => {
      await completeJob(trx, job, this.id);
      completed = true;
    };
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(jobPayload(job), { job, lastAttempt: job.attempts >= job.max_attempts, complete });
      if (!completed) await completeJob(db, job, this.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await failJob(db, job, this.id, message);
      logger?.error({ jobId: job.id, kind: job.kind, attempts: job.attempts, outcome, error: message }, 'job failed');
    }
  }
}
