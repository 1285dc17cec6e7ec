/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on Kysely<any> by design */
/** Events: trainings, video conferences, registrations, meeting data, questions, calendar feeds. */
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
