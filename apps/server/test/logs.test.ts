import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildApp } from '../src/app.ts';
import { loggerOptions } from '../src/logging.ts';
import { buildTestApp, PASSWORD, signIn, type TestApp } from './support/app.ts';

describe.each(databaseKinds())('logs on $dialect', (kind) => {
  let t: TestApp;
  let app: FastifyInstance;
  let lines: string[];
  beforeEach(async () => {
    t = await buildTestApp(kind);
    lines = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    app = await buildApp({ config: t.config, database: t.database, logger: pino(loggerOptions('trace'), sink) });
  });
  afterEach(async () => {
    await app.close();
    await t.close();
  });

  it('are JSON and hold no password, session token or cookie, even at trace level', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'mitglied@example.org', password: PASSWORD },
      headers: { cookie: 'rn_session=alter-token-123' },
    });
    const token = res.cookies.find((c) => c.name === 'rn_session')!.value;
    await app.inject({ url: '/api/v1/me', headers: { cookie: `rn_session=${token}` } });
    app.log.info({ req: { headers: { cookie: `rn_session=${token}` } }, body: { password: PASSWORD } }, 'explicit');
    await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: '{"password": "' + PASSWORD });
    expect(lines.length).toBeGreaterThan(3);
    expect(token.length).toBeGreaterThan(20);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(PASSWORD);
      expect(line).not.toContain('alter-token-123');
      expect(line).not.toContain(token);
    }
    expect(lines.join('\n')).toContain('[redacted]');
  });

  it('hold no calendar-feed, data-export or link token from a request URL', async () => {
    const member = await signIn(app, 'mitglied@example.org');
    const feed = await app.inject({
      method: 'POST',
      url: '/api/v1/me/calendar-feed',
      headers: { cookie: member },
      payload: {},
    });
    const feedPath = new URL(feed.json<{ url: string }>().url).pathname;
    const feedToken = feedPath.slice('/calendar/'.length, -'.ics'.length);
    expect((await app.inject({ url: feedPath })).statusCode).toBe(200);
    const exportToken = 'ExportTokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await app.inject({ url: `/api/v1/me/data-export/${exportToken}`, headers: { cookie: member } });
    await app.inject({ url: '/registrieren/bestaetigen?lang=de&token=LinkTokenBBBBBBBBBBBB&code=123456' });
    const urls = lines.map((line) => JSON.parse(line) as { req?: { url: string } }).flatMap((l) => l.req?.url ?? []);
    expect(urls).toContain('/calendar/[redacted].ics');
    expect(urls).toContain('/api/v1/me/data-export/[redacted]');
    expect(urls).toContain('/registrieren/bestaetigen?lang=de&token=[redacted]&code=[redacted]');
    for (const secret of [feedToken, exportToken, 'LinkTokenBBBBBBBBBBBB', '123456']) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });
});
