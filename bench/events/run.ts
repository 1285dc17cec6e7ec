/**
 * `npm run bench:events [-- options]`: the two measurements of issue 6's "Speed" section, each
 * against a baseline measured in the same run (see bench/README.md, "Events"):
 *
 * 1. Meeting data to N registrants: the real fan-out and mail jobs in a worker process
 *    (`mail-worker.ts`) sending to a local smtp-server sink, against a bare sender process
 *    (`bare-sender.ts`: nodemailer with the app's transport options sending the same, already
 *    rendered messages one after another). Rounds in A-B-B-A order; mails per second from the
 *    start to the last accepted message, peak resident memory (VmHWM) of both processes, and a
 *    count at the sink that every registrant got exactly one mail per round.
 * 2. The event list of a member with M upcoming events in their audience: `listEvents` against
 *    its own statements run by hand (`raw-list.ts`), interleaved, median and p95.
 *
 * Figures are printed and written to bench/results/, never asserted; the exit code is 1 only
 * when mails were lost or duplicated or the two sides of a comparison disagreed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import {
  listEvents,
  loadActor,
  migrateToLatest,
  openDatabase,
  setMeetingData,
  units,
  type Database,
} from '@rotes-netz/core';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, type BenchDatabase, type BenchDialect } from '../database.ts';
import { memoryOf, ROOT, type Memory } from '../processes.ts';
import { machine } from '../report.ts';
import type { BareMessage } from './bare-sender.ts';
import { captureListStatements, openRawList, type RawList } from './raw-list.ts';
import { MAIL_SETTINGS } from './settings.ts';
import { startSink, type Sink } from './sink.ts';

const USAGE = `Usage: npm run bench:events -- [options]

  --database <d>       sqlite (default) or postgres (BENCH_DATABASE_URL or
                       ${DEFAULT_POSTGRES_URL}; a fresh rn_bench_* database, dropped afterwards)
  --registrants <n>    registrants mailed the meeting data (default 5000; --quick: 500)
  --events <n>         upcoming events in the member's audience (default 2000; --quick: 200);
                       a multiple of the walk's page size (200, or 50 below 400 events)
  --rounds <n>         mailing rounds per side, in A-B-B-A order (default 2; --quick: 1)
  --greeting-pause     keep smtp-server's 100 ms pause before each greeting (the sink
                       greets at once by default; see bench/events/sink.ts)
  --only <part>        mail or list: run one of the two measurements
  --quick              a smoke run: small sizes, one round`;

interface Options {
  database: BenchDialect;
  registrants: number;
  events: number;
  rounds: number;
  greetingPause: boolean;
  only: 'mail' | 'list' | undefined;
  quick: boolean;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      database: { type: 'string' },
      registrants: { type: 'string' },
      events: { type: 'string' },
      rounds: { type: 'string' },
      'greeting-pause': { type: 'boolean', default: false },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const whole = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  const quick = values.quick;
  const database = values.database ?? 'sqlite';
  if (database !== 'sqlite' && database !== 'postgres') throw new Error('--database must be sqlite or postgres');
  const only = values.only;
  if (only !== undefined && only !== 'mail' && only !== 'list') throw new Error('--only must be mail or list');
  const events = whole('events', values.events, quick ? 200 : 2000, 100, 1_000_000);
  if (events % walkPageSize(events) !== 0) {
    throw new Error(`--events must be a multiple of ${walkPageSize(events)} (the walk's page size)`);
  }
  return {
    database,
    registrants: whole('registrants', values.registrants, quick ? 500 : 5000, 10, 1_000_000),
    events,
    rounds: whole('rounds', values.rounds, quick ? 1 : 2, 1, 10),
    greetingPause: values['greeting-pause'],
    only,
    quick,
  };
}

/** Pages of 200 (the API's maximum) when there are at least two of them, otherwise of 50. */
function walkPageSize(events: number): number {
  return events >= 400 ? 200 : 50;
}

type Defer = (step: () => Promise<void>) => void;

// ---------------------------------------------------------------------------------------------
// Seeding

