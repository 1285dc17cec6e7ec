/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on Kysely<any> by design */
/**
 * The programme process: processes with phases and chapters, ideas with supports and the
 * commission's answers, drafts as numbered lines per version, amendments with supports and
 * procedures.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, withId } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const member = (c: any) => c.references('members.id').onDelete('set null');

  await db.schema
    .createTable('programme_processes')
    .$call(withId(db))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // Where ideas are discussed: a room of the Landesverband, one thread per idea.
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('restrict'))
    .addColumn('ideas_from', t.ms, (c) => c.notNull())
    .addColumn('ideas_until', t.ms, (c) => c.notNull())
    .addColumn('draft_from', t.ms, (c) => c.notNull())
    .addColumn('draft_until', t.ms, (c) => c.notNull())
    .addColumn('amendments_from', t.ms, (c) => c.notNull())
    .addColumn('amendments_until', t.ms, (c) => c.notNull())
    .addColumn('amendment_threshold', 'integer', (c) => c.notNull())
    .addColumn('created_by', t.ref, member)
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('programme_chapters')
    .$call(withId(db))
    .addColumn('process_id', t.ref, (c) => c.notNull().references('programme_processes.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('owner_id', t.ref, member)
    .execute();
  await db.schema.createIndex('programme_chapters_process_idx').on('programme_chapters').column('process_id').execute();

  await db.schema
    .createTable('ideas')
    .$call(withId(db))
    .addColumn('process_id', t.ref, (c) => c.notNull().references('programme_processes.id').onDelete('cascade'))
    .addColumn('chapter_id', t.ref, (c) => c.notNull().references('programme_chapters.id').onDelete('restrict'))
    .addColumn('thread_id', t.ref, (c) => c.notNull().references('threads.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('author_id', t.ref, member)
    // The Ortsverein of the author when filed, for "my unit" filters that survive moves.
    .addColumn('author_unit_id', t.ref, (c) => c.references('units.id').onDelete('set null'))
    // Filed on behalf of a unit by its board.
    .addColumn('unit_id', t.ref, (c) => c.references('units.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answer_html', 'text')
    .addColumn('answer_lines', 'text')
    .addColumn('answered_by', t.ref, member)
    .addColumn('answered_at', t.ms)
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addCheckConstraint(
      'ideas_status_known',
      sql`status in ('submitted','in_review','accepted','partially_accepted','rejected')`,
    )
    .execute();
  await db.schema.createIndex('ideas_support_idx').on('ideas').columns(['process_id', 'support_count', 'id']).execute();
  await db.schema.createIndex('ideas_newest_idx').on('ideas').columns(['process_id', 'id']).execute();
  await db.schema.createIndex('ideas_chapter_idx').on('ideas').columns(['chapter_id', 'status']).execute();

  await db.schema
    .createTable('idea_supports')
    .addColumn('idea_id', t.ref, (c) => c.notNull().references('ideas.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('idea_supports_pk', ['idea_id', 'member_id'])
    .execute();
  await db.schema.createIndex('idea_supports_member_idx').on('idea_supports').column('member_id').execute();

  await db.schema
    .createTable('programme_drafts')
    .$call(withId(db))
    .addColumn('process_id', t.ref, (c) => c.notNull().references('programme_processes.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('published_by', t.ref, member)
    .addColumn('published_at', t.ms, (c) => c.notNull())
    .addUniqueConstraint('programme_drafts_version_unique', ['process_id', 'version'])
    .execute();

  // The text of each chapter in a draft version, as the commission wrote it.
  await db.schema
    .createTable('programme_draft_chapters')
    .addColumn('draft_id', t.ref, (c) => c.notNull().references('programme_drafts.id').onDelete('cascade'))
    .addColumn('chapter_id', t.ref, (c) => c.notNull().references('programme_chapters.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('programme_draft_chapters_pk', ['draft_id', 'chapter_id'])
    .execute();

  await db.schema
    .createTable('amendments')
    .$call(withId(db))
    .addColumn('process_id', t.ref, (c) => c.notNull().references('programme_processes.id').onDelete('cascade'))
    .addColumn('draft_id', t.ref, (c) => c.notNull().references('programme_drafts.id').onDelete('cascade'))
    .addColumn('chapter_id', t.ref, (c) => c.notNull().references('programme_chapters.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_line', 'integer', (c) => c.notNull())
    .addColumn('to_line', 'integer', (c) => c.notNull())
    .addColumn('original_text', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('filer_id', t.ref, member)
    .addColumn('filer_unit_id', t.ref, (c) => c.references('units.id').onDelete('set null'))
    .addColumn('unit_id', t.ref, (c) => c.references('units.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_at', t.ms)
    .addColumn('procedure', 'text')
    .addColumn('procedure_text', 'text')
    .addColumn('procedure_note', 'text')
    .addColumn('settled_by_id', t.ref, (c) => c.references('amendments.id').onDelete('set null'))
    .addColumn('decided_by', t.ref, member)
    .addColumn('decided_at', t.ms)
    .addColumn('merged_into_draft_id', t.ref, (c) => c.references('programme_drafts.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addCheckConstraint('amendments_kind_known', sql`kind in ('replace','delete','insert')`)
    .addCheckConstraint('amendments_status_known', sql`status in ('collecting','submitted')`)
    .addCheckConstraint(
      'amendments_procedure_known',
      sql`procedure is null or procedure in ('accept','reject','modified','settled')`,
    )
    .execute();
  await db.schema.createIndex('amendments_draft_idx').on('amendments').columns(['draft_id', 'from_line']).execute();
  await db.schema.createIndex('amendments_process_idx').on('amendments').columns(['process_id', 'id']).execute();

  await db.schema
    .createTable('amendment_supports')
    .addColumn('amendment_id', t.ref, (c) => c.notNull().references('amendments.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('amendment_supports_pk', ['amendment_id', 'member_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'amendment_supports',
    'amendments',
    'programme_draft_chapters',
    'programme_drafts',
    'idea_supports',
    'ideas',
    'programme_chapters',
    'programme_processes',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
