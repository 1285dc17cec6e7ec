import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { enqueueJob, queueMail } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';
import { connectReady } from './support/live-client.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp.ts';

const TOKEN = 'metrics-token-with-more-than-32-characters';

/** The value of one series in the Prometheus text, or undefined when it is not there. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(databaseKinds())('/metrics on $dialect', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;

  beforeEach(async () => {
    smtp = await startSmtpSink();
    t = await buildTestApp(kind, {
      METRICS_ALLOW: '10.0.0.0/8, 2001:db8::/32',
      METRICS_TOKEN: TOKEN,
      SMTP_URL: smtp.url,
    });
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  const scrape = async (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.body;
  };

  it('answers 404 like a missing page to everyone but the allowed addresses and the token', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/no-such-page' });
    for (const request of [
      { remoteAddress: '127.0.0.1' },
      { remoteAddress: '192.168.1.5', headers: { authorization: 'Bearer wrong-token-wrong-token-wrong-token-x' } },
      { remoteAddress: '11.0.0.1', headers: { authorization: TOKEN } },
    ]) {
      const refused = await t.app.inject({ method: 'GET', url: '/metrics', ...request });
      expect(refused.statusCode).toBe(404);
      expect(refused.headers['content-type']).toBe(missing.headers['content-type']);
      expect(refused.json()).toMatchObject({ code: 'not_found' });
      expect(refused.body).not.toContain('rn_');
    }
    for (const remoteAddress of ['10.1.2.3', '::ffff:10.9.9.9', '2001:db8::7']) {
      const allowed = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.body).toContain('rn_http_requests_total');
    }
    expect(await scrape({ authorization: `Bearer ${TOKEN}` })).toContain('rn_process_cpu_seconds_total');
  });

  it('counts requests by route pattern and status, with a latency histogram', async () => {
    const cookie = await signIn(t.app, 'mitglied@example.org');
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
    for (let i = 0; i < 3; i++) await get(`/api/v1/units/${t.ids.ov}`);
    await get('/api/v1/units/999999');
    const text = await scrape();
    const ok = 'method="GET",route="/api/v1/units/:id",status="200"';
    expect(value(text, `rn_http_requests_total{${ok}}`)).toBe(3);
    expect(value(text, 'rn_http_requests_total{method="GET",route="/api/v1/units/:id",status="404"}')).toBe(1);
    expect(value(text, `rn_http_request_duration_seconds_count{${ok}}`)).toBe(3);
    expect(value(text, `rn_http_request_duration_seconds_bucket{le="+Inf",${ok}}`)).toBe(3);
    // Paths with ids never become series of their own.
    expect(text).not.toContain(`/api/v1/units/${t.ids.ov}`);
  });

  it('shows open sockets and live deliveries', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const client = await connectReady(base, { cookie: await signIn(t.app, 'mitglied@example.org') });
    expect(value(await scrape(), 'rn_live_sockets_open')).toBe(1);
    expect(value(await scrape(), 'rn_live_slow_consumer_closes_total')).toBe(0);
    expect(value(await scrape(), 'rn_live_deliveries_total')).toBeGreaterThanOrEqual(0);
    client.close();
    await client.closed;
    await expect.poll(async () => value(await scrape(), 'rn_live_sockets_open')).toBe(0);
  });

  it('shows the job queue by kind with the age of the oldest due job, and mails sent', async () => {
    const now = Date.now();
    await enqueueJob(t.database.db, 'test.waiting', {}, { runAt: now - 90_000 });
    await enqueueJob(t.database.db, 'test.waiting', {}, { runAt: now - 10_000 });
    await enqueueJob(t.database.db, 'test.later', {}, { runAt: now + 3_600_000 });
    let text = await scrape();
    expect(value(text, 'rn_jobs_due{kind="test.waiting"}')).toBe(2);
    expect(value(text, 'rn_jobs_oldest_due_age_seconds{kind="test.waiting"}')).toBeGreaterThanOrEqual(90);
    expect(value(text, 'rn_jobs_scheduled{kind="test.later"}')).toBe(1);
    expect(value(text, 'rn_jobs_due{kind="test.later"}')).toBe(0);

    const sentBefore = value(text, 'rn_mails_sent_total')!;
    await t.database.db.deleteFrom('jobs').execute();
    await queueMail(
      t.database.db,
      { to: 'a@example.org', subject: 'Hallo', text: 'Hallo', html: '<p>Hallo</p>', locale: 'de', kind: 'test' },
      { messageDomain: 'example.org' },
    );
    await t.worker.drain();
    await smtp.waitFor(1);
    text = await scrape();
    expect(value(text, 'rn_mails_sent_total')! - sentBefore).toBe(1);
    expect(value(text, 'rn_mails_failed_total')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'rn_jobs_due{kind="test.waiting"}')).toBeUndefined();
  });

  it('offers every figure the sample Grafana dashboard asks for', async () => {
    const dashboard = fs.readFileSync(new URL('../../../deploy/grafana/rotes-netz.json', import.meta.url), 'utf8');
    const asked = new Set(
      [...dashboard.matchAll(/\brn_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')),
    );
    expect(asked.size).toBeGreaterThan(8);
    const text = await scrape();
    for (const name of asked) expect(text, name).toContain(`# TYPE ${name} `);
  });

  // SQLite has one connection and no pool to show.
  if (kind.dialect === 'postgres')
    it('shows the database pool on PostgreSQL', async () => {
      const text = await scrape();
      expect(value(text, 'rn_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
      expect(value(text, 'rn_db_pool_connections{state="waiting"}')).toBe(0);
    });
});
