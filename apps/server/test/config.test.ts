import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, missingSmtpWarning, redactedConfig } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('has working defaults: port 3000, a SQLite file under ./data, no Redis, mail kept', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      databaseUrl: 'sqlite:./data/rotes-netz.db',
      redisUrl: undefined,
      smtpUrl: undefined,
      demo: false,
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://netz.example/',
      DATABASE_URL: 'postgres://rn:geheim@db:5432/rn',
      REDIS_URL: 'redis://cache:6379',
      SMTP_URL: 'smtp://mail:25',
      DEMO: 'true',
      TRUST_PROXY: '1',
      BRAND_PRIMARY_COLOR: '#123456',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://netz.example',
      databaseUrl: 'postgres://rn:geheim@db:5432/rn',
      demo: true,
      trustProxy: true,
      brand: { primaryColor: '#123456' },
    });
    expect(redactedConfig(config).databaseUrl).toBe('postgres://rn:***@db:5432/rn');
  });

  it('names every wrong value at once, with what was expected', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'achtzig',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'http://cache',
        BRAND_PRIMARY_COLOR: 'rot',
        DEMO: 'vielleicht',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(6);
    expect(problems[0]).toBe('PORT="achtzig" is not valid: expected a whole number from 0 to 65535');
    expect(problems.join('\n')).toMatch(/DATABASE_URL.*postgres:\/\/… or sqlite:PATH/);
    expect(problems.join('\n')).toMatch(/REDIS_URL.*redis:/);
    expect(problems.join('\n')).toMatch(/BRAND_PRIMARY_COLOR.*#E3000F/);
    expect(problems.join('\n')).toMatch(/DEMO.*true or false/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL.*one of fatal/);
  });

  it('refuses an idle timeout longer than the absolute session lifetime', () => {
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: String(3 * 24 * 60), SESSION_ABSOLUTE_DAYS: '1' })).toThrow(
      /SESSION_IDLE_MINUTES must not be longer/,
    );
  });

  it('is documented completely: .env.example lists exactly the variables the server reads', () => {
    const root = path.join(import.meta.dirname, '..', '..', '..');
    const source = fs.readFileSync(path.join(root, 'apps/server/src/config.ts'), 'utf8');
    const read = [...source.matchAll(/read\('([A-Z0-9_]+)'/g)].map((m) => m[1]).sort();
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^#? ?([A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(read.length).toBeGreaterThan(20);
    expect(documented).toEqual(read);
  });

  it('warns loudly when a production instance has no SMTP_URL, and only then', () => {
    const https = loadConfig({ PUBLIC_URL: 'https://netz.example' });
    expect(missingSmtpWarning(https, {})).toMatch(/SMTP_URL is not set/);
    expect(missingSmtpWarning(loadConfig({}), { NODE_ENV: 'production' })).toMatch(/reach nobody/);
    expect(missingSmtpWarning(loadConfig({}), {})).toBeNull();
    expect(missingSmtpWarning(loadConfig({ PUBLIC_URL: 'https://netz.example', DEMO: 'true' }), {})).toBeNull();
    const withSmtp = loadConfig({ PUBLIC_URL: 'https://netz.example', SMTP_URL: 'smtp://mail:587' });
    expect(missingSmtpWarning(withSmtp, {})).toBeNull();
  });

  it('derives one Redis prefix per instance and checks the metrics allow list', () => {
    const a = loadConfig({ DATABASE_URL: 'postgres://rn:eins@db/rn_bw' });
    const b = loadConfig({ DATABASE_URL: 'postgres://rn:zwei@db/rn_bw' });
    const other = loadConfig({ DATABASE_URL: 'postgres://rn:eins@db/rn_hessen' });
    expect(a.redisPrefix).toMatch(/^rn:[0-9a-f]{12}:$/);
    // The password is no part of the instance: nodes with rotated credentials stay together.
    expect(b.redisPrefix).toBe(a.redisPrefix);
    expect(other.redisPrefix).not.toBe(a.redisPrefix);
    expect(loadConfig({ REDIS_PREFIX: 'rn:hessen:' }).redisPrefix).toBe('rn:hessen:');
    expect(loadConfig({ METRICS_ALLOW: '10.0.0.0/8, ::1' }).metricsAllow).toEqual(['10.0.0.0/8', '::1']);
    expect(() => loadConfig({ METRICS_ALLOW: '10.0.0.0/33', REDIS_PREFIX: 'mit leerzeichen' })).toThrow(
      /METRICS_ALLOW="10.0.0.0\/33" is not valid[\s\S]*REDIS_PREFIX="mit leerzeichen" is not valid/,
    );
    expect(redactedConfig(loadConfig({ METRICS_TOKEN: 'x'.repeat(40) })).metricsToken).toBe('***');
  });
});
