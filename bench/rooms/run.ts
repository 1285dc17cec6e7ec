/**
 * `npm run bench:rooms [-- options]`: rooms at scale. Builds (once, then reuses) a database with
 * the demo instance and 1,000,000 posts in 20,000 threads over ~2,000 rooms, starts the real
 * server and a bare Fastify baseline running the same SQL by hand, signs in 50 members, and
 * measures with 50 connections, interleaved, side by side:
 *
 * - a room's latest threads and a thread's latest 50 posts, each request as another member in
 *   another room or thread, against the same reads run raw;
 * - writing a post against the raw insert (post row and thread counters).
 *
 * Prints every figure with its ratio and the targets. See bench/README.md.
 */
import path from 'node:path';
import { DEFAULT_POSTGRES_URL, type BenchDialect } from '../database.ts';
import { LOAD_USAGE, parseBenchOptions, runBench } from '../cli.ts';
import { measureInterleaved, type LoadOptions } from '../load.ts';
import { memoryOf, ROOT } from '../processes.ts';
import { compare, formatReport, machine, problemsOf, writeReport, type Comparison, type Report } from '../report.ts';
import { checkSameAnswers, startApp, startBaseline, type Defer } from '../targets.ts';
import { prepareRoomsDatabase, resetWrites, type RoomsSize } from './seed.ts';
import { checkSameWrite, findTargets, rotating, samePairs, signInMembers, type Target } from './targets.ts';

const USAGE = `Usage: npm run bench:rooms -- [options]

  --database <d>       sqlite (default) or postgres (BENCH_DATABASE_URL or
                       ${DEFAULT_POSTGRES_URL}; the database rn_bench_rooms_<posts> is kept)
${LOAD_USAGE}
  --posts <n>          posts (default 1000000; --quick: 100000)
  --threads <n>        threads (default posts / 50)
  --rooms <n>          rooms at least (default 2000)
  --members <n>        demo roster (default 33000; --quick: 5000)
  --signed-in <n>      members the load signs in as (default 50)
  --only <text>        measure only the scenarios whose name contains the text (e.g. threads, POST)
  --reseed             build the database afresh even if a matching one exists
  --quick              a smoke run: 100,000 posts, short measurements`;

/** The targets (issue 4, "Speed"). */
const TARGETS = { readRatio: { sqlite: 0.6, postgres: 0.5 }, readP99Ms: 50, writeRatio: 0.5 };

interface Options {
  load: LoadOptions;
  database: BenchDialect;
  size: RoomsSize;
  reseed: boolean;
  quick: boolean;
  only: string | undefined;
}

function parseOptions(argv: string[]): Options | undefined {
  const shared = parseBenchOptions(argv, {
    posts: { type: 'string' },
    threads: { type: 'string' },
    rooms: { type: 'string' },
    members: { type: 'string' },
    'signed-in': { type: 'string' },
    only: { type: 'string' },
    reseed: { type: 'boolean', default: false },
  });
  if (!shared) return undefined;
  const { whole, quick } = shared;
  const posts = whole('posts', quick ? 100_000 : 1_000_000, 1000, 50_000_000);
  return {
    load: shared.load,
    database: shared.database,
    size: {
      posts,
      threads: whole('threads', Math.ceil(posts / 50), 10, posts),
      rooms: whole('rooms', 2000, 1, 100_000),
      members: whole('members', quick ? 5000 : 33_000, 100, 1_000_000),
      signedIn: whole('signed-in', 50, 1, 500),
    },
    reseed: shared.flag('reseed'),
    quick,
    only: shared.text('only'),
  };
}

/** One app scenario and its baseline, as rotating requests over the targets. */
function scenarios(targets: Target[], app: string, base: string) {
  const post = (t: Target) => JSON.stringify({ body: `Benchmark: ein Beitrag von Mitglied ${t.memberId}.` });
  return [
    {
      name: 'GET /rooms/:id/threads',
      app: rotating('app', app, targets, (t) => ({ path: `/api/v1/rooms/${t.roomId}/threads` })),
      base: rotating('raw SQL threads', base, targets, (t) => ({ path: `/raw/rooms/${t.roomId}/threads` })),
      kind: 'read' as const,
    },
    {
      name: 'GET /threads/:id/posts',
      app: rotating('app', app, targets, (t) => ({ path: `/api/v1/threads/${t.threadId}/posts` })),
      base: rotating('raw SQL posts', base, targets, (t) => ({ path: `/raw/threads/${t.threadId}/posts` })),
      kind: 'read' as const,
    },
    {
      name: 'POST /threads/:id/posts',
      app: rotating('app', app, targets, (t) => ({
        method: 'POST',
        path: `/api/v1/threads/${t.threadId}/posts`,
        headers: { 'content-type': 'application/json', origin: app },
        body: post(t),
      })),
      base: rotating('raw insert', base, targets, (t) => ({
        method: 'POST',
        path: `/raw/threads/${t.threadId}/posts`,
        headers: { 'content-type': 'application/json', 'x-member-id': String(t.memberId) },
        body: post(t),
      })),
      // Measured in the same rounds: the app's own statements, written by hand.
      byHand: rotating('statements by hand', base, targets, (t) => ({
        method: 'POST',
        path: `/raw/threads/${t.threadId}/posts/by-hand`,
        headers: { 'content-type': 'application/json' },
        body: post(t),
      })),
      kind: 'write' as const,
    },
  ];
}

