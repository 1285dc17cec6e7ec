/**
 * The share page of a public event and its picture: the page points networks at a PNG of
 * 1200×630 in the brand's colours (not an SVG they ignore), the picture is served only for public
 * events, and the generated description reads as German.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('event share page and picture on $dialect', (kind) => {
  let t: TestApp;
  let admin: string;
  const year = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await signIn(t.app, 'admin@example.org');
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  async function createEvent(body: object) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/units/${t.ids.lv}/events`,
      headers: { cookie: admin },
      payload: {
        kind: 'video_conference',
        title: 'Dialogtour: Mobilität im ländlichen Raum',
        topic: 'Mobilität',
        startsAt: `${year}-04-08T19:00`,
        endsAt: `${year}-04-08T20:30`,
        online: true,
        guests: [{ name: 'Der Spitzenkandidat', role: 'Spitzenkandidat zur Landtagswahl' }],
        audience: 'all',
        ...body,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number };
  }

  it('points og:image at a PNG of 1200×630 and describes the event in sentences that read right', async () => {
    const event = await createEvent({ share: { public: true, fields: ['topic', 'guests'] } });
    const page = await get(`/share/events/${event.id}`);
    expect(page.statusCode).toBe(200);
    const image = /<meta property="og:image" content="([^"]+)">/.exec(page.body)?.[1];
    expect(image).toBe(`${t.config.publicUrl.replace(/\/$/, '')}/share/events/${event.id}/image.png`);
    expect(page.body).toContain('<meta property="og:image:type" content="image/png">');
    expect(page.body).toContain('<meta property="og:image:width" content="1200">');
    expect(page.body).toContain('<meta property="og:image:height" content="630">');
    expect(page.body).toContain('<meta name="twitter:card" content="summary_large_image">');
    const description = /<meta property="og:description" content="([^"]+)">/.exec(page.body)?.[1];
    expect(description).toContain('Thema: Mobilität · Gäste: Der Spitzenkandidat (Spitzenkandidat zur Landtagswahl)');
    expect(description).not.toMatch(/Mit Der/);
  });

  it('serves the picture as a PNG in the brand colour, the same bytes again, and a new one after an edit', async () => {
    const event = await createEvent({ share: { public: true, fields: [] } });
    const first = await get(`/share/events/${event.id}/image.png`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/png');
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const meta = await sharp(first.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 1200, height: 630 });
    const { data } = await sharp(first.rawPayload)
      .extract({ left: 20, top: 300, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([0xe3, 0x00, 0x0f]);

    const again = await get(`/share/events/${event.id}/image.png`);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);

    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${event.id}`,
      headers: { cookie: admin },
      payload: { title: 'Dialogtour: Bildung' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const changed = await get(`/share/events/${event.id}/image.png`);
    expect(changed.statusCode).toBe(200);
    expect(changed.rawPayload.equals(first.rawPayload)).toBe(false);
  });

  it('answers 404 for the picture of an event that is not public, or not there', async () => {
    const hidden = await createEvent({ title: 'Intern' });
    for (const url of [`/share/events/${hidden.id}/image.png`, '/share/events/999999/image.png']) {
      const response = await get(url);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const bad = await get('/share/events/abc/image.png');
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});
