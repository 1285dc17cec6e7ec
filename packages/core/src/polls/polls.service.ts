/**
 * Polls (Meinungsbilder) of threads. (Stub; the polls module owns and completes this file.)
 */
import type { Kysely } from 'kysely';
import type { PollInput, PollView } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';

/** Creates the poll of a new thread, inside the thread's transaction. */
export async function createPoll(_trx: Kysely<DB>, _threadId: number, _input: PollInput): Promise<void> {}

/** The thread's poll as the viewer may see it, or null. */
export async function pollOfThread(
  _db: Kysely<DB>,
  _viewer: { memberId: number; moderates: boolean },
  _threadId: number,
): Promise<PollView | null> {
  return null;
}
