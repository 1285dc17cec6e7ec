import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, SEND_MAIL_JOB } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp.ts';

describe.each(databaseKinds())('mail on $dialect', (kind) => {
  describe('through a real SMTP server', () => {
    let t: TestApp;
    let smtp: SmtpSink;
    let admin: string;
    beforeAll(async () => {
      smtp = await startSmtpSink();
      t = await buildTestApp(kind, { SMTP_URL: smtp.url, MAIL_FROM: 'Rotes Netz <noreply@rotes-netz.example>' });
      admin = await signIn(t.app, 'admin@example.org');
    });
    afterAll(async () => {
      await t.close();
      await smtp.close();
    });

    it('delivers a queued mail once, with German text and HTML parts', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/mails/test', headers: { cookie: admin } });
      expect(res.statusCode).toBe(202);
      await t.worker.drain();
      await smtp.waitFor(1);
      const [mail] = smtp.messages;
      expect(mail!.subject).toBe('Testmail aus dem Roten Netz');
      expect(mail!.to).toMatchObject({ text: 'admin@example.org' });
      expect(mail!.from?.text).toContain('noreply@rotes-netz.example');
      expect(mail!.text).toContain('diese Testmail zeigt');
      expect(mail!.html).toContain('<html lang="de">');
      expect(mail!.html).toContain('Hallo Erika admin,');

      const list = await t.app.inject({ url: '/api/v1/admin/mails', headers: { cookie: admin } });
      const [row] = list.json().items;
      expect(row).toMatchObject({ id: res.json().id, status: 'sent', to: 'admin@example.org' });
      expect(mail!.messageId).toBe(
        (
          await t.database.db
            .selectFrom('mails')
            .select('message_id')
            .where('id', '=', row.id)
            .executeTakeFirstOrThrow()
        ).message_id,
      );

      // A job run again after a crash (same mail) must not send a second copy.
      await enqueueJob(t.database.db, SEND_MAIL_JOB, { mailId: row.id });
      await t.worker.drain();
      await new Promise((r) => setTimeout(r, 200));
      expect(smtp.messages).toHaveLength(1);
    });
  });

  describe('when the SMTP server is unreachable', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(kind, { SMTP_URL: 'smtp://127.0.0.1:9' });
    });
    afterAll(() => t.close());

    it('keeps the mail queued with the error, retries later, and marks it failed after the last attempt', async () => {
      const admin = await signIn(t.app, 'admin@example.org');
      await t.app.inject({ method: 'POST', url: '/api/v1/admin/mails/test', headers: { cookie: admin } });
      await t.worker.drain();
      const mail = await t.database.db.selectFrom('mails').selectAll().executeTakeFirstOrThrow();
      expect(mail.status).toBe('queued');
      expect(mail.error).toMatch(/ECONNREFUSED|connect/);
      const job = await t.database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'pending', attempts: 1 });

      await t.database.db
        .updateTable('jobs')
        .set({ attempts: job.max_attempts - 1, run_at: 0 })
        .execute();
      await t.worker.drain();
      expect((await t.database.db.selectFrom('mails').select('status').executeTakeFirstOrThrow()).status).toBe(
        'failed',
      );
      expect((await t.database.db.selectFrom('jobs').select('status').executeTakeFirstOrThrow()).status).toBe('failed');
    });
  });

  describe('without SMTP (the demo)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(kind);
    });
    afterAll(() => t.close());

    it('keeps mails for the sent-mail page, which only Landesverband admins can see', async () => {
      const admin = await signIn(t.app, 'admin@example.org');
      const member = await signIn(t.app, 'mitglied@example.org');
      const sent = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/mails/test',
        headers: { cookie: admin, 'accept-language': 'en' },
      });
      expect(sent.statusCode).toBe(202);
      await t.worker.drain();
      const page = await t.app.inject({ url: '/api/v1/admin/mails?limit=1', headers: { cookie: admin } });
      expect(page.json()).toMatchObject({
        items: [{ status: 'kept', subject: 'Testmail aus dem Roten Netz' }],
        nextCursor: null,
      });

      for (const [method, url] of [
        ['GET', '/api/v1/admin/mails'],
        ['POST', '/api/v1/admin/mails/test'],
      ] as const) {
        const asMember = await t.app.inject({ method, url, headers: { cookie: member } });
        expect(asMember.statusCode).toBe(404);
        expect(asMember.json().code).toBe('not_found');
        expect((await t.app.inject({ method, url })).statusCode).toBe(401);
      }
      expect(await t.database.db.selectFrom('mails').select('id').execute()).toHaveLength(1);
    });

    it('pages through mails newest first', async () => {
      const admin = await signIn(t.app, 'admin@example.org');
      for (let i = 0; i < 3; i++) {
        await t.app.inject({ method: 'POST', url: '/api/v1/admin/mails/test', headers: { cookie: admin } });
      }
      const first = (await t.app.inject({ url: '/api/v1/admin/mails?limit=2', headers: { cookie: admin } })).json();
      expect(first.items).toHaveLength(2);
      expect(first.items[0].id).toBeGreaterThan(first.items[1].id);
      const second = (
        await t.app.inject({
          url: `/api/v1/admin/mails?limit=2&cursor=${first.nextCursor}`,
          headers: { cookie: admin },
        })
      ).json();
      expect(second.items).toHaveLength(2);
      expect(second.items[0].id).toBeLessThan(first.items[1].id);
      expect(second.nextCursor).toBeNull();
    });
  });
});
