/**
 * `node --import tsx bench/live/run.ts [options]`: live fan-out benchmarks. Starts the real
 * application, a bare `ws` broadcast server and a socket.io server as child processes, connects the
 * same number of clients to each, and publishes posts to one room through the real path
 * (transaction → recordLiveEvent → publish after commit → gateway → sockets). Slices of each server
 * alternate (A-B-C-C-B-A …) so a machine that slows down slows all alike; every figure is printed
 * beside the bare `ws` figure of the same run. Then: memory per idle connection, and a reconnect
 * storm after a restart. See bench/live/README.md.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  hashToken,
  inTransaction,
  migrateToLatest,
  openDatabase,
  recordLiveEvent,
  units,
  type Database,
} from '@rotes-netz/core';
import { createBenchDatabase, type BenchDialect } from '../database.ts';
import { freePort, ROOT, spawnNode, stopChild, waitForReady, type Child } from '../processes.ts';
import {
  connectApp,
  connectBare,
  connectSocketIoClient,
  inParallel,
  now,
  Receipts,
  type Client,
  type Kind,
} from './clients.ts';

const USAGE = `Usage: node --import tsx bench/live/run.ts [options]

  --members <list>   connected members per scenario (default 1000,5000)
  --posts <n>        posts per slice (default 50)
  --interval <ms>    pause between posts (default 50)
  --rounds <n>       slices per server (default 5, in A-B-C-C-B-A order)
  --missed <n>       posts written while the server is down, for the reconnect storm (default 50)
  --database <d>     sqlite (default) or postgres (BENCH_DATABASE_URL)
  --no-socketio      leave the socket.io comparison out`;

interface Options {
  sizes: number[];
  posts: number;
  intervalMs: number;
  rounds: number;
  missed: number;
  database: BenchDialect;
  socketio: boolean;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: 'string', default: '1000,5000' },
      posts: { type: 'string', default: '50' },
      interval: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '5' },
      missed: { type: 'string', default: '50' },
      database: { type: 'string', default: 'sqlite' },
      'no-socketio': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const sizes = values.members.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 15_000)) throw new Error('--members: 1 to 15000 each');
  if (values.database !== 'sqlite' && values.database !== 'postgres') throw new Error('--database: sqlite or postgres');
  return {
    sizes,
    posts: Number(values.posts),
    intervalMs: Number(values.interval),
    rounds: Number(values.rounds),
    missed: Number(values.missed),
    database: values.database,
    socketio: !values['no-socketio'],
  };
}

/** One Ortsverein with `count` members, each with an account and a session; its general room. */
async function seed(database: Database, count: number): Promise<{ roomId: number; tokens: string[] }> {
  const db = database.db;
  const lv = (await units.createUnit(db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null })).id;
  const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: lv })).id;
  const ov = (await units.createUnit(db, { type: 'ortsverein', name: 'OV', code: 'OV', parentId: kv })).id;
  const now = Date.now();
  let room = await db
    .selectFrom('rooms')
    .select('id')
    .where('unit_id', '=', ov)
    .where('kind', '=', 'general')
    .executeTakeFirst();
  room ??= await db
    .insertInto('rooms')
    .values({
      unit_id: ov,
      kind: 'general',
      name: 'Allgemein',
      audience: 'unit',
      created_at: now,
      updated_at: now,
      last_activity_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tokens: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) => start + i);
    const members = await db
      .insertInto('members')
      .values(
        batch.map((i) => ({
          member_number: `B${i}`,
          first_name: 'Bench',
          last_name: `Member ${i}`,
          email: `bench${i}@example.org`,
          unit_id: ov,
          status: 'active' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    const accounts = await db
      .insertInto('accounts')
      .values(
        members.map((m, i) => ({
          member_id: m.id,
          email: `bench${batch[i]}@example.org`,
          password_hash: 'unused',
          locale: 'de' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    const batchTokens = accounts.map(() => randomBytes(24).toString('base64url'));
    tokens.push(...batchTokens);
    await db
      .insertInto('sessions')
      .values(
        accounts.map((a, i) => ({
          token_hash: hashToken(batchTokens[i]!),
          account_id: a.id,
          user_agent: 'bench',
          created_at: now,
          last_seen_at: now,
          idle_expires_at: now + 86_400_000,
          absolute_expires_at: now + 86_400_000,
          second_factor_pending: false,
          reauthenticated_at: null,
          ip_prefix: null,
        })),
      )
      .execute();
  }
  return { roomId: room.id, tokens };
}

interface Server {
  kind: Kind;
  child: Child;
  url: string;
  receipts: Receipts;
  clients: Client[];
}

interface Stats {
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  delivered: number;
}

async function call(server: Server, route: string, method = 'GET', body?: unknown): Promise<Stats> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${server.kind} ${route}: HTTP ${response.status}`);
  return (await response.json()) as Stats;
}

async function startServer(kind: Kind, databaseUrl: string, port?: number): Promise<Server> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const script = {
    app: 'bench/live/app-server.ts',
    bare: 'bench/live/bare-server.ts',
    socketio: 'bench/live/socketio-server.ts',
  }[kind];
  const child = spawnNode(kind, script, [], {
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RUN_WORKER: 'false',
  });
  await waitForReady(child, `${url}/bench/stats`, 120_000);
  return { kind, child, url, receipts: new Receipts(), clients: [] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Slice {
  kind: Kind;
  latencies: number[];
  delivered: number;
  expected: number;
  cpuSeconds: number;
}

let seqCounter = 0;

/** Publishes `posts` posts to one server and waits until every client has them (or 15 s passed). */
async function slice(server: Server, roomId: number, options: Options): Promise<Slice> {
  server.receipts.reset();
  const before = await call(server, '/bench/stats');
  const seqs: number[] = [];
  for (let i = 0; i < options.posts; i++) {
    const seq = ++seqCounter;
    seqs.push(seq);
    server.receipts.sentAt.set(seq, now());
    await call(server, '/bench/publish', 'POST', { roomId, seq });
    await sleep(options.intervalMs);
  }
  const expected = seqs.length * server.clients.length;
  const received = () => seqs.reduce((sum, s) => sum + (server.receipts.counts.get(s) ?? 0), 0);
  const deadline = Date.now() + 15_000;
  while (received() < expected && Date.now() < deadline) await sleep(20);
  const after = await call(server, '/bench/stats');
  return {
    kind: server.kind,
    latencies: [...server.receipts.latencies],
    delivered: received(),
    expected,
    cpuSeconds: (after.cpuMicros - before.cpuMicros) / 1e6,
  };
}

async function connectAll(server: Server, count: number, tokens: string[]): Promise<void> {
  const opened = await inParallel(count, server.kind === 'app' ? 50 : 200, (i) =>
    server.kind === 'app'
      ? connectApp(server.url, tokens[i]!, server.receipts)
      : server.kind === 'bare'
        ? connectBare(server.url, server.receipts)
        : connectSocketIoClient(server.url, server.receipts),
  );
  server.clients.push(...opened);
}

async function disconnectAll(server: Server): Promise<void> {
  for (const client of server.clients) client.close();
  await Promise.all(server.clients.map((c) => c.closed));
  server.clients = [];
}

interface Target {
  text: string;
  met: boolean;
}

/** Issue 4's fan-out targets for one size: p99, deliveries per CPU-second, loss, socket.io. */
function liveTargets(summary: Record<string, { p99: number; perCpuSecond: number; lost: number }>): Target[] {
  const { app, bare, socketio } = summary as Record<Kind, { p99: number; perCpuSecond: number; lost: number }>;
  const p99 = app.p99 / bare.p99;
  const throughput = app.perCpuSecond / bare.perCpuSecond;
  const targets: Target[] = [
    { text: `delivery p99 ${fmt(p99, 2)}× bare (target ≤ 2×)`, met: p99 <= 2 },
    { text: `deliveries per CPU-second ${fmt(throughput, 2)}× bare (target ≥ 0.5×)`, met: throughput >= 0.5 },
    { text: `${app.lost} deliveries lost (target 0)`, met: app.lost === 0 },
  ];
  if (socketio) {
    targets.push({
      text: `ahead of socket.io: p99 ${fmt(p99, 2)}× against ${fmt(socketio.p99 / bare.p99, 2)}×, deliveries per CPU-second ${fmt(
        throughput,
        2,
      )}× against ${fmt(socketio.perCpuSecond / bare.perCpuSecond, 2)}×`,
      met: app.p99 < socketio.p99 && app.perCpuSecond > socketio.perCpuSecond,
    });
  }
  return targets;
}

const kib = (bytes: number) => bytes / 1024;
const fmt = (n: number, digits = 1) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const undo of cleanups.reverse()) await undo().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  const results: Record<string, unknown> = { startedAt: new Date().toISOString(), options };
  try {
    const benchDb = await createBenchDatabase(options.database);
    cleanups.push(() => benchDb.remove());
    const database = openDatabase(benchDb.url);
    cleanups.push(() => database.close());
    await migrateToLatest(database);
    const largest = Math.max(...options.sizes);
    const { roomId, tokens } = await seed(database, largest);
    console.log(`Seeded ${largest} members with sessions on ${options.database} (${benchDb.location}).`);

    const kinds: Kind[] = options.socketio ? ['app', 'bare', 'socketio'] : ['app', 'bare'];
    const servers = new Map<Kind, Server>();
    for (const kind of kinds) {
      const server = await startServer(kind, benchDb.url);
      servers.set(kind, server);
      cleanups.push(async () => {
        await disconnectAll(servers.get(kind)!).catch(() => undefined);
        await stopChild(servers.get(kind)!.child);
      });
    }

    const scenarios = [];
    for (const size of options.sizes) {
      console.log(`\n${size} connected members: connecting…`);
      const memory: Record<string, number> = {};
      for (const kind of kinds) {
        const server = servers.get(kind)!;
        const before = await call(server, '/bench/gc', 'POST');
        await connectAll(server, size, tokens);
        await sleep(500);
        const after = await call(server, '/bench/gc', 'POST');
        memory[kind] = kib(after.rssBytes - before.rssBytes) / size;
        memory[`${kind}Heap`] = kib(after.heapUsedBytes - before.heapUsedBytes) / size;
      }
      // Warm-up: one slice each, discarded.
      for (const kind of kinds) await slice(servers.get(kind)!, roomId, { ...options, posts: 5 });
      const slices: Slice[] = [];
      for (let r = 0; r < options.rounds; r++) {
        for (const kind of r % 2 === 0 ? kinds : [...kinds].reverse()) {
          slices.push(await slice(servers.get(kind)!, roomId, options));
        }
      }
      const summary = Object.fromEntries(
        kinds.map((kind) => {
          const mine = slices.filter((s) => s.kind === kind);
          const latencies = mine.flatMap((s) => s.latencies).sort((a, b) => a - b);
          const delivered = mine.reduce((sum, s) => sum + s.delivered, 0);
          const expected = mine.reduce((sum, s) => sum + s.expected, 0);
          const cpu = mine.reduce((sum, s) => sum + s.cpuSeconds, 0);
          return [
            kind,
            {
              p50: percentile(latencies, 50),
              p99: percentile(latencies, 99),
              // `slices` is in round order, so `mine` is too: one entry per round.
              p99PerRound: mine.map((s) =>
                percentile(
                  [...s.latencies].sort((a, b) => a - b),
                  99,
                ),
              ),
              max: latencies.at(-1) ?? NaN,
              delivered,
              lost: expected - delivered,
              perCpuSecond: delivered / cpu,
              memoryKiB: memory[kind],
              heapKiB: memory[`${kind}Heap`],
            },
          ];
        }),
      ) as Record<
        Kind,
        {
          p50: number;
          p99: number;
          /** The p99 of each round's slice, in round order. */
          p99PerRound: number[];
          max: number;
          delivered: number;
          lost: number;
          perCpuSecond: number;
          memoryKiB: number;
          heapKiB: number;
        }
      >;
      scenarios.push({ size, summary, targets: [] as Target[] });
      const bare = summary.bare;
      console.log(
        `| server    | p50 ms | p99 ms | p99 vs bare | per round | deliveries/CPU-s | vs bare | lost | RSS KiB/conn | heap KiB/conn |`,
      );
      console.log(
        `| --------- | -----: | -----: | ----------: | --------: | ---------------: | ------: | ---: | -----------: | ------------: |`,
      );
      for (const kind of kinds) {
        const s = summary[kind];
        // Each round's p99 against bare's in the same round: how far one slice's hiccup moves it.
        const perRound = s.p99PerRound.map((p99, r) => p99 / bare.p99PerRound[r]!);
        console.log(
          `| ${kind.padEnd(9)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.p99 / bare.p99, 2)}× | ${fmt(Math.min(...perRound), 2)}–${fmt(
            Math.max(...perRound),
            2,
          )} | ${fmt(s.perCpuSecond, 0)} | ${fmt(s.perCpuSecond / bare.perCpuSecond, 2)}× | ${s.lost} | ${fmt(s.memoryKiB)} | ${fmt(
            s.heapKiB,
          )} |`,
        );
      }
      const targets = liveTargets(summary);
      for (const target of targets) console.log(`  ${target.met ? 'met   ' : 'MISSED'}  ${target.text}`);
      scenarios.at(-1)!.targets = targets;
      for (const kind of kinds) if (kind !== 'app' || size !== largest) await disconnectAll(servers.get(kind)!);
    }
    results.scenarios = scenarios;

    // Reconnect storm: the app restarts while `missed` posts are written; every client comes back
    // with `since` and must receive exactly those posts, no gaps, no refetch.
    const app = servers.get('app')!;
    const port = Number(new URL(app.url).port);
    console.log(
      `\nReconnect storm: ${app.clients.length} clients, ${options.missed} posts written while the app is down…`,
    );
    await stopChild(app.child);
    await Promise.all(app.clients.map((c) => c.closed));
    const missed: number[] = [];
    for (let i = 0; i < options.missed; i++) {
      const seq = ++seqCounter;
      missed.push(seq);
      await inTransaction(database.db, (trx) =>
        recordLiveEvent(trx, `room:${roomId}`, 'post.created', { roomId, threadId: 1, postId: seq }),
      );
    }
    const restarted = await startServer('app', benchDb.url, port);
    servers.set('app', { ...restarted, clients: app.clients, receipts: app.receipts });
    const started = now();
    let failures = 0;
    const caughtUpAt: number[] = [];
    await Promise.all(
      app.clients.map(async (client, i) => {
        await sleep(Math.random() * 200);
        client.seqs = [];
        for (let attempt = 0; ; attempt++) {
          try {
            await connectApp(restarted.url, tokens[i]!, app.receipts, client.lastEventId, client);
            break;
          } catch {
            failures++;
            if (attempt > 20) return;
            await sleep(250 + Math.random() * 500);
          }
        }
        caughtUpAt.push(now() - started);
      }),
    );
    const allCaughtUp = Math.max(...caughtUpAt);
    const expectedSeqs = missed.join(',');
    const gaps = app.clients.filter((c) => c.seqs.slice(0, missed.length).join(',') !== expectedSeqs).length;
    const refetched = app.clients.filter((c) => c.refetched).length;
    const sorted = [...caughtUpAt].sort((a, b) => a - b);
    results.reconnect = {
      clients: app.clients.length,
      missed: options.missed,
      allCaughtUpMs: allCaughtUp,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      failedAttempts: failures,
      clientsWithGaps: gaps,
      refetched,
    };
    console.log(
      `all ${app.clients.length} caught up after ${fmt(allCaughtUp, 0)} ms (p50 ${fmt(percentile(sorted, 50), 0)} ms, p99 ${fmt(
        percentile(sorted, 99),
        0,
      )} ms); ${gaps} with gaps, ${refetched} told to refetch, ${failures} refused attempts retried`,
    );

    const dir = path.join(ROOT, 'bench/results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `live-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(results, null, 2));
    console.log(`\nFigures written to ${path.relative(ROOT, file)}`);
    return gaps > 0 || scenarios.some((s) => s.summary.app.lost > 0) ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
