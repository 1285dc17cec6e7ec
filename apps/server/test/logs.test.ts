import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildApp, REDACT } from '../src/app.ts';
import { buildTestApp, PASSWORD, type TestApp } from './support/app.ts';

describe('logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await buildTestApp(databaseKinds()[0]!);
  });
  afterAll(() => t.close());

  it('are JSON and hold no password, session token or cookie, even at trace level', async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    const logger = pino({ level: 'trace', redact: { paths: REDACT, censor: '[redacted]' } }, sink);
    const app = await buildApp({ config: t.config, database: t.database, logger });
    let token = '';
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: 'mitglied@example.org', password: PASSWORD },
        headers: { cookie: 'rn_session=alter-token-123' },
      });
      token = res.cookies.find((c) => c.name === 'rn_session')!.value;
      await app.inject({ url: '/api/v1/me', headers: { cookie: `rn_session=${token}` } });
      logger.info({ req: { headers: { cookie: `rn_session=${token}` } }, body: { password: PASSWORD } }, 'explicit');
      await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: '{"password": "' + PASSWORD });
    } finally {
      await app.close();
    }
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
});
