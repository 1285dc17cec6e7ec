/**
 * Attachments through the real API: what is accepted (by content, never by name), what a stored
 * image still contains, who can fetch a file, how a download is served, and that every refused
 * upload (HTML, SVG with script, an executable, too large, a room one cannot see) stores nothing.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { strToU8, zipSync } from 'fflate';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import { ATTACHMENT_CLEANUP_JOB, attachToPost, removeOrphanAttachments, units, type DB } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, generalRoom, signIn, type TestApp } from './support/app.ts';

const MAX_BYTES = 300_000;

async function writePost(db: Kysely<DB>, roomId: number, authorId: number): Promise<number> {
  const now = Date.now();
  const thread = await db
    .insertInto('threads')
    .values({
      room_id: roomId,
      title: 'Plakate',
      author_id: authorId,
      created_at: now,
      updated_at: now,
      last_post_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const post = await db
    .insertInto('posts')
    .values({
      thread_id: thread.id,
      room_id: roomId,
      author_id: authorId,
      body: 'Anbei',
      body_html: '<p>Anbei</p>',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return post.id;
}

const png = (width = 40, height = 20) =>
  sharp({ create: { width, height, channels: 3, background: '#e3000f' } })
    .png()
    .toBuffer();
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const docx = Buffer.from(
  zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    'word/document.xml': strToU8('<w:document/>'),
  }),
);
const odt = Buffer.from(
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8('<office:document-content/>'),
  }),
);

describe.each(databaseKinds())('attachments on $dialect', (kind) => {
  let t: TestApp;
  let uploadDir: string;
  let roomA: number;
  let roomB: number;
  let member: string;
  let neighbour: string;
  let neighbourId: number;
  let outsider: string;

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'rn-attachments-'));
    t = await buildTestApp(kind, { UPLOAD_DIR: uploadDir, ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
    const db = t.database.db;
    const { parent_id: kv } = await db
      .selectFrom('units')
      .select('parent_id')
      .where('id', '=', t.ids.ov)
      .executeTakeFirstOrThrow();
    const ovB = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Berg', code: 'OVB', parentId: kv })).id;
    roomA = await generalRoom(db, t.ids.ov);
    roomB = await generalRoom(db, ovB);
    neighbourId = await addMember(t.database, { unitId: t.ids.ov, email: 'nachbar@example.org', number: '101' });
    await addMember(t.database, { unitId: ovB, email: 'berg@example.org', number: '300' });
    member = await signIn(t.app, 'mitglied@example.org');
    neighbour = await signIn(t.app, 'nachbar@example.org');
    outsider = await signIn(t.app, 'berg@example.org');
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await t.database.db.deleteFrom('attachments').execute();
    await rm(join(uploadDir, 'attachments'), { recursive: true, force: true });
  });

  const upload = (
    cookie: string,
    roomId: number,
    data: Buffer,
    name = 'datei',
    contentType = 'application/octet-stream',
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/rooms/${roomId}/attachments`,
      headers: { cookie, 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
      payload: data,
    });
  const download = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  async function storedFiles(): Promise<string[]> {
    const root = join(uploadDir, 'attachments');
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  }
  async function rowCount(): Promise<number> {
    const row = await t.database.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  async function expectNothingStored(): Promise<void> {
    expect(await rowCount()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  }

  describe('upload', () => {
    it('needs a session', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/rooms/${roomA}/attachments`, payload: pdf });
      expect(res.statusCode).toBe(401);
      await expectNothingStored();
    });

    it('stores a PDF under a random key and shows it to its uploader', async () => {
      const res = await upload(member, roomA, pdf, 'Protokoll März.pdf');
      expect(res.statusCode).toBe(201);
      const view = res.json();
      expect(view).toMatchObject({
        fileName: 'Protokoll März.pdf',
        mediaType: 'application/pdf',
        size: pdf.length,
        width: null,
        height: null,
        url: `/api/v1/attachments/${view.id}`,
      });
      const files = await storedFiles();
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\/attachments\/[0-9a-f]{2}\/[0-9a-f]{32}$/);

      const got = await download(member, view.url);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(pdf)).toBe(true);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['content-disposition']).toBe(
        `attachment; filename="Protokoll M_rz.pdf"; filename*=UTF-8''Protokoll%20M%C3%A4rz.pdf`,
      );
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(got.headers['cache-control']).toMatch(/^private/);
    });

    it('takes the file with any declared type, or none, and without a name', async () => {
      const bare = await t.app.inject({
        method: 'POST',
        url: `/api/v1/rooms/${roomA}/attachments`,
        headers: { cookie: member },
        payload: pdf,
      });
      expect(bare.statusCode).toBe(201);
      expect(bare.json().fileName).toBe('Datei.pdf');
      const claimed = await upload(member, roomA, pdf, 'x.pdf', 'application/json');
      expect(claimed.statusCode).toBe(201);
      expect(claimed.json().mediaType).toBe('application/pdf');
    });

    it('accepts office documents by their content', async () => {
      const word = await upload(member, roomA, docx, 'Antrag.docx');
      expect(word.statusCode).toBe(201);
      expect(word.json().mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const writer = await upload(member, roomA, odt, 'Antrag');
      expect(writer.statusCode).toBe(201);
      expect(writer.json()).toMatchObject({
        fileName: 'Antrag.odt',
        mediaType: 'application/vnd.oasis.opendocument.text',
      });
    });

    it('re-encodes images: orientation applied, metadata gone, size bounded', async () => {
      const photo = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#00ff00' } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .withExif({ IFD0: { Copyright: 'geheim', Artist: 'Erika Muster' } })
        .toBuffer();
      expect((await sharp(photo).metadata()).exif).toBeDefined();
      const res = await upload(member, roomA, photo, 'IMG_0001.JPG', 'text/plain');
      expect(res.statusCode).toBe(201);
      // Portrait after applying the orientation, scaled to at most 2560 px.
      expect(res.json()).toMatchObject({ fileName: 'IMG_0001.jpg', mediaType: 'image/jpeg', width: 853, height: 2560 });
      const got = await download(member, res.json().url);
      const meta = await sharp(got.rawPayload).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(got.rawPayload.includes('geheim')).toBe(false);
      // Images come inline (for the thread), unless asked as a download.
      expect(got.headers['content-disposition']).toMatch(/^inline; /);
      expect(got.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      const asFile = await download(member, `${res.json().url}?download=true`);
      expect(asFile.headers['content-disposition']).toMatch(/^attachment; /);
    });

    it('neutralises a PNG with HTML appended: only the picture is stored', async () => {
      const polyglot = Buffer.concat([
        await png(),
        Buffer.from('<html><script>alert(document.cookie)</script></html>'),
      ]);
      const res = await upload(member, roomA, polyglot, 'bild.png');
      expect(res.statusCode).toBe(201);
      const got = await download(member, res.json().url);
      expect(got.rawPayload.includes('<script')).toBe(false);
      expect(await fileTypeFromBuffer(got.rawPayload)).toEqual({ ext: 'png', mime: 'image/png' });
      expect(got.rawPayload.subarray(-8).toString('latin1', 0, 4)).toBe('IEND');
    });

    it.each([
      ['an HTML page', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'), 'seite.html'],
      ['HTML named as an image', Buffer.from('<html><script>alert(1)</script></html>'), 'bild.png'],
      [
        'an SVG with a script',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'logo.svg',
      ],
      ['an executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]), 'rechnung.pdf'],
      ['a plain zip archive', Buffer.from(zipSync({ 'a.txt': strToU8('hallo') })), 'archiv.docx'],
      ['an empty file', Buffer.alloc(0), 'leer.pdf'],
      ['a script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'start.sh'],
    ])('refuses %s by its content and stores nothing', async (_what, data, name) => {
      const res = await upload(member, roomA, data, name, 'image/png');
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('attachment_type_refused');
      await expectNothingStored();
    });

    it('explains a refusal in English when asked', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/rooms/${roomA}/attachments`,
        headers: { cookie: member, 'accept-language': 'en', 'content-type': 'text/html' },
        payload: '<html></html>',
      });
      expect(res.json().title).toMatch(/cannot be attached/);
    });

    it('refuses an image that does not decode', async () => {
      const broken = (await png()).subarray(0, 60);
      const res = await upload(member, roomA, broken, 'kaputt.png');
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('attachment_unreadable');
      await expectNothingStored();
    });

    it('refuses an oversized file with 413 and stores nothing', async () => {
      const big = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES)]);
      const res = await upload(member, roomA, big, 'gross.pdf');
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('attachment_too_large');
      await expectNothingStored();
    });

    it('cleans file names: no paths, no direction tricks, no control characters, not endless', async () => {
      const cases: [string, Buffer, string][] = [
        ['../../../etc/passwd.pdf', pdf, 'passwd.pdf'],
        ['..\\..\\windows\\system32\\evil.pdf', pdf, 'evil.pdf'],
        ['rechnung\u202Efdp.exe', pdf, 'rechnungfdp.pdf'],
        ['bericht.pdf.exe', pdf, 'bericht.pdf'],
        ['zeile\r\numbruch\u0000.pdf', pdf, 'zeileumbruch.pdf'],
        ['<script>alert(1)<\u200B/script>.pdf', pdf, 'script_.pdf'],
        ['...', pdf, 'Datei.pdf'],
        ['CON.pdf', pdf, '_CON.pdf'],
        [`${'a'.repeat(500)}.pdf`, pdf, `${'a'.repeat(100)}.pdf`],
      ];
      for (const [name, data, expected] of cases) {
        const res = await upload(member, roomA, data, name);
        expect(res.statusCode, name).toBe(201);
        expect(res.json().fileName, name).toBe(expected);
      }
      // Whatever the names, every file lies under the attachments folder with a random name.
      for (const file of await storedFiles()) expect(file).toMatch(/\/attachments\/[0-9a-f]{2}\/[0-9a-f]{32}$/);
      const header = (
        await download(member, `/api/v1/attachments/${(await upload(member, roomA, pdf, 'a"b;c.pdf')).json().id}`)
      ).headers['content-disposition'] as string;
      expect(header).toBe(`attachment; filename="a_b;c.pdf"; filename*=UTF-8''a_b%3Bc.pdf`);
    });

    it('answers 404 for a room of another Ortsverein and for a room that does not exist, storing nothing', async () => {
      for (const roomId of [roomB, 999_999]) {
        const res = await upload(member, roomId, pdf, 'x.pdf');
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('not_found');
      }
      await expectNothingStored();
    });

    it('refuses a member banned from the room', async () => {
      const now = Date.now();
      const ban = await t.database.db
        .insertInto('room_bans')
        .values({ room_id: roomA, member_id: neighbourId, reason: 'Test', until: now + 60_000, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const res = await upload(neighbour, roomA, pdf, 'x.pdf');
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('room_banned');
      await expectNothingStored();
      await t.database.db.deleteFrom('room_bans').where('id', '=', ban.id).execute();
    });
  });

  describe('download', () => {
    it('shows an unlinked upload only to its uploader', async () => {
      const { url } = (await upload(member, roomA, pdf, 'x.pdf')).json();
      expect((await download(neighbour, url)).statusCode).toBe(404);
      expect((await download(outsider, url)).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    });

    it('shows a posted file to the room and to nobody outside it; deleted posts take their files along', async () => {
      const view = (await upload(member, roomA, pdf, 'x.pdf')).json();
      const postId = await writePost(t.database.db, roomA, t.ids.member);
      await t.database.db
        .transaction()
        .execute((trx) =>
          attachToPost(trx, { memberId: t.ids.member, roomId: roomA, postId, attachmentIds: [view.id] }),
        );
      expect((await download(neighbour, view.url)).statusCode).toBe(200);
      const foreign = await download(outsider, view.url);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('not_found');
      expect((await download(outsider, '/api/v1/attachments/999999')).json().code).toBe('not_found');

      // A post hidden by moderation keeps its files for its author and the moderators only.
      await t.database.db.updateTable('posts').set({ hidden_at: Date.now() }).where('id', '=', postId).execute();
      expect((await download(neighbour, view.url)).statusCode).toBe(404);
      expect((await download(member, view.url)).statusCode).toBe(200);
      expect((await download(await signIn(t.app, 'admin@example.org'), view.url)).statusCode).toBe(200);

      await t.database.db.updateTable('posts').set({ deleted_at: Date.now() }).where('id', '=', postId).execute();
      expect((await download(neighbour, view.url)).statusCode).toBe(404);
      expect((await download(member, view.url)).statusCode).toBe(404);
    });
  });

  describe('attachToPost', () => {
    const attach = (memberId: number, roomId: number, postId: number, attachmentIds: number[]) =>
      t.database.db.transaction().execute((trx) => attachToPost(trx, { memberId, roomId, postId, attachmentIds }));
    const linkedCount = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('attachments')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('post_id', 'is not', null)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('links only one’s own unused uploads of the same room, all or nothing', async () => {
      const mine = (await upload(member, roomA, pdf, 'a.pdf')).json().id as number;
      const theirs = (await upload(neighbour, roomA, pdf, 'b.pdf')).json().id as number;
      const postId = await writePost(t.database.db, roomA, t.ids.member);

      await expect(attach(t.ids.member, roomA, postId, [mine, theirs])).rejects.toMatchObject({
        code: 'validation_failed',
      });
      await expect(attach(t.ids.member, roomB, postId, [mine])).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(attach(t.ids.member, roomA, postId, [mine, 999_999])).rejects.toMatchObject({
        code: 'validation_failed',
      });
      expect(await linkedCount()).toBe(0);

      await attach(t.ids.member, roomA, postId, [mine, mine]);
      expect(await linkedCount()).toBe(1);
      const other = await writePost(t.database.db, roomA, t.ids.member);
      await expect(attach(t.ids.member, roomA, other, [mine])).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('allows at most ten per post', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 11; i++) ids.push((await upload(member, roomA, pdf, `${i}.pdf`)).json().id);
      const postId = await writePost(t.database.db, roomA, t.ids.member);
      await expect(attach(t.ids.member, roomA, postId, ids)).rejects.toMatchObject({ code: 'validation_failed' });
      expect(await linkedCount()).toBe(0);
      await attach(t.ids.member, roomA, postId, ids.slice(0, 10));
      expect(await linkedCount()).toBe(10);
    });

    it('removes uploads never posted after a day, rows and files', async () => {
      const kept = (await upload(member, roomA, pdf, 'a.pdf')).json().id as number;
      await upload(member, roomA, pdf, 'b.pdf');
      const postId = await writePost(t.database.db, roomA, t.ids.member);
      await attach(t.ids.member, roomA, postId, [kept]);
      expect(await removeOrphanAttachments(t.database.db, uploadDir)).toBe(0);
      expect(await removeOrphanAttachments(t.database.db, uploadDir, { now: Date.now() + 25 * 60 * 60 * 1000 })).toBe(
        1,
      );
      expect(await rowCount()).toBe(1);
      expect(await storedFiles()).toHaveLength(1);
    });

    it('schedules the cleanup once per day of uploads, for after a full day', async () => {
      await upload(member, roomA, pdf, 'a.pdf');
      await upload(member, roomA, pdf, 'b.pdf');
      const jobs = await t.database.db
        .selectFrom('jobs')
        .select(['run_at', 'created_at', 'idempotency_key'])
        .where('kind', '=', ATTACHMENT_CLEANUP_JOB)
        .execute();
      expect(jobs.length).toBeGreaterThanOrEqual(1);
      expect(jobs.length).toBeLessThanOrEqual(2); // two only if the day changed between the uploads
      for (const job of jobs) expect(job.run_at - job.created_at).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
    });
  });
});
