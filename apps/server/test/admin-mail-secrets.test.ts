import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRUNE_MAILS_JOB, enqueueJob } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';

const DAY = 24 * 60 * 60_000;

/**
 * The attack of issue 13, finding 2: an LV admin asks for a password reset of a member, reads the
 * link on the sent-mail page and takes over the account. The page shows metadata, and bodies only
 * of harmless kinds; the retention job erases secret bodies and old mail.
 */
describe.each(databaseKinds())('the sent-mail page keeps others’ secrets on $dialect', (kind) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000', MAIL_RETENTION_DAYS: '30' });
    admin = await signIn(t.app, 'admin@example.org');
  });
  afterAll(() => t.close());

  const list = async () => {
    const response = await t.app.inject({ url: '/api/v1/admin/mails?limit=100', headers: { cookie: admin } });
    expect(response.statusCode).toBe(200);
    return response;
  };

  it('shows a member’s reset mail to the admin without its link', async () => {
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'mitglied@example.org' },
    });
    expect(reset.statusCode).toBe(202);
    await t.worker.drain();
    const response = await list();
    const mail = response.json().items.find((m: { to: string }) => m.to === 'mitglied@example.org');
    expect(mail).toMatchObject({ kind: 'reset_password', status: 'kept', text: null, html: null });
    expect(mail.subject).not.toBe('');
    expect(response.body).not.toMatch(/token=/);
    // The link still reached the member's (kept) mail: it is only not shown to anyone else.
    const stored = await t.database.db
      .selectFrom('mails')
      .select('text_body')
      .where('id', '=', mail.id)
      .executeTakeFirstOrThrow();
    expect(stored.text_body).toMatch(/token=/);
  });

  it('shows the body of a harmless mail, and of the admin’s own', async () => {
    const test = await t.app.inject({ method: 'POST', url: '/api/v1/admin/mails/test', headers: { cookie: admin } });
    expect(test.statusCode).toBe(202);
    await t.worker.drain();
    const mail = (await list()).json().items.find((m: { id: number }) => m.id === test.json().id);
    expect(mail).toMatchObject({ kind: 'test', to: 'admin@example.org' });
    expect(mail.text).toContain('Testmail');
  });

  it('erases secret bodies once sent or expired, and deletes mail past the retention', async () => {
    const db = t.database.db;
    const now = Date.now();
    const insert = (values: { kind: 'reset_password' | 'test'; status: 'sent' | 'kept' | 'queued'; age: number }) =>
      db
        .insertInto('mails')
        .values({
          to_address: 'someone@example.org',
          subject: `${values.kind} ${values.status} ${values.age}`,
          kind: values.kind,
          text_body: 'https://x.example/?token=geheim',
          html_body: '<p>geheim</p>',
          locale: 'de',
          status: values.status,
          message_id: `<${values.kind}-${values.status}-${values.age}@test>`,
          created_at: now - values.age,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const sentSecret = await insert({ kind: 'reset_password', status: 'sent', age: 0 });
    const keptSecretFresh = await insert({ kind: 'reset_password', status: 'kept', age: DAY });
    const keptSecretOld = await insert({ kind: 'reset_password', status: 'kept', age: 15 * DAY });
    const queuedSecret = await insert({ kind: 'reset_password', status: 'queued', age: 40 * DAY });
    const harmless = await insert({ kind: 'test', status: 'sent', age: 29 * DAY });
    const expired = await insert({ kind: 'test', status: 'sent', age: 31 * DAY });

    await enqueueJob(db, PRUNE_MAILS_JOB, {});
    await t.worker.drain();

    const rows = await db.selectFrom('mails').select(['id', 'text_body', 'html_body']).execute();
    const body = (id: number) => rows.find((r) => r.id === id)?.text_body;
    expect(body(sentSecret)).toBe('');
    expect(rows.find((r) => r.id === sentSecret)?.html_body).toBe('');
    expect(body(keptSecretFresh)).toContain('token=');
    expect(body(keptSecretOld)).toBe('');
    expect(body(queuedSecret)).toContain('token=');
    expect(body(harmless)).toContain('token=');
    expect(body(expired)).toBeUndefined();
  });
});
