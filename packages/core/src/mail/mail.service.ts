/**
 * Mail leaves through the job queue. `queueMail` stores the message and a `mail.send` job in the
 * caller's transaction; the job sends it once. The row's status makes the send idempotent: a job
 * run again after a crash finds the mail already sent and does nothing.
 *
 * Kept mail is no mailbox: the sent-mail page shows every mail's metadata but only the bodies of
 * harmless kinds (`SECRET_MAIL_KINDS` carry links, codes or meeting data for the recipient alone).
 * The hourly `mail.prune` job erases a secret body once the mail is sent (or failed), or when it
 * was only kept and its links have expired; every mail goes after `MAIL_RETENTION_DAYS`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { SECRET_MAIL_KINDS, type Locale, type MailKind, type SentMail } from '@rotes-netz/shared';
import type { DB, MailsTable } from '../db/schema.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { enqueueJob, type EnqueueOptions } from '../jobs/jobs.queue.ts';
import type { JobHandler } from '../jobs/jobs.worker.ts';
import type { RenderedMail } from './mail.layout.ts';
import type { MailTransport } from './mail.transport.ts';

export const SEND_MAIL_JOB = 'mail.send';

export const PRUNE_MAILS_JOB = 'mail.prune';

/** How long a kept secret mail's body outlives its creation: the longest link lifetime (an invitation's). */
export const SECRET_BODY_MAX_AGE_MS = 14 * 24 * 60 * 60_000;

export interface OutgoingMail extends RenderedMail {
  to: string;
  locale: Locale;
  kind: MailKind;
}

const isSecret = (kind: MailKind): boolean => SECRET_MAIL_KINDS.has(kind);

/** Stores a mail and the job that sends it. Call inside the transaction of the causing change. */
export async function queueMail(
  db: Kysely<DB>,
  mail: OutgoingMail,
  options: Pick<EnqueueOptions, 'runAt' | 'idempotencyKey'> & { messageDomain: string },
): Promise<number> {
  const { id } = await db
    .insertInto('mails')
    .values({
      to_address: mail.to,
      subject: mail.subject,
      kind: mail.kind,
      text_body: mail.text,
      html_body: mail.html,
      locale: mail.locale,
      status: 'queued',
      message_id: `<${randomUUID()}@${options.messageDomain}>`,
      created_at: nowMs(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(db, SEND_MAIL_JOB, { mailId: id }, { ...options, maxAttempts: 10 });
  return id;
}

/** The job handler that sends one stored mail, at most once. */
export function sendMailHandler(db: Kysely<DB>, transport: MailTransport): JobHandler {
  return async (payload, { lastAttempt, complete }) => {
    const { mailId } = payload as { mailId: number };
    const mail = await db.selectFrom('mails').selectAll().where('id', '=', mailId).executeTakeFirst();
    if (!mail || mail.status !== 'queued') return;
    // The mail's new status and the job's completion commit together.
    const record = (status: 'sent' | 'kept') =>
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable('mails')
          .set({ status, sent_at: nowMs(), error: null })
          .where('id', '=', mailId)
          .where('status', '=', 'queued')
          .execute();
        await complete(trx);
      });
    if (!transport.delivers) {
      await record('kept');
      return;
    }
    try {
      await transport.send({
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body,
        messageId: mail.message_id,
        locale: mail.locale,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('mails')
        .set({ error: message.slice(0, 1000), ...(lastAttempt ? { status: 'failed' as const } : {}) })
        .where('id', '=', mailId)
        .execute();
      throw error;
    }
    await record('sent');
  };
}

/** A mail as `viewer` may see it: the body only of harmless kinds, or of mail to the viewer. */
function presentMail(row: Selectable<MailsTable>, viewerEmail: string): SentMail {
  const shown = (!isSecret(row.kind) || row.to_address === viewerEmail) && row.text_body !== '';
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    kind: row.kind,
    text: shown ? row.text_body : null,
    html: shown ? row.html_body : null,
    locale: row.locale,
    status: row.status,
    createdAt: isoFromMs(row.created_at),
    sentAt: isoFromMs(row.sent_at),
  };
}

/** Mails, newest first, in pages keyed by id, as `viewerEmail`'s owner may see them. */
export async function listMails(
  db: Kysely<DB>,
  page: { cursor?: number | undefined; limit: number },
  viewerEmail: string,
): Promise<{ items: SentMail[]; nextCursor: string | null }> {
  const rows = await db
    .selectFrom('mails')
    .selectAll()
    .$if(page.cursor !== undefined, (q) => q.where('id', '<', page.cursor!))
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((row) => presentMail(row, viewerEmail));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? String(last.id) : null };
}

/**
 * The retention: erases the bodies of secret mails that were sent, failed or kept longer than
 * their links live, and deletes every finished mail older than `retentionMs`. Mail still queued
 * is left alone (the sender needs it).
 */
export async function pruneMails(
  db: Kysely<DB>,
  retentionMs: number,
  now = nowMs(),
): Promise<{ erased: number; deleted: number }> {
  const deleted = await db
    .deleteFrom('mails')
    .where('status', '!=', 'queued')
    .where('created_at', '<', now - retentionMs)
    .executeTakeFirst();
  const erased = await db
    .updateTable('mails')
    .set({ text_body: '', html_body: '' })
    .where('kind', 'in', [...SECRET_MAIL_KINDS])
    .where('text_body', '!=', '')
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['sent', 'failed']),
        eb.and([eb('status', '=', 'kept'), eb('created_at', '<', now - SECRET_BODY_MAX_AGE_MS)]),
      ]),
    )
    .executeTakeFirst();
  return { erased: Number(erased.numUpdatedRows), deleted: Number(deleted.numDeletedRows) };
}

/** Schedules this hour's prune (once per hour, whichever node asks first). */
export async function schedulePruneMails(db: Kysely<DB>, now = nowMs()): Promise<void> {
  const hour = Math.floor(now / (60 * 60_000));
  await enqueueJob(db, PRUNE_MAILS_JOB, {}, { idempotencyKey: `${PRUNE_MAILS_JOB}:${hour}` });
}

/** The worker's handler for {@link PRUNE_MAILS_JOB}. */
export function pruneMailsHandler(db: Kysely<DB>, retentionMs: number): JobHandler {
  return async () => {
    await pruneMails(db, retentionMs);
  };
}
