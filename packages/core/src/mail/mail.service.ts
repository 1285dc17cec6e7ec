/**
 * Mail leaves through the job queue. `queueMail` stores the message and a `mail.send` job in the
 * caller's transaction; the job sends it once. The row's status makes the send idempotent: a job
 * run again after a crash finds the mail already sent and does nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Locale, SentMail } from '@rotes-netz/shared';
import type { DB, MailsTable } from '../db/schema.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import { enqueueJob, type EnqueueOptions } from '../jobs/jobs.queue.ts';
import type { JobHandler } from '../jobs/jobs.worker.ts';
import type { RenderedMail } from './mail.layout.ts';
import type { MailTransport } from './mail.transport.ts';

export const SEND_MAIL_JOB = 'mail.send';

export interface OutgoingMail extends RenderedMail {
  to: string;
  locale: Locale;
}

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

function presentMail(row: Selectable<MailsTable>): SentMail {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    locale: row.locale,
    status: row.status,
    createdAt: isoFromMs(row.created_at),
    sentAt: isoFromMs(row.sent_at),
  };
}

/** Mails, newest first, in pages keyed by id. */
export async function listMails(
  db: Kysely<DB>,
  page: { cursor?: number | undefined; limit: number },
): Promise<{ items: SentMail[]; nextCursor: string | null }> {
  const rows = await db
    .selectFrom('mails')
    .selectAll()
    .$if(page.cursor !== undefined, (q) => q.where('id', '<', page.cursor!))
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(presentMail);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? String(last.id) : null };
}
