import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';

/** A JPEG carrying EXIF with GPS coordinates and a copyright note. */
const jpegWithExif = () =>
  sharp({ create: { width: 900, height: 600, channels: 3, background: '#e3000f' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Geheim', Artist: 'Erika' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 31/1 0/1' },
    })
    .toBuffer();
const png = () =>
  sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();

describe.each(databaseKinds())('profiles and photos on $dialect', (kind) => {
  let t: TestApp;
  let uploads: string;
  let member: string;
  let sameOv: string;
  let otherOv: string;

  beforeAll(async () => {
    uploads = await mkdtemp(join(tmpdir(), 'rn-uploads-'));
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000', UPLOAD_DIR: uploads });
    const kv = (await units.getUnit(t.database.db, t.ids.ov)).parentId!;
    const ovB = (
      await units.createUnit(t.database.db, { type: 'ortsverein', name: 'OV Berg', code: 'OVB', parentId: kv })
    ).id;
    // Same Kreisverband counts as "my units" too; a member of a unit in another Kreisverband does not.
    const kv2 = (
      await units.createUnit(t.database.db, { type: 'kreisverband', name: 'KV Fern', code: 'KV2', parentId: t.ids.lv })
    ).id;
    const ovFar = (
      await units.createUnit(t.database.db, { type: 'ortsverein', name: 'OV Fern', code: 'OVF', parentId: kv2 })
    ).id;
    void ovB;
    await addMember(t.database, { unitId: t.ids.ov, email: 'nachbar@example.org', number: '301' });
    await addMember(t.database, { unitId: ovFar, email: 'fern@example.org', number: '302' });
    [member, sameOv, otherOv] = await Promise.all([
      signIn(t.app, 'mitglied@example.org'),
      signIn(t.app, 'nachbar@example.org'),
      signIn(t.app, 'fern@example.org'),
    ]);
  });
  afterAll(async () => {
    await t.close();
    await rm(uploads, { recursive: true, force: true });
  });

  const req = (method: 'GET' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie?: string, extra: object = {}) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...extra });

  it('starts closed: every field visible to nobody', async () => {
    const response = await req('GET', '/me/profile', member);
    expect(response.json()).toEqual({
      memberId: t.ids.member,
      about: null,
      phone: null,
      contactEmail: null,
      hasPhoto: false,
      visibility: { about: 'nobody', phone: 'nobody', contactEmail: 'nobody', photo: 'nobody' },
    });
  });

  it.each([
    ['role', 'chair'],
    ['unitId', 1],
    ['isAdmin', true],
  ])('refuses a PATCH carrying %s (422) and changes nothing', async (field, value) => {
    const response = await req('PATCH', '/me/profile', member, { payload: { about: 'Hallo', [field]: value } });
    expect(response.statusCode).toBe(422);
    expect((await req('GET', '/me/profile', member)).json().about).toBeNull();
  });

  it('refuses a text over 500 characters (422)', async () => {
    expect((await req('PATCH', '/me/profile', member, { payload: { about: 'x'.repeat(501) } })).statusCode).toBe(422);
  });

  it('refuses a profile change without a session (401)', async () => {
    expect((await req('PATCH', '/me/profile', undefined, { payload: { about: 'x' } })).statusCode).toBe(401);
  });

  it('shows each field by its visibility to a member of the same Ortsverein, another one, and nobody signed in', async () => {
    const patch = await req('PATCH', '/me/profile', member, {
      payload: {
        about: 'Ich mag Radwege.',
        phone: '+49 7071 12345',
        contactEmail: 'mia@example.org',
        visibility: { about: 'all', phone: 'units' },
      },
    });
    expect(patch.statusCode).toBe(200);
    const url = `/members/${t.ids.member}/profile`;
    expect((await req('GET', url, sameOv)).json()).toEqual({
      id: t.ids.member,
      name: 'Erika mitglied',
      about: 'Ich mag Radwege.',
      phone: '+49 7071 12345',
    });
    expect((await req('GET', url, otherOv)).json()).toEqual({
      id: t.ids.member,
      name: 'Erika mitglied',
      about: 'Ich mag Radwege.',
    });
    expect((await req('GET', url)).statusCode).toBe(401);
  });

  it('answers 404 for a member who does not exist or left', async () => {
    expect((await req('GET', '/members/999999/profile', sameOv)).statusCode).toBe(404);
    const left = await addMember(t.database, { unitId: t.ids.ov, email: 'weg@example.org', number: '303' });
    await t.database.db.updateTable('members').set({ status: 'left' }).where('id', '=', left).execute();
    expect((await req('GET', `/members/${left}/profile`, sameOv)).statusCode).toBe(404);
  });

  it('stores a JPEG as WebP of at most 512 px without any metadata', async () => {
    const jpeg = await jpegWithExif();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const upload = await req('PUT', '/me/profile/photo', member, {
      payload: jpeg,
      headers: { cookie: member, 'content-type': 'image/jpeg' },
    });
    expect(upload.statusCode).toBe(200);
    expect(upload.json().hasPhoto).toBe(true);
    await req('PATCH', '/me/profile', member, { payload: { visibility: { photo: 'units' } } });

    const photo = await req('GET', `/members/${t.ids.member}/photo`, sameOv);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/webp');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.headers['content-disposition']).toBe('inline');
    expect(photo.headers['cache-control']).toMatch(/^private/);
    const meta = await sharp(photo.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width, meta.height)).toBe(512);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect((await req('GET', `/members/${t.ids.member}/photo`, otherOv)).statusCode).toBe(404);
  });

  const rejects: [string, () => Promise<Buffer>, string][] = [
    [
      'a PNG with a script after its end',
      async () => Buffer.concat([await png(), Buffer.from('<script>alert(1)</script>')]),
      'image/png',
    ],
    [
      'an SVG',
      async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'image/svg+xml',
    ],
    ['an HTML file sent as a JPEG', async () => Buffer.from('<!doctype html><script>alert(1)</script>'), 'image/jpeg'],
    ['a truncated JPEG', async () => (await jpegWithExif()).subarray(0, 2000), 'image/jpeg'],
  ];
  it.each(rejects)('refuses %s with upload_rejected (422)', async (_name, make, type) => {
    const response = await req('PUT', '/me/profile/photo', sameOv, {
      payload: await make(),
      headers: { cookie: sameOv, 'content-type': type },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('upload_rejected');
    expect((await req('GET', '/me/profile', sameOv)).json().hasPhoto).toBe(false);
  });

  it('accepts a phone JPEG with data after its end, and keeps only the image', async () => {
    const jpeg = Buffer.concat([await jpegWithExif(), Buffer.from('ftypmp42 a motion photo video')]);
    const upload = await req('PUT', '/me/profile/photo', sameOv, {
      payload: jpeg,
      headers: { cookie: sameOv, 'content-type': 'image/jpeg' },
    });
    expect(upload.statusCode).toBe(200);
    expect((await req('DELETE', '/me/profile/photo', sameOv)).json().hasPhoto).toBe(false);
  });

  it('refuses a file over 5 MiB (413)', async () => {
    const big = Buffer.concat([await jpegWithExif(), Buffer.alloc(5 * 1024 * 1024)]);
    const response = await req('PUT', '/me/profile/photo', sameOv, {
      payload: big,
      headers: { cookie: sameOv, 'content-type': 'image/jpeg' },
    });
    expect(response.statusCode).toBe(413);
  });

  it('removes the photo', async () => {
    expect((await req('DELETE', '/me/profile/photo', member)).json().hasPhoto).toBe(false);
    expect((await req('GET', `/members/${t.ids.member}/photo`, sameOv)).statusCode).toBe(404);
  });
});
