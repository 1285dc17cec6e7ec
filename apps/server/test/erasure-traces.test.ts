/**
 * Deleting one's account erases the name where others would still read it: a mention in another
 * member's post (its text, its earlier versions and its HTML) shows "Gelöschtes Mitglied", and the
 * mail kept for the deleted address ("Hallo Erika, …") is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMail } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, generalRoom, PASSWORD, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('what an erased member leaves behind on $dialect', (kind) => {
  let t: TestApp;
  let member: string;
  let olga: string;
  let threadId: number;
  let postId: number;

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    await addMember(t.database, { unitId: t.ids.ov, email: 'olga@example.org', number: '300' });
    [member, olga] = await Promise.all([signIn(t.app, 'mitglied@example.org'), signIn(t.app, 'olga@example.org')]);
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

  const me = async (cookie: string) => (await call('GET', '/me', cookie)).json();

  it('shows the member’s name in Olga’s post and keeps mail for them', async () => {
    const { displayName } = await me(member);
    expect(displayName).toBe('Erika mitglied');
    const room = await generalRoom(t.database.db, t.ids.ov);
    const opened = await call('POST', `/rooms/${room}/threads`, olga, {
      title: 'Sommerfest',
      body: `Frag @[${displayName}](m:${t.ids.member}), sie weiß Bescheid.`,
    });
    expect(opened.statusCode).toBe(201);
    threadId = opened.json().id;
    postId = (await call('GET', `/threads/${threadId}/posts`, olga)).json().items[0].id;
    // An edit keeps the mention in the post's earlier version too.
    const edited = await call('PATCH', `/posts/${postId}`, olga, {
      body: `Frag @[${displayName}](m:${t.ids.member}) – sie weiß Bescheid!`,
    });
    expect(edited.statusCode).toBe(200);
    const post = (await call('GET', `/threads/${threadId}/posts`, olga)).json().items[0];
    expect(post.bodyHtml).toContain('@Erika mitglied');

    await queueMail(
      t.database.db,
      {
        to: 'Mitglied@Example.org',
        subject: 'Hallo',
        text: 'Hallo Erika,',
        html: '<p>Hallo Erika,</p>',
        locale: 'de',
        kind: 'test',
      },
      { messageDomain: 'example.org' },
    );
    await queueMail(
      t.database.db,
      {
        to: 'olga@example.org',
        subject: 'Hallo',
        text: 'Hallo Olga,',
        html: '<p>Hallo Olga,</p>',
        locale: 'de',
        kind: 'test',
      },
      { messageDomain: 'example.org' },
    );
  });

  it('after the deletion, the post, its history and the mail no longer name the member', async () => {
    const deleted = await call('POST', '/me/delete', member, { password: PASSWORD, confirm: 'LÖSCHEN' });
    expect(deleted.statusCode).toBe(204);

    const post = (await call('GET', `/threads/${threadId}/posts`, olga)).json().items[0];
    expect(post.bodyHtml).toContain('@Gelöschtes Mitglied');
    expect(post.bodyHtml).not.toContain('Erika');
    const rows = await t.database.db.selectFrom('posts').select('body').where('id', '=', postId).execute();
    const revisions = await t.database.db
      .selectFrom('post_revisions')
      .select('body')
      .where('post_id', '=', postId)
      .execute();
    expect(revisions).toHaveLength(1);
    for (const { body } of [...rows, ...revisions]) {
      expect(body).toContain(`@[Gelöschtes Mitglied](m:${t.ids.member})`);
      expect(body).not.toContain('Erika');
    }

    const mails = await t.database.db.selectFrom('mails').select(['to_address', 'text_body']).execute();
    expect(mails.some((m) => m.to_address.toLowerCase() === 'mitglied@example.org')).toBe(false);
    expect(mails.some((m) => m.text_body.includes('Erika'))).toBe(false);
    // Other members' mail stays.
    expect(mails.some((m) => m.to_address === 'olga@example.org')).toBe(true);
  });
});
