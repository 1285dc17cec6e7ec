/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on Kysely<any> by design */
/**
 * Mails record their kind, so the sent-mail page can show the bodies of harmless kinds only and
 * the retention job knows which bodies to erase. Mail kept before has kind 'unknown' and is
 * treated as secret.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('mails')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('unknown'))
    .execute();
  await db.schema.createIndex('mails_created_at_idx').on('mails').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mails_created_at_idx').execute();
  await db.schema.alterTable('mails').dropColumn('kind').execute();
}
