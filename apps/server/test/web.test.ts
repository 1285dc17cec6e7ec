import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, type TestApp } from './support/app.ts';

describe('serving the web app', () => {
  let t: TestApp;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'rn-dist-'));
  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Rotes Netz</title><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    // What the build writes beside each file (apps/web/vite.config.ts); the bodies tell them apart.
    fs.writeFileSync(path.join(dist, 'assets', 'app-1234.js.br'), 'brotli bytes');
    fs.writeFileSync(path.join(dist, 'assets', 'app-1234.js.gz'), 'gzip bytes');
    fs.writeFileSync(path.join(dist, 'index.html.gz'), 'gzipped index');
    fs.writeFileSync(path.join(dist, 'sw.js'), 'self.x = 1');
    t = await buildTestApp(databaseKinds()[0]!, { WEB_DIST: dist });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('answers the start page and every page path with index.html, never cached', async () => {
    for (const url of ['/', '/struktur', '/struktur/12', '/admin/mails?x=1']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    }
  });

  it('caches hashed assets for a year and the service worker not at all', async () => {
    expect((await t.app.inject('/assets/app-1234.js')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await t.app.inject('/sw.js')).headers['cache-control']).toBe('no-cache');
  });

  it('sends the precompressed file the browser accepts, with Vary: Accept-Encoding', async () => {
    const get = (url: string, encoding?: string) =>
      t.app.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });
    const br = await get('/assets/app-1234.js', 'gzip, deflate, br');
    expect(br.body).toBe('brotli bytes');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const gzip = await get('/assets/app-1234.js', 'gzip');
    expect(gzip.body).toBe('gzip bytes');
    expect(gzip.headers['content-encoding']).toBe('gzip');

    const plain = await get('/assets/app-1234.js');
    expect(plain.body).toBe('console.log(1)');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);

    // Without a .br the next best is taken, for the app's pages as well.
    const page = await get('/struktur', 'br, gzip');
    expect(page.body).toBe('gzipped index');
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('answers unknown files and API paths with a 404 problem, not the app', async () => {
    for (const url of ['/missing.js', '/api/v1/missing', '/assets/', '/../package.json']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
