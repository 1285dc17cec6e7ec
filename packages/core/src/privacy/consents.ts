/** Consents a member gave (privacy notice, later newsletters), with version and time. */
import type { Kysely } from 'kysely';
import type { ConsentList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isoFromMs, nowMs } from '../db/database.ts';

/** The version of the privacy notice members agree to at registration. */
export const PRIVACY_NOTICE_VERSION = '2026-11';

/** Records that an account gave a consent (e.g. `privacy_notice`) in a version, now. */
export async function recordConsent(db: Kysely<DB>, accountId: number, kind: string, version: string): Promise<void> {
  await db.insertInto('consents').values({ account_id: accountId, kind, version, given_at: nowMs() }).execute();
}

/** Every consent of an account, oldest first. */
export async function listConsents(db: Kysely<DB>, accountId: number): Promise<ConsentList> {
  const rows = await db.selectFrom('consents').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
  return {
    items: rows.map((r) => ({
      kind: r.kind,
      version: r.version,
      givenAt: isoFromMs(r.given_at),
      withdrawnAt: isoFromMs(r.withdrawn_at),
    })),
  };
}
