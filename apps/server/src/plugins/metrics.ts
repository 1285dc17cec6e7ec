/**
 * `GET /metrics` in the Prometheus text format (prom-client): requests by route pattern and status
 * with latency histograms, the live gateway (open sockets, deliveries, slow-consumer closes), the
 * job queue by kind, mails sent and failed, the database pool, and Node's own figures.
 *
 * Only the addresses in `METRICS_ALLOW` or a request with `Authorization: Bearer METRICS_TOKEN`
 * may read it; everyone else gets the same 404 as for a path that does not exist. The figures
 * name no member, address or session.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { NotFoundError, queueFigures } from '@rotes-netz/core';

export interface MetricsOptions {
  allow: string[];
  token: string | undefined;
}

/** Counters of the job worker in this process (one worker per process; its mails counted here). */
const workerRegistry = new Registry();
export const mailsSent = new Counter({
  name: 'rn_mails_sent_total',
  help: 'Mails the SMTP server accepted (this process).',
  registers: [workerRegistry],
});
export const mailsFailed = new Counter({
  name: 'rn_mails_failed_total',
  help: 'Mail send attempts that failed (this process; a failed attempt is retried).',
  registers: [workerRegistry],
});

/** Whether an address lies in one of the CIDRs (IPv4 also when it arrives IPv6-mapped). */
function allowList(cidrs: string[]): (address: string) => boolean {
  const list = new net.BlockList();
  for (const entry of cidrs) {
    const [address = '', bits] = entry.split('/');
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
    const type = net.isIPv6(plain) ? 'ipv6' : 'ipv4';
    return net.isIP(plain) !== 0 && list.check(plain, type);
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export const metrics = fp(
  async (app: FastifyInstance, options: MetricsOptions) => {
    const { database } = app.ctx;
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'rn_' });

    const requests = new Counter({
      name: 'rn_http_requests_total',
      help: 'HTTP requests by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const latency = new Histogram({
      name: 'rn_http_request_duration_seconds',
      help: 'Time from request to response, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      // The pattern (`/api/v1/rooms/:roomId`), never the path: ids must not multiply the series.
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      requests.inc(labels);
      latency.observe(labels, reply.elapsedTime / 1000);
    });

    new Gauge({
      name: 'rn_live_sockets_open',
      help: 'Open live WebSockets on this node.',
      registers: [registry],
      collect() {
        this.set(app.liveGateway.stats().connections);
      },
    });
    new Counter({
      name: 'rn_live_deliveries_total',
      help: 'Live events delivered to sockets by this node.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(app.liveGateway.stats().delivered);
      },
    });
    new Counter({
      name: 'rn_live_slow_consumer_closes_total',
      help: 'Sockets this node closed because they fell too far behind.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(app.liveGateway.stats().droppedSlow);
      },
    });

    const kindGauge = (name: string, help: string) =>
      new Gauge({ name, help, labelNames: ['kind'] as const, registers: [registry] });
    const jobsDue = kindGauge('rn_jobs_due', 'Jobs waiting to run now, by kind (all nodes).');
    const jobsScheduled = kindGauge('rn_jobs_scheduled', 'Jobs scheduled for later, by kind (all nodes).');
    const jobsAge = kindGauge('rn_jobs_oldest_due_age_seconds', 'How long the oldest due job of each kind has waited.');
    const jobsFailed = kindGauge('rn_jobs_failed', 'Jobs that gave up after their last attempt, by kind (all nodes).');
    const pool = new Gauge({
      name: 'rn_db_pool_connections',
      help: 'PostgreSQL pool of this node: connections by state (total, idle, waiting clients).',
      labelNames: ['state'] as const,
      registers: [registry],
    });

    async function collectQueue(): Promise<void> {
      const figures = await queueFigures(database.db, Date.now());
      for (const gauge of [jobsDue, jobsScheduled, jobsAge, jobsFailed]) gauge.reset();
      for (const f of figures) {
        jobsDue.set({ kind: f.kind }, f.due);
        jobsScheduled.set({ kind: f.kind }, f.scheduled);
        jobsAge.set({ kind: f.kind }, f.oldestDueAgeMs / 1000);
        jobsFailed.set({ kind: f.kind }, f.failed);
      }
      const stats = database.poolStats?.();
      if (stats) {
        pool.set({ state: 'total' }, stats.total);
        pool.set({ state: 'idle' }, stats.idle);
        pool.set({ state: 'waiting' }, stats.waiting);
      }
    }

    const fromAllowed = allowList(options.allow);
    const token = options.token ? digest(options.token) : undefined;
    function admitted(request: FastifyRequest): boolean {
      const header = request.headers.authorization;
      if (token && header?.startsWith('Bearer ') && timingSafeEqual(digest(header.slice(7)), token)) return true;
      return fromAllowed(request.ip);
    }

    app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
      if (!admitted(request)) throw new NotFoundError();
      await collectQueue();
      const text = (await registry.metrics()) + (await workerRegistry.metrics());
      return reply.type(registry.contentType).header('cache-control', 'no-store').send(text);
    });
  },
  { name: 'metrics', dependencies: ['live'] },
);