/** Whether each comparison meets the target, as lines for the terminal. */
function verdicts(comparisons: (Comparison & { kind: 'read' | 'write' })[], dialect: BenchDialect): string[] {
  return comparisons.map((c) => {
    const ratio = c.kind === 'read' ? TARGETS.readRatio[dialect] : TARGETS.writeRatio;
    const ratioMet = c.throughputRatio >= ratio;
    const p99Met = c.kind === 'write' || c.app.p99Ms <= TARGETS.readP99Ms;
    const p99 = c.kind === 'read' ? `, p99 ${c.app.p99Ms} ms (target ≤ ${TARGETS.readP99Ms} ms)` : '';
    return `  ${ratioMet && p99Met ? 'met    ' : 'MISSED '} ${c.scenario}: ${c.throughputRatio.toFixed(2)}× (target ≥ ${ratio}×)${p99}`;
  });
}

async function main(argv: string[], defer: Defer): Promise<number> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const date = new Date().toISOString();
  const { database, marker, reused } = await prepareRoomsDatabase(options.database, options.size, {
    reseed: options.reseed,
    defer,
    log: (line) => console.log(line),
  });
  if (reused) {
    console.log(`Reusing ${database.location}: ${marker.summary} (seeded in ${(marker.seedMs / 1000).toFixed(1)} s).`);
  }
  // Whatever an earlier, interrupted run wrote goes first; what this run writes goes at the end.
  await resetWrites(database, marker);
  defer(async () => {
    console.log(`Removed the ${await resetWrites(database, marker)} posts this run wrote.`);
  });
  console.log('Starting the server and the baseline …');
  const app = await startApp(database, defer);
  const baseline = await startBaseline(database, defer, 'bench/rooms/baseline-server.ts');
  const members = await signInMembers(app, database, options.size.signedIn);
  const targets = await findTargets(app, members);
  const answerSizes = await checkSameAnswers(samePairs(app, baseline, targets[0]!), targets[0]!.cookie);
  for (const t of targets.slice(1, 6)) await checkSameAnswers(samePairs(app, baseline, t), t.cookie);
  await checkSameWrite(app, baseline, database, targets[0]!);
  console.log(
    `${members.length} members signed in; ${targets.length} (member, room, thread) targets; app and baseline agree (reads and a write).`,
  );

  console.log(
    `Measuring (per endpoint ${options.load.warmupS} s warm-up, then ${options.load.durationS} s in ` +
      `${options.load.rounds} interleaved slices; ${options.load.connections} connections):`,
  );
  const warnings: string[] = [];
  const comparisons: (Comparison & { kind: 'read' | 'write' })[] = [];
  const chosen = scenarios(targets, app.origin, baseline.origin).filter(
    (s) => options.only === undefined || s.name.includes(options.only),
  );
  const byHand: Comparison[] = [];
  for (const scenario of chosen) {
    process.stdout.write(`  ${scenario.name} … `);
    const extra = 'byHand' in scenario && scenario.byHand ? [scenario.byHand] : [];
    const [a, b, c] = await measureInterleaved([scenario.app, scenario.base, ...extra], options.load);
    const figures = [a!, b!, ...(c ? [c] : [])];
    console.log(figures.map((f) => `${f.label} ${Math.round(f.requestsPerSecond)} req/s`).join(', '));
    for (const f of figures) warnings.push(...problemsOf(`${scenario.name} (${f.label})`, f));
    comparisons.push({ ...compare(scenario.name, a!, b!), kind: scenario.kind });
    if (c) byHand.push(compare(`${scenario.name}: app`, a!, c), compare(`${scenario.name}: by hand`, c, b!));
  }

  const report: Report = {
    date,
    machine: machine(),
    options: { ...options.load, quick: options.quick, benchmark: 'rooms', size: options.size },
    database: {
      dialect: database.dialect,
      location: database.location,
      members: options.size.members,
      seedMs: marker.seedMs,
      seedSummary: `${marker.summary}${reused ? ' (reused)' : ''}`,
    },
    answerSizes,
    comparisons: [...comparisons, ...byHand],
    memory: { app: memoryOf(app.child.process.pid), baseline: memoryOf(baseline.child.process.pid) },
    warnings,
  };
  const file = await writeReport(report);
  console.log(`\n${formatReport(report)}`);
  console.log(`\n${marker.summary}.\nTargets (issue 4):\n${verdicts(comparisons, database.dialect).join('\n')}`);
  if (byHand.length === 2) {
    const [app, hand] = byHand as [Comparison, Comparison];
    console.log(
      `The write's own statements by hand (no query builder, plugins, validation or Markdown): ` +
        `${hand.throughputRatio.toFixed(2)}× the raw insert (per round ${hand.throughputRatioRange.map((r) => r.toFixed(2)).join('–')}); ` +
        `the app ${app.throughputRatio.toFixed(2)}× of them (${app.throughputRatioRange.map((r) => r.toFixed(2)).join('–')}).`,
    );
  }
  console.log(`\nWritten to ${path.relative(ROOT, file)}`);
  return warnings.length ? 1 : 0;
}

runBench('bench:rooms', (defer) => main(process.argv.slice(2), defer));