async function seedMembers(database: Database, count: number) {
  const db = database.db;
  const lv = (await units.createUnit(db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null })).id;
  const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: lv })).id;
  const ov = (await units.createUnit(db, { type: 'ortsverein', name: 'OV', code: 'OV', parentId: kv })).id;
  const otherOv = (await units.createUnit(db, { type: 'ortsverein', name: 'OV2', code: 'OV2', parentId: kv })).id;
  const now = Date.now();
  const members: { id: number; email: string; accountId: number }[] = [];
  // One more than asked: the last becomes the Landesverband admin who sets the meeting data.
  for (let i = 0; i <= count; i += 500) {
    const n = Math.min(500, count + 1 - i);
    const emails = Array.from({ length: n }, (_, j) => `b${i + j}@bench.example`);
    const rows = await db
      .insertInto('members')
      .values(
        emails.map((email, j) => ({
          member_number: `B${i + j}`,
          first_name: 'Erika',
          last_name: `Bench${i + j}`,
          email,
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
        rows.map((r, j) => ({
          member_id: r.id,
          email: emails[j]!,
          password_hash: null,
          locale: 'de' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'member_id'])
      .execute();
    const accountOf = new Map(accounts.map((a) => [a.member_id, a.id]));
    members.push(...rows.map((r, j) => ({ id: r.id, email: emails[j]!, accountId: accountOf.get(r.id)! })));
  }
  const admin = members.pop()!;
  await db
    .insertInto('member_roles')
    .values({ member_id: admin.id, unit_id: lv, role: 'lv_admin', source: 'app', created_at: now })
    .execute();
  return { lv, ov, otherOv, members, adminAccount: admin.accountId };
}

async function insertEvents(
  database: Database,
  count: number,
  place: (i: number) => { unitId: number; audience: 'all' | 'unit' },
): Promise<number[]> {
  const now = Date.now();
  const ids: number[] = [];
  for (let i = 0; i < count; i += 500) {
    const rows = await database.db
      .insertInto('events')
      .values(
        Array.from({ length: Math.min(500, count - i) }, (_, j) => {
          const { unitId, audience } = place(i + j);
          return {
            unit_id: unitId,
            series_id: null,
            kind: 'training' as const,
            title: `Schulung ${i + j}: Mobilität im ländlichen Raum`,
            topic: 'Bench',
            description: 'Eine Schulung für Mitglieder.',
            description_html: '<p>Eine Schulung für Mitglieder.</p>',
            starts_at: now + 86_400_000 + (i + j) * 3_600_000,
            ends_at: now + 86_400_000 + (i + j) * 3_600_000 + 5_400_000,
            online: true,
            location: null,
            guests: '[]',
            audience,
            capacity: null,
            meeting_mail_at: null,
            reminder_minutes_before: null,
            share_public: false,
            share_fields: '[]',
            status: 'scheduled' as const,
            created_by: null,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

async function register(database: Database, eventId: number, memberIds: number[]): Promise<void> {
  for (let i = 0; i < memberIds.length; i += 500) {
    await database.db
      .insertInto('event_registrations')
      .values(
        memberIds.slice(i, i + 500).map((member_id, j) => ({
          event_id: eventId,
          member_id,
          status: 'registered' as const,
          registered_at: Date.now() + i + j,
          promoted_at: null,
        })),
      )
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes

interface LineChild {
  process: ChildProcessWithoutNullStreams;
  /** Resolves with the next stdout line equal to `line`; rejects when the child exits first. */
  waitFor(line: string, timeoutMs: number): Promise<void>;
}

function spawnChild(name: string, script: string, args: string[], defer: Defer): LineChild {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString('utf8')}`));
  const waiting = new Map<string, () => void>();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    waiting.get(line.trim())?.();
  });
  let exited: string | undefined;
  const exitListeners = new Set<() => void>();
  child.once('exit', (code, signal) => {
    exited = `${name} exited with ${code ?? signal}`;
    for (const listener of exitListeners) listener();
  });
  defer(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  return {
    process: child,
    waitFor(line, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        if (exited) return reject(new Error(exited));
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiting.delete(line);
          exitListeners.delete(onExit);
          if (error) reject(error);
          else resolve();
        };
        const onExit = () => done(new Error(exited));
        const timer = setTimeout(
          () => done(new Error(`${name}: no "${line}" within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
        waiting.set(line, () => done());
        exitListeners.add(onExit);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Mailing

interface MailRound {
  side: 'app' | 'bare';
  seconds: number;
  /** Seconds from the start to the first accepted mail (the app: the fan-out before it). */
  firstMailSeconds: number;
  mailsPerSecond: number;
  accepted: number;
  missing: number;
  duplicated: number;
  unexpected: number;
  examples: string[];
}

interface MailResult {
  registrants: number;
  greetingPause: boolean;
  messageBytes: { min: number; max: number };
  rounds: MailRound[];
  app: { mailsPerSecond: number; idle: Memory | undefined; peak: Memory | undefined };
  bare: { mailsPerSecond: number; idle: Memory | undefined; peak: Memory | undefined };
  /** App mails/s ÷ bare mails/s over all rounds, and the lowest and highest of adjacent pairs. */
  ratio: number;
  ratioRange: [number, number];
}

/** Waits until the worker has no pending or running job left (or fails after `timeoutMs`). */
async function waitForIdleQueue(database: Database, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { n } = await database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(n) === 0) return;
    if (Date.now() > deadline) throw new Error(`the job queue still held ${n} jobs after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function benchMailing(options: Options, target: BenchDatabase, defer: Defer): Promise<MailResult> {
  const database = openDatabase(target.url);
  defer(() => database.close());
  const sink: Sink = await startSink({ greetingPause: options.greetingPause });
  defer(() => sink.close());

  await migrateToLatest(database);
  const seeded = await seedMembers(database, options.registrants);
  const [eventId] = await insertEvents(database, 1, () => ({ unitId: seeded.lv, audience: 'all' }));
  await register(
    database,
    eventId!,
    seeded.members.map((m) => m.id),
  );
  const expected = seeded.members.map((m) => m.email);
  const actor = (await loadActor(database.db, seeded.adminAccount))!;
  const worker = spawnChild('worker', 'mail-worker.ts', [target.url, sink.url], defer);
  await worker.waitFor('ready', 60_000);
  const stallMs = options.greetingPause ? 60_000 : 30_000;

  const rounds: MailRound[] = [];
  const record = (side: 'app' | 'bare', started: number, seconds: number) => {
    const check = sink.check(expected);
    const round = {
      side,
      seconds,
      firstMailSeconds: ((sink.firstAt() ?? NaN) - started) / 1000,
      mailsPerSecond: options.registrants / seconds,
      accepted: sink.accepted(),
      ...check,
    };
    rounds.push(round);
    const faults = check.missing + check.duplicated + check.unexpected;
    console.log(
      `  ${side.padEnd(4)} ${round.mailsPerSecond.toFixed(1).padStart(7)} mails/s (${seconds.toFixed(1)} s, ` +
        `first mail after ${round.firstMailSeconds.toFixed(1)} s, ${round.accepted} accepted${faults ? `; ${check.missing} missing, ${check.duplicated} duplicated, ${check.unexpected} unexpected` : ', one each'})`,
    );
  };

  let version = 0;
  const appRound = async () => {
    sink.reset();
    version += 1;
    const started = performance.now();
    // A changed access code is a new version: everyone registered is mailed again (issue 6, 3.).
    await setMeetingData(
      database.db,
      actor,
      eventId!,
      { url: 'https://konferenz.example/bench', dialIn: '+49 30 1234567', accessCode: `bench-${version}` },
      MAIL_SETTINGS,
    );
    await sink.waitForDistinct(options.registrants, stallMs);
    const seconds = (performance.now() - started) / 1000;
    // Whatever the worker still sends after the last new recipient would be a duplicate.
    await waitForIdleQueue(database, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    record('app', started, seconds);
  };

  let bare: LineChild | undefined;
  let messageBytes = { min: 0, max: 0 };
  const startBare = async () => {
    // The messages of the first app round, exactly as the app stored and sent them.
    const rows = await database.db
      .selectFrom('mails')
      .select(['to_address', 'subject', 'text_body', 'html_body', 'message_id', 'locale'])
      .orderBy('id')
      .limit(options.registrants)
      .execute();
    const messages: BareMessage[] = rows.map((r) => ({
      to: r.to_address,
      subject: r.subject,
      text: r.text_body,
      html: r.html_body,
      messageId: r.message_id,
      locale: r.locale,
    }));
    const sizes = messages.map((m) => Buffer.byteLength(m.subject + m.text + m.html));
    messageBytes = { min: Math.min(...sizes), max: Math.max(...sizes) };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rn-bench-mails-'));
    defer(() => fs.rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'messages.json');
    await fs.writeFile(file, JSON.stringify(messages));
    bare = spawnChild('bare sender', 'bare-sender.ts', [file, sink.url], defer);
    await bare.waitFor('ready', 60_000);
    return memoryOf(bare.process.pid);
  };
  const bareRound = async () => {
    sink.reset();
    const started = performance.now();
    const done = bare!.waitFor('done', options.registrants * 2000);
    bare!.process.stdin.write('go\n');
    await done;
    const seconds = (performance.now() - started) / 1000;
    record('bare', started, seconds);
  };

  const workerIdle = memoryOf(worker.process.pid);
  console.log(
    `Mailing the meeting data to ${options.registrants.toLocaleString('en-US')} registrants ` +
      `(sink ${options.greetingPause ? "with smtp-server's 100 ms greeting pause" : 'greeting at once'}), ` +
      `${options.rounds} round(s) per side${options.rounds > 1 ? ', A-B-B-A' : ''}:`,
  );
  let bareIdle: Memory | undefined;
  // A-B-B-A…: app, bare, bare, app, app, bare …
  const order: ('app' | 'bare')[] = [];
  for (let r = 0; r < options.rounds; r++)
    order.push(...(r % 2 === 0 ? (['app', 'bare'] as const) : (['bare', 'app'] as const)));
  for (const side of order) {
    if (side === 'app') await appRound();
    else {
      bareIdle ??= await startBare();
      await bareRound();
    }
  }
  const workerPeak = memoryOf(worker.process.pid);
  const barePeak = memoryOf(bare?.process.pid);
  bare?.process.stdin.end();

  const rate = (side: 'app' | 'bare') => {
    const mine = rounds.filter((r) => r.side === side);
    return (options.registrants * mine.length) / mine.reduce((sum, r) => sum + r.seconds, 0);
  };
  const pairRatios: number[] = [];
  for (let i = 0; i + 1 < rounds.length; i += 2) {
    const [a, b] = rounds[i]!.side === 'app' ? [rounds[i]!, rounds[i + 1]!] : [rounds[i + 1]!, rounds[i]!];
    pairRatios.push(a.mailsPerSecond / b.mailsPerSecond);
  }
  return {
    registrants: options.registrants,
    greetingPause: options.greetingPause,
    messageBytes,
    rounds,
    app: { mailsPerSecond: rate('app'), idle: workerIdle, peak: workerPeak },
    bare: { mailsPerSecond: rate('bare'), idle: bareIdle, peak: barePeak },
    ratio: rate('app') / rate('bare'),
    ratioRange: [Math.min(...pairRatios), Math.max(...pairRatios)],
  };
}

// ---------------------------------------------------------------------------------------------
// 2. The event list

interface Timing {
  medianMs: number;
  p95Ms: number;
  n: number;
}

interface ListComparison {
  scenario: string;
  app: Timing;
  raw: Timing;
  /** App ÷ raw: 1 is as quick as the hand-run statements, 3 is three times their time. */
  medianRatio: number;
  p95Ratio: number;
}

interface ListResult {
  events: number;
  hiddenEvents: number;
  comparisons: ListComparison[];
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { medianMs: at(0.5), p95Ms: at(0.95), n: samples.length };
}

async function walkApp(database: Database, actor: Awaited<ReturnType<typeof loadActor>>, limit: number) {
  const pages: number[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listEvents(database.db, actor!, { limit, ...(cursor ? { cursor } : {}) });
    pages.push(page.items.map((e) => e.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

async function walkRaw(raw: RawList) {
  const pages: number[][] = [];
  let cursor: [number, number] | undefined;
  do {
    const page = await raw.page(cursor);
    pages.push(page.items.map((e) => Number(e.row.id)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

async function benchList(options: Options, target: BenchDatabase, defer: Defer): Promise<ListResult> {
  const database = openDatabase(target.url);
  defer(() => database.close());
  await migrateToLatest(database);
  const seeded = await seedMembers(database, 10);
  // The member's audience: every event for all members and every event of their Ortsverein.
  // A quarter as many again belong to another Ortsverein's members only: the filter has to skip them.
  const hidden = Math.floor(options.events / 4);
  const total = options.events + hidden;
  const eventIds = await insertEvents(database, total, (i) =>
    i % 5 === 4
      ? { unitId: seeded.otherOv, audience: 'unit' }
      : { unitId: seeded.ov, audience: i % 2 ? 'unit' : 'all' },
  );
  // Registrations on every tenth event, so counts and own registrations return rows.
  for (let i = 0; i < eventIds.length; i += 10) {
    await register(
      database,
      eventIds[i]!,
      seeded.members.map((m) => m.id),
    );
  }
  const member = seeded.members[0]!;
  const actor = (await loadActor(database.db, member.accountId))!;
  const walkLimit = walkPageSize(options.events);

  const comparisons: ListComparison[] = [];
  const measure = async (
    scenario: string,
    iterations: number,
    warmup: number,
    app: () => Promise<number[][]>,
    raw: () => Promise<number[][]>,
  ) => {
    // Both sides must list the same events on the same pages before either is timed.
    const [a, r] = [await app(), await raw()];
    if (JSON.stringify(a) !== JSON.stringify(r)) {
      throw new Error(`${scenario}: the raw statements listed other events than listEvents (the SQL has drifted)`);
    }
    const seen = a.flat().length;
    const appMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < iterations + warmup; i++) {
      // Alternating which side goes first, so neither always runs on a warmer cache.
      for (const side of i % 2 ? (['raw', 'app'] as const) : (['app', 'raw'] as const)) {
        const t0 = performance.now();
        await (side === 'app' ? app() : raw());
        const ms = performance.now() - t0;
        if (i >= warmup) (side === 'app' ? appMs : rawMs).push(ms);
      }
    }
    const comparison = {
      scenario,
      app: timing(appMs),
      raw: timing(rawMs),
      medianRatio: 0,
      p95Ratio: 0,
    };
    comparison.medianRatio = comparison.app.medianMs / comparison.raw.medianMs;
    comparison.p95Ratio = comparison.app.p95Ms / comparison.raw.p95Ms;
    comparisons.push(comparison);
    console.log(
      `  ${scenario}: ${seen} events; app median ${comparison.app.medianMs.toFixed(1)} ms, ` +
        `raw ${comparison.raw.medianMs.toFixed(1)} ms (${comparison.medianRatio.toFixed(2)}×)`,
    );
  };

  console.log(
    `Event list of a member with ${options.events.toLocaleString('en-US')} upcoming events in their audience ` +
      `(${hidden.toLocaleString('en-US')} more outside it):`,
  );
  const firstStatements = await captureListStatements(target.url, actor, 50);
  const rawFirst = openRawList(target.url, firstStatements);
  defer(() => rawFirst.close());
  await measure(
    'first page of 50',
    100,
    20,
    async () => [(await listEvents(database.db, actor, { limit: 50 })).items.map((e) => e.id)],
    async () => [(await rawFirst.page()).items.map((e) => Number(e.row.id))],
  );
  const walkStatements = await captureListStatements(target.url, actor, walkLimit);
  const rawWalk = openRawList(target.url, walkStatements);
  defer(() => rawWalk.close());
  await measure(
    `all ${options.events} in pages of ${walkLimit}`,
    options.quick ? 10 : 20,
    3,
    () => walkApp(database, actor, walkLimit),
    () => walkRaw(rawWalk),
  );
  return { events: options.events, hiddenEvents: hidden, comparisons };
}

// ---------------------------------------------------------------------------------------------
// Report

const num = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i < 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

interface EventsReport {
  benchmark: 'events';
  date: string;
  machine: ReturnType<typeof machine>;
  loadAverage: number[];
  options: Options;
  database: { dialect: BenchDialect; location: string };
  mail: MailResult | undefined;
  list: ListResult | undefined;
  problems: string[];
}

function formatReport(report: EventsReport): string {
  const lines = [
    `Rotes Netz events benchmark — ${report.date}, ${report.machine.cpus} × ${report.machine.cpuModel}, ` +
      `Node ${report.machine.node}, ${report.database.dialect}, load average ${report.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
  ];
  const mib = (m: Memory | undefined, key: 'rssMiB' | 'peakMiB') => (m ? num(m[key], 1) : 'n/a');
  const { mail, list } = report;
  if (mail) {
    lines.push(
      '',
      `Meeting data to ${num(mail.registrants)} registrants (messages ${num(mail.messageBytes.min)}–${num(mail.messageBytes.max)} bytes of ` +
        `subject, text and HTML; sink ${mail.greetingPause ? 'with' : 'without'} the 100 ms greeting pause):`,
      '',
      table([
        ['side', 'mails/s', 'ratio (per pair)', 'RSS idle MiB', 'peak RSS MiB'],
        [
          'app (fan-out + mail jobs, worker process)',
          num(mail.app.mailsPerSecond, 1),
          `${num(mail.ratio, 2)}× (${num(mail.ratioRange[0], 2)}–${num(mail.ratioRange[1], 2)})`,
          mib(mail.app.idle, 'rssMiB'),
          mib(mail.app.peak, 'peakMiB'),
        ],
        [
          'bare nodemailer send (same transport)',
          num(mail.bare.mailsPerSecond, 1),
          '1',
          mib(mail.bare.idle, 'rssMiB'),
          mib(mail.bare.peak, 'peakMiB'),
        ],
      ]),
      '',
      `Rounds: ${mail.rounds.map((r) => `${r.side} ${num(r.mailsPerSecond, 1)}/s (first mail after ${num(r.firstMailSeconds, 1)} s)`).join(', ')}.`,
      `At the sink: ${
        mail.rounds.every((r) => r.missing + r.duplicated + r.unexpected === 0)
          ? 'every registrant got exactly one mail in every round.'
          : mail.rounds
              .map((r) => `${r.side}: ${r.missing} missing, ${r.duplicated} duplicated, ${r.unexpected} unexpected`)
              .join('; ')
      }`,
    );
  }
  if (list) {
    lines.push(
      '',
      `Event list (${num(list.events)} upcoming events in the member's audience, ${num(list.hiddenEvents)} outside it), in process:`,
      '',
      table([
        ['scenario', 'app p50 ms', 'app p95 ms', 'raw p50 ms', 'raw p95 ms', 'p50 ratio', 'p95 ratio', 'n'],
        ...list.comparisons.map((c) => [
          c.scenario,
          num(c.app.medianMs, 2),
          num(c.app.p95Ms, 2),
          num(c.raw.medianMs, 2),
          num(c.raw.p95Ms, 2),
          `${num(c.medianRatio, 2)}×`,
          `${num(c.p95Ratio, 2)}×`,
          String(c.app.n),
        ]),
      ]),
      '',
      'Ratios are app ÷ raw SQL (the same statements prepared once): 1 = as quick, 3 = three times the time.',
    );
  }
  if (report.problems.length) lines.push('', 'Problems:', ...report.problems.map((p) => `  - ${p}`));
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const undo: (() => Promise<void>)[] = [];
  const defer: Defer = (step) => undo.push(step);
  const cleanUp = async () => {
    while (undo.length) {
      await undo.pop()!().catch((error: unknown) => console.error(`cleanup: ${(error as Error).message}`));
    }
  };
  process.once('SIGINT', () => {
    console.error('\nInterrupted; stopping the children and removing the databases.');
    void cleanUp().finally(() => process.exit(130));
  });

  try {
    const date = new Date().toISOString();
    const problems: string[] = [];
    let mail: MailResult | undefined;
    let list: ListResult | undefined;
    let location = '';
    if (options.only !== 'list') {
      const target = await createBenchDatabase(options.database);
      defer(() => target.remove());
      location = target.location;
      mail = await benchMailing(options, target, defer);
      for (const r of mail.rounds) {
        if (r.missing + r.duplicated + r.unexpected > 0) {
          problems.push(
            `${r.side} round: ${r.missing} registrants got no mail, ${r.duplicated} more than one, ` +
              `${r.unexpected} mails to others (${r.examples.join(', ')})`,
          );
        }
      }
      // Each measurement gets its own database; the first is gone before the second is seeded.
      await cleanUp();
    }
    if (options.only !== 'mail') {
      const target = await createBenchDatabase(options.database);
      defer(() => target.remove());
      location ||= target.location;
      list = await benchList(options, target, defer);
    }
    const report: EventsReport = {
      benchmark: 'events',
      date,
      machine: machine(),
      loadAverage: os.loadavg(),
      options,
      database: { dialect: options.database, location },
      mail,
      list,
      problems,
    };
    const dir = path.join(ROOT, 'bench', 'results');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `events-${date.replace(/[:.]/g, '-')}.json`);
    await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${formatReport(report)}\n\nWritten to ${path.relative(ROOT, file)}`);
    return problems.length ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:events failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
