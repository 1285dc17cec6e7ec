/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on Kysely<any> by design */
import { sql, type Kysely } from 'kysely';
import { columnTypes, withId } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('units')
    .$call(withId(db))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('search_name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('parent_id', t.ref, (c) => c.references('units.id').onDelete('restrict'))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('contact', t.json)
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addUniqueConstraint('units_code_unique', ['code'])
    .addCheckConstraint(
      'units_type_known',
      sql`type in ('landesverband','regionalzentrum','kreisverband','ortsverein','arbeitsgemeinschaft','gremium')`,
    )
    .execute();
  await db.schema.createIndex('units_parent_idx').on('units').column('parent_id').execute();
  await db.schema.createIndex('units_type_name_idx').on('units').columns(['type', 'search_name']).execute();

  await db.schema
    .createTable('unit_closure')
    .addColumn('ancestor_id', t.ref, (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('descendant_id', t.ref, (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_closure_pk', ['ancestor_id', 'descendant_id'])
    .execute();
  await db.schema
    .createIndex('unit_closure_descendant_idx')
    .on('unit_closure')
    .columns(['descendant_id', 'depth'])
    .execute();

  await db.schema
    .createTable('members')
    .$call(withId(db))
    .addColumn('member_number', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('unit_id', t.ref, (c) => c.notNull().references('units.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addUniqueConstraint('members_number_unique', ['member_number'])
    .addCheckConstraint('members_status_known', sql`status in ('active','left','deleted')`)
    .execute();
  await db.schema.createIndex('members_unit_idx').on('members').column('unit_id').execute();

  await db.schema
    .createTable('member_units')
    .addColumn('member_id', t.ref, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('unit_id', t.ref, (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('member_units_pk', ['member_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('member_units_unit_idx').on('member_units').column('unit_id').execute();

  await db.schema
    .createTable('member_roles')
    .addColumn('member_id', t.ref, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('unit_id', t.ref, (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('member_roles_pk', ['member_id', 'unit_id', 'role'])
    .addCheckConstraint('member_roles_source_known', sql`source in ('roster','app')`)
    .execute();
  await db.schema.createIndex('member_roles_unit_idx').on('member_roles').columns(['unit_id', 'role']).execute();

  await db.schema
    .createTable('accounts')
    .$call(withId(db))
    .addColumn('member_id', t.ref, (c) => c.notNull().references('members.id').onDelete('restrict'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('de'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addUniqueConstraint('accounts_member_unique', ['member_id'])
    .addUniqueConstraint('accounts_email_unique', ['email'])
    .execute();

  await db.schema
    .createTable('sessions')
    .$call(withId(db))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_agent', 'text')
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('last_seen_at', t.ms, (c) => c.notNull())
    .addColumn('idle_expires_at', t.ms, (c) => c.notNull())
    .addColumn('absolute_expires_at', t.ms, (c) => c.notNull())
    .addUniqueConstraint('sessions_token_unique', ['token_hash'])
    .execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();

  await db.schema
    .createTable('jobs')
    .$call(withId(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('run_at', t.ms, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', t.ms)
    .addColumn('last_error', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('finished_at', t.ms)
    .addUniqueConstraint('jobs_idempotency_key_unique', ['idempotency_key'])
    .addCheckConstraint('jobs_status_known', sql`status in ('pending','running','done','failed')`)
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('mails')
    .$call(withId(db))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('sent_at', t.ms)
    .addColumn('error', 'text')
    .addCheckConstraint('mails_status_known', sql`status in ('queued','sent','kept','failed')`)
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('reset_at', t.ms, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'rate_limits',
    'mails',
    'jobs',
    'sessions',
    'accounts',
    'member_roles',
    'member_units',
    'members',
    'unit_closure',
    'units',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
