import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, PASSWORD, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('data export, deletion and the audit log on $dialect', (kind) => {
  let t: TestApp;
  let uploads: string;
  let member: string;
  let admin: string;

  beforeAll(async () => {
    uploads = await mkdtemp(join(tmpdir(), 'rn-export-'));
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000', UPLOAD_DIR: uploads });
    const account = await t.database.db
      .selectFrom('accounts')
      .select('id')
      .where('member_id', '=', t.ids.member)
      .executeTakeFirstOrThrow();
    await recordConsent(t.database.db, account.id, 'privacy_notice', '2026-11');
    [member, admin] = await Promise.all([signIn(t.app, 'mitglied@example.org'), signIn(t.app, 'admin@example.org')]);
  });
  afterAll(async () => {
    await t.close();
    await rm(uploads, { recursive: true, force: true });
  });

  const req = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });

  it('lists one’s consents with version and time', async () => {
    const items = (await req('GET', '/me/consents', member)).json().items;
    expect(items).toEqual([expect.objectContaining({ kind: 'privacy_notice', version: '2026-11', withdrawnAt: null })]);
  });

  it('refuses an export without the right password', async () => {
    expect((await req('POST', '/me/data-export', member, { password: 'falsch' })).statusCode).toBe(403);
    expect((await req('POST', '/me/data-export', member, {})).statusCode).toBe(422);
    expect((await req('POST', '/me/data-export', undefined, { password: PASSWORD })).statusCode).toBe(401);
  });

  it('prepares a ZIP with the member’s data behind a link that works once', async () => {
    await req('PATCH', '/me/profile', member, { about: 'Radwege!' });
    const started = await req('POST', '/me/data-export', member, { password: PASSWORD });
    expect(started.statusCode).toBe(202);
    const url = new URL(started.json().downloadUrl).pathname;
    const mail = await t.database.db
      .selectFrom('mails')
      .select('text_body')
      .where('subject', '=', 'Deine Daten zum Herunterladen')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain(url);

    // Someone else's session does not open it, and does not use it up.
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: admin } })).json().code).toBe('token_invalid');

    const download = await t.app.inject({ method: 'GET', url, headers: { cookie: member } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="rotes-netz-daten-/);
    const files = unzipSync(new Uint8Array(download.rawPayload));
    expect(Object.keys(files).sort()).toEqual(
      [
        'README.txt',
        'account.json',
        'consents.json',
        'events.json',
        'mails.json',
        'memberships.json',
        'profile.json',
        'programme.json',
        'rooms.json',
        'sessions.json',
        'sign-ins.json',
      ].sort(),
    );
    const read = (name: string) => JSON.parse(strFromU8(files[name]!));
    expect(read('account.json').member).toMatchObject({ memberNumber: '100', lastName: 'mitglied' });
    expect(read('profile.json').about).toBe('Radwege!');
    expect(read('memberships.json').memberships.map((m: { unit: { name: string } }) => m.unit.name)).toContain(
      'SPD Ortsverein Tal',
    );
    expect(read('consents.json')[0]).toMatchObject({ kind: 'privacy_notice' });
    expect(read('sessions.json').length).toBeGreaterThan(0);
    expect(read('sign-ins.json').map((e: { action: string }) => e.action)).toContain('auth.signed_in');
    expect(strFromU8(files['README.txt']!)).toContain('Deutsch');
    // No contributions yet: the files are there, empty.
    expect(read('rooms.json').posts).toEqual([]);
    expect(read('events.json').calendarFeed).toEqual({ active: false });

    const again = await t.app.inject({ method: 'GET', url, headers: { cookie: member } });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('token_invalid');
    expect(await readdir(join(uploads, 'exports'))).toEqual([]);
  });

  it('refuses a forged link', async () => {
    const response = await req('GET', '/me/data-export/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', member);
    expect(response.json().code).toBe('token_invalid');
  });

  it('shows the audit log only to LV admins, filtered', async () => {
    expect((await req('GET', '/admin/audit', member)).statusCode).toBe(404);
    const exported = (await req('GET', '/admin/audit?action=data.exported', admin)).json();
    expect(exported.items).toHaveLength(1);
    expect(exported.items[0].subject.memberId).toBe(t.ids.member);
    expect(exported.actions).toContain('role.granted');
    const future = (await req('GET', '/admin/audit?from=2999-01-01', admin)).json();
    expect(future.items).toEqual([]);
    expect((await req('GET', '/admin/audit?action=made.up', admin)).statusCode).toBe(422);
  });

  it('refuses deletion without the password or the word LÖSCHEN', async () => {
    expect((await req('POST', '/me/delete', member, { password: PASSWORD, confirm: 'loeschen' })).statusCode).toBe(422);
    expect((await req('POST', '/me/delete', member, { password: 'falsch', confirm: 'LÖSCHEN' })).statusCode).toBe(403);
    expect((await req('GET', '/me', member)).statusCode).toBe(200);
  });

  it('deletes the account: sessions end, the member reads “Gelöschtes Mitglied”, sign-in fails', async () => {
    const other = await signIn(t.app, 'mitglied@example.org');
    const response = await req('POST', '/me/delete', member, { password: PASSWORD, confirm: 'LÖSCHEN' });
    expect(response.statusCode).toBe(204);
    expect((await req('GET', '/me', member)).statusCode).toBe(401);
    expect((await req('GET', '/me', other)).statusCode).toBe(401);
    const row = await t.database.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', t.ids.member)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      first_name: 'Gelöschtes',
      last_name: 'Mitglied',
      email: null,
      status: 'deleted',
      member_number: '100',
    });
    const signInAgain = await req('POST', '/auth/sign-in', undefined, {
      email: 'mitglied@example.org',
      password: PASSWORD,
    });
    expect(signInAgain.statusCode).not.toBe(200);
    const log = (await req('GET', '/admin/audit?action=account.deleted', admin)).json().items;
    expect(log[0]).toMatchObject({
      subject: { memberId: t.ids.member, name: 'Gelöschtes Mitglied' },
      actor: null,
      data: null,
    });
  });

  it('hides the deleted member’s profile', async () => {
    const viewer = await addMember(t.database, { unitId: t.ids.ov, email: 'blick@example.org', number: '500' });
    void viewer;
    const cookie = await signIn(t.app, 'blick@example.org');
    expect((await req('GET', `/members/${t.ids.member}/profile`, cookie)).statusCode).toBe(404);
  });
});
