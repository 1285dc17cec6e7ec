/**
 * One-time links sent by mail: registration, password reset, email change, invitations, data
 * downloads. The link carries a random token; the database keeps only its SHA-256, so a read of
 * the database yields no working link. A token works once and until it expires.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB, EmailTokenPurpose, EmailTokensTable } from '../db/schema.ts';
import { fromJson, nowMs, toJson } from '../db/database.ts';
import { hashToken } from '../accounts/sessions.ts';

export interface NewEmailToken {
  purpose: EmailTokenPurpose;
  ttlMs: number;
  memberId?: number | null;
  accountId?: number | null;
  email?: string | null;
  data?: Record<string, unknown>;
  createdBy?: number | null;
}

/** Stores a token and returns it (to be put in the link; it is not kept anywhere). */
export async function issueEmailToken(db: Kysely<DB>, token: NewEmailToken): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  const now = nowMs();
  await db
    .insertInto('email_tokens')
    .values({
      purpose: token.purpose,
      token_hash: hashToken(value),
      member_id: token.memberId ?? null,
      account_id: token.accountId ?? null,
      email: token.email ?? null,
      data: token.data ? toJson(token.data) : null,
      created_by: token.createdBy ?? null,
      created_at: now,
      expires_at: now + token.ttlMs,
    })
    .execute();
  return value;
}

export type EmailTokenRow = Omit<Selectable<EmailTokensTable>, 'data'> & { data: Record<string, unknown> | null };

/** The live, unused token of that purpose, or undefined (forged, used, expired, other purpose). */
export async function findEmailToken(
  db: Kysely<DB>,
  purpose: EmailTokenPurpose,
  value: string,
): Promise<EmailTokenRow | undefined> {
  const row = await db
    .selectFrom('email_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(value))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowMs())
    .executeTakeFirst();
  return row ? { ...row, data: row.data === null ? null : fromJson(row.data) } : undefined;
}

/**
 * Marks a token used; returns the token, or undefined when it was not live. Call inside the
 * transaction that acts on it: of two concurrent uses only one updates the row.
 */
export async function consumeEmailToken(
  db: Kysely<DB>,
  purpose: EmailTokenPurpose,
  value: string,
): Promise<EmailTokenRow | undefined> {
  const token = await findEmailToken(db, purpose, value);
  if (!token) return undefined;
  const result = await db
    .updateTable('email_tokens')
    .set({ used_at: nowMs() })
    .where('id', '=', token.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? token : undefined;
}

/** Ends every live token of a purpose for an account or member (e.g. all reset links after a reset). */
export async function revokeEmailTokens(
  db: Kysely<DB>,
  purpose: EmailTokenPurpose,
  owner: { accountId?: number; memberId?: number },
): Promise<void> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: nowMs() })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .$if(owner.accountId !== undefined, (q) => q.where('account_id', '=', owner.accountId!))
    .$if(owner.memberId !== undefined, (q) => q.where('member_id', '=', owner.memberId!))
    .execute();
}
