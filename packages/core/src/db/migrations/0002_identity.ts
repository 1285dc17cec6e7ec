/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on Kysely<any> by design */
/**
 * Membership and identity: roster imports, one-time email tokens (registration, password reset,
 * email change, invitations, data downloads), second factors (TOTP with recovery codes, passkeys),
 * known devices, the audit log, profiles with per-field visibility, consents.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, withId } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema.alterTable('members').addColumn('left_at', t.ms).execute();
  await db.schema.alterTable('accounts').addColumn('email_verified_at', t.ms).execute();
  await db.schema.alterTable('accounts').addColumn('password_changed_at', t.ms).execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('second_factor_pending', t.bool, (c) => c.notNull().defaultTo(sql`false`))
    .execute();
  await db.schema.alterTable('sessions').addColumn('reauthenticated_at', t.ms).execute();
  await db.schema.alterTable('sessions').addColumn('ip_prefix', 'text').execute();

  await db.schema
    .createTable('roster_imports')
    .$call(withId(db))
    .addColumn('account_id', t.ref, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary', t.json, (c) => c.notNull())
    .addColumn('plan', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('applied_at', t.ms)
    .addCheckConstraint('roster_imports_status_known', sql`status in ('previewed','applied','superseded')`)
    .execute();

  await db.schema
    .createTable('email_tokens')
    .$call(withId(db))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('member_id', t.ref, (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('account_id', t.ref, (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('data', t.json)
    .addColumn('created_by', t.ref, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('expires_at', t.ms, (c) => c.notNull())
    .addColumn('used_at', t.ms)
    .addUniqueConstraint('email_tokens_hash_unique', ['token_hash'])
    .addCheckConstraint(
      'email_tokens_purpose_known',
      sql`purpose in ('register','reset_password','change_email','invitation','data_export')`,
    )
    .execute();

  await db.schema
    .createTable('totp_factors')
    .addColumn('account_id', t.ref, (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', t.ms)
    .addColumn('last_used_step', 'bigint')
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .$call(withId(db))
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', t.ms)
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recovery_codes_account_idx').on('recovery_codes').column('account_id').execute();

  await db.schema
    .createTable('passkeys')
    .$call(withId(db))
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', t.json)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('last_used_at', t.ms)
    .addUniqueConstraint('passkeys_credential_unique', ['credential_id'])
    .execute();
  await db.schema.createIndex('passkeys_account_idx').on('passkeys').column('account_id').execute();

  await db.schema
    .createTable('known_devices')
    .$call(withId(db))
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('last_used_at', t.ms, (c) => c.notNull())
    .addUniqueConstraint('known_devices_token_unique', ['token_hash'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .$call(withId(db))
    .addColumn('at', t.ms, (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_account_id', t.ref, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('subject_member_id', t.ref, (c) => c.references('members.id').onDelete('set null'))
    .addColumn('unit_id', t.ref, (c) => c.references('units.id').onDelete('set null'))
    .addColumn('ip_prefix', 'text')
    .addColumn('data', t.json)
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'at']).execute();

  await db.schema
    .createTable('profiles')
    .addColumn('member_id', t.ref, (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('about', 'text')
    .addColumn('phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('photo', 'text')
    .addColumn('visibility', t.json, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consents')
    .$call(withId(db))
    .addColumn('account_id', t.ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('given_at', t.ms, (c) => c.notNull())
    .addColumn('withdrawn_at', t.ms)
    .execute();
  await db.schema.createIndex('consents_account_idx').on('consents').column('account_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'consents',
    'profiles',
    'audit_log',
    'known_devices',
    'passkeys',
    'recovery_codes',
    'totp_factors',
    'email_tokens',
    'roster_imports',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('sessions').dropColumn('ip_prefix').execute();
  await db.schema.alterTable('sessions').dropColumn('reauthenticated_at').execute();
  await db.schema.alterTable('sessions').dropColumn('second_factor_pending').execute();
  await db.schema.alterTable('accounts').dropColumn('password_changed_at').execute();
  await db.schema.alterTable('accounts').dropColumn('email_verified_at').execute();
  await db.schema.alterTable('members').dropColumn('left_at').execute();
}
