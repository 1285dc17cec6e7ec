/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on Kysely<any> by design */
/**
 * Rooms and live discussion: every unit's rooms, per-member room settings, threads, posts with
 * their edit history, reactions, read markers, drafts, attachments, polls, reports and bans,
 * in-app notifications, and the live event log the WebSocket gateway replays from.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, withId } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const member = (c: any) => c.references('members.id').onDelete('cascade');

  await db.schema
    .createTable('rooms')
    .$call(withId(db))
    .addColumn('unit_id', t.ref, (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('code_of_conduct', 'text')
    .addColumn('created_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addColumn('last_activity_at', t.ms, (c) => c.notNull())
    .addColumn('archived_at', t.ms)
    .addCheckConstraint('rooms_kind_known', sql`kind in ('general','board','custom')`)
    .addCheckConstraint('rooms_audience_known', sql`audience in ('unit','board','all','invite')`)
    .execute();
  await db.schema.createIndex('rooms_unit_idx').on('rooms').columns(['unit_id', 'kind']).execute();
  // Each unit has exactly one "Allgemein" and one "Vorstand" room.
  await sql`create unique index rooms_unit_default_unique on rooms (unit_id, kind) where kind <> 'custom'`.execute(db);
  await db.schema.createIndex('rooms_audience_idx').on('rooms').column('audience').execute();

  await db.schema
    .createTable('room_invites')
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('invited_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('room_invites_pk', ['room_id', 'member_id'])
    .execute();
  await db.schema.createIndex('room_invites_member_idx').on('room_invites').column('member_id').execute();

  // A member's own settings for a room; no row means the defaults (not muted, not left, not following).
  await db.schema
    .createTable('room_settings')
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('muted', t.bool, (c) => c.notNull().defaultTo(sql`false`))
    .addColumn('following', t.bool, (c) => c.notNull().defaultTo(sql`false`))
    .addColumn('left_at', t.ms)
    .addColumn('coc_accepted_at', t.ms)
    .addColumn('last_visit_at', t.ms)
    .addPrimaryKeyConstraint('room_settings_pk', ['room_id', 'member_id'])
    .execute();
  await db.schema.createIndex('room_settings_member_idx').on('room_settings').column('member_id').execute();

  await db.schema
    .createTable('threads')
    .$call(withId(db))
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('author_id', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addColumn('last_post_at', t.ms, (c) => c.notNull())
    .addColumn('last_post_id', t.ref)
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pinned_at', t.ms)
    .addColumn('locked_at', t.ms)
    .addColumn('locked_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('deleted_at', t.ms)
    .execute();
  await db.schema
    .createIndex('threads_room_latest_idx')
    .on('threads')
    .columns(['room_id', 'last_post_at', 'id'])
    .execute();
  // The few pinned threads of a room without walking all of its threads.
  await sql`create index threads_room_pinned_idx on threads (room_id, pinned_at) where pinned_at is not null`.execute(
    db,
  );

  await db.schema
    .createTable('posts')
    .$call(withId(db))
    .addColumn('thread_id', t.ref, (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('author_id', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('parent_id', t.ref, (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('quote_id', t.ref, (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('edited_at', t.ms)
    .addColumn('edit_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_at', t.ms)
    .addColumn('deleted_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('hidden_at', t.ms)
    .addColumn('hidden_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('hidden_reason', 'text')
    .execute();
  await db.schema.createIndex('posts_thread_idx').on('posts').columns(['thread_id', 'id']).execute();
  await db.schema.createIndex('posts_room_idx').on('posts').columns(['room_id', 'id']).execute();
  await db.schema.createIndex('posts_author_idx').on('posts').column('author_id').execute();
  // Removing a post (with its thread, room or member) looks for the posts replying to or quoting
  // it (on delete set null); without these, every removed post scans the whole table.
  await sql`create index posts_parent_idx on posts (parent_id) where parent_id is not null`.execute(db);
  await sql`create index posts_quote_idx on posts (quote_id) where quote_id is not null`.execute(db);

  await db.schema
    .createTable('post_revisions')
    .$call(withId(db))
    .addColumn('post_id', t.ref, (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('edited_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_revisions_post_idx').on('post_revisions').columns(['post_id', 'id']).execute();

  await db.schema
    .createTable('reactions')
    .addColumn('post_id', t.ref, (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('emoji', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('reactions_pk', ['post_id', 'member_id', 'emoji'])
    .execute();

  await db.schema
    .createTable('thread_reads')
    .addColumn('thread_id', t.ref, (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    // 0: nothing read yet (a row may exist only because the member follows the thread).
    .addColumn('last_read_post_id', t.ref, (c) => c.notNull())
    // Posts of the thread up to the marker, counted when it moves: unread = post_count - read_count.
    .addColumn('read_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('following', t.bool, (c) => c.notNull().defaultTo(sql`false`))
    .addColumn('read_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('thread_reads_pk', ['thread_id', 'member_id'])
    .execute();
  await db.schema.createIndex('thread_reads_member_idx').on('thread_reads').column('member_id').execute();
  await sql`create index thread_reads_followers_idx on thread_reads (thread_id) where following`.execute(db);

  // What a member is typing, kept across devices: `key` is `room-12` (a new thread) or `thread-7` (a reply).
  await db.schema
    .createTable('drafts')
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('drafts_pk', ['member_id', 'key'])
    .execute();

  await db.schema
    .createTable('attachments')
    .$call(withId(db))
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('post_id', t.ref, (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('uploader_id', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_post_idx').on('attachments').column('post_id').execute();

  await db.schema
    .createTable('polls')
    .$call(withId(db))
    .addColumn('thread_id', t.ref, (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('multiple', t.bool, (c) => c.notNull())
    .addColumn('secret', t.bool, (c) => c.notNull())
    .addColumn('results_visibility', 'text', (c) => c.notNull())
    .addColumn('closes_at', t.ms)
    .addColumn('closed_at', t.ms)
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addUniqueConstraint('polls_thread_unique', ['thread_id'])
    .addCheckConstraint('polls_results_known', sql`results_visibility in ('after_vote','after_close')`)
    .execute();

  await db.schema
    .createTable('poll_options')
    .$call(withId(db))
    .addColumn('poll_id', t.ref, (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('poll_options_poll_idx').on('poll_options').column('poll_id').execute();

  await db.schema
    .createTable('poll_votes')
    .addColumn('poll_id', t.ref, (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('option_id', t.ref, (c) => c.notNull().references('poll_options.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_votes_pk', ['poll_id', 'member_id', 'option_id'])
    .execute();

  await db.schema
    .createTable('reports')
    .$call(withId(db))
    .addColumn('post_id', t.ref, (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('reporter_id', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('resolved_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('resolved_at', t.ms)
    .addColumn('resolution', 'text')
    .addCheckConstraint('reports_status_known', sql`status in ('open','resolved','dismissed')`)
    .execute();
  await db.schema.createIndex('reports_room_status_idx').on('reports').columns(['room_id', 'status']).execute();
  // A member reports a post once.
  await db.schema
    .createIndex('reports_post_reporter_unique')
    .on('reports')
    .columns(['post_id', 'reporter_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('room_bans')
    .$call(withId(db))
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('until', t.ms, (c) => c.notNull())
    .addColumn('banned_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('lifted_at', t.ms)
    .addColumn('lifted_by', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('room_bans_room_member_idx').on('room_bans').columns(['room_id', 'member_id']).execute();

  await db.schema
    .createTable('notifications')
    .$call(withId(db))
    .addColumn('member_id', t.ref, (c) => member(c).notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Where it happened, as columns so lists can drop what the member can no longer see in SQL.
    .addColumn('room_id', t.ref, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('thread_id', t.ref, (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('post_id', t.ref, (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('actor_id', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('data', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('read_at', t.ms)
    .addCheckConstraint('notifications_kind_known', sql`kind in ('mention','reply','thread','idea_answered')`)
    .execute();
  await db.schema.createIndex('notifications_member_idx').on('notifications').columns(['member_id', 'id']).execute();
  await db.schema
    .createIndex('notifications_member_post_idx')
    .on('notifications')
    .columns(['member_id', 'post_id'])
    .execute();
  // The same for the notifications of a removed post (on delete cascade).
  await sql`create index notifications_post_idx on notifications (post_id) where post_id is not null`.execute(db);

  // The live log: every change a connected client should see, in commit order per scope
  // (`room:12`, `member:34`, `event:5`, `system`). Replayed to reconnecting clients, pruned by age.
  await db.schema
    .createTable('live_events')
    .$call(withId(db))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_events_scope_idx').on('live_events').columns(['scope', 'id']).execute();
  await db.schema.createIndex('live_events_created_idx').on('live_events').column('created_at').execute();

  // Every existing unit gets its two rooms.
  const now = Date.now();
  for (const [kind, name, audience] of [
    ['general', 'Allgemein', 'unit'],
    ['board', 'Vorstand', 'board'],
  ] as const) {
    await sql`insert into rooms (unit_id, kind, name, audience, created_at, updated_at, last_activity_at)
      select id, ${kind}, ${name}, ${audience}, ${now}, ${now}, ${now} from units`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'live_events',
    'notifications',
    'room_bans',
    'reports',
    'poll_votes',
    'poll_options',
    'polls',
    'attachments',
    'drafts',
    'thread_reads',
    'reactions',
    'post_revisions',
    'posts',
    'threads',
    'room_settings',
    'room_invites',
    'rooms',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
