/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on Kysely<any> by design */
/** Events: trainings, video conferences, registrations, meeting data, questions, calendar feeds. */
import { sql, type Kysely } from 'kysely';
import { columnTypes, withId } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const member = (c: any) => c.references('members.id').onDelete('cascade');
  const event = (c: any) => c.notNull().references('events.id').onDelete('cascade');

  await db.schema
    .createTable('event_series')
    .$call(withId(db))
    .addColumn('unit_id', t.ref, (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('events')
    .$call(withId(db))
    .addColumn('unit_id', t.ref, (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('series_id', t.ref, (c) => c.references('event_series.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('description_html', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.ms, (c) => c.notNull())
    .addColumn('ends_at', t.ms, (c) => c.notNull())
    .addColumn('online', t.bool, (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('guests', t.json, (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('meeting_url', 'text')
    .addColumn('meeting_dial_in', 'text')
    .addColumn('meeting_access_code', 'text')
    .addColumn('meeting_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('meeting_mail_at', t.ms)
    .addColumn('reminder_minutes_before', 'integer')
    .addColumn('share_public', t.bool, (c) => c.notNull().defaultTo(sql`false`))
    .addColumn('share_fields', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', t.ms)
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addCheckConstraint('events_kind_known', sql`kind in ('training','video_conference','meeting','in_person')`)
    .addCheckConstraint('events_audience_known', sql`audience in ('all','unit','role')`)
    .addCheckConstraint('events_status_known', sql`status in ('scheduled','cancelled')`)
    .addCheckConstraint('events_ends_after_start', sql`ends_at > starts_at`)
    .addCheckConstraint('events_capacity_positive', sql`capacity is null or capacity > 0`)
    .execute();
  await db.schema.createIndex('events_starts_idx').on('events').columns(['starts_at', 'id']).execute();
  await db.schema.createIndex('events_unit_idx').on('events').columns(['unit_id', 'starts_at']).execute();
  await db.schema.createIndex('events_series_idx').on('events').column('series_id').execute();

  // Audience `role`: the roles (in the event's unit) whose holders the event is for.
  await db.schema
    .createTable('event_audience_roles')
    .addColumn('event_id', t.ref, event)
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_audience_roles_pk', ['event_id', 'role'])
    .execute();

  await db.schema
    .createTable('event_registrations')
    .addColumn('event_id', t.ref, event)
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('registered_at', t.ms, (c) => c.notNull())
    .addColumn('promoted_at', t.ms)
    .addColumn('attended', t.bool)
    .addPrimaryKeyConstraint('event_registrations_pk', ['event_id', 'member_id'])
    .addCheckConstraint('event_registrations_status_known', sql`status in ('registered','waitlisted')`)
    .execute();
  await db.schema
    .createIndex('event_registrations_queue_idx')
    .on('event_registrations')
    .columns(['event_id', 'status', 'registered_at'])
    .execute();
  await db.schema.createIndex('event_registrations_member_idx').on('event_registrations').column('member_id').execute();

  // One row per mail about an event that must go out exactly once per member, e.g.
  // `event:12:meeting:3:456` (meeting data version 3 to member 456) or `event:12:reminder:456`.
  await db.schema
    .createTable('event_mail_log')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('event_id', t.ref, event)
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('mail_id', t.ref)
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('event_mail_log_member_idx')
    .on('event_mail_log')
    .columns(['event_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('event_questions')
    .$call(withId(db))
    .addColumn('event_id', t.ref, event)
    .addColumn('author_id', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged_into_id', t.ref, (c) => c.references('event_questions.id').onDelete('set null'))
    .addColumn('hidden_at', t.ms)
    .addColumn('hidden_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('answered_at', t.ms)
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_questions_event_idx').on('event_questions').columns(['event_id', 'id']).execute();

  await db.schema
    .createTable('event_question_supports')
    .addColumn('question_id', t.ref, (c) => c.notNull().references('event_questions.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('event_question_supports_pk', ['question_id', 'member_id'])
    .execute();

  // A member's personal calendar feed; only the SHA-256 of the secret token is kept.
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('member_id', t.ref, (c) => member(c).primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('include_meeting_data', t.bool, (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('last_used_at', t.ms)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'calendar_feeds',
    'event_question_supports',
    'event_questions',
    'event_mail_log',
    'event_registrations',
    'event_audience_roles',
    'events',
    'event_series',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
