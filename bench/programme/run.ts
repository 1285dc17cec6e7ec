/**
 * `npm run bench:programme [-- options]`: the programme process at scale. Seeds a throw-away
 * database with the demo instance plus 20,000 ideas with 500,000 supports, a ~600-line draft and
 * 1,500 amendments to it (seed.ts), starts the real server and a bare Fastify baseline running the
 * same SQL by hand (raw-programme.ts), and measures, interleaved, side by side:
 *
 * - the idea list sorted by support (first page, and a later cursor page within one chapter);
 * - all amendments with their word diffs and overlaps, and the draft with its numbered lines,
 *   against the raw rows (the ratio is the cost of diffing and presenting);
 * - the PDF amendment book: time to the last byte and the server's resident memory while it
 *   streams, read at full speed and by a slow client, against its size.
 *
 * Prints every figure with its ratio. See bench/README.md.
 */
import path from 'node:path';
import { openDatabase } from '@rotes-netz/core/db/database.ts';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, type BenchDatabase, type BenchDialect } from '../database.ts';
import { LOAD_USAGE, parseBenchOptions, runBench } from '../cli.ts';
import { measureInterleaved, type Endpoint, type LoadOptions } from '../load.ts';
import { memoryOf, ROOT } from '../processes.ts';
import { compare, formatReport, machine, problemsOf, writeReport, type Comparison, type Report } from '../report.ts';
import {
  checkSameAnswers,
  DEMO_MEMBER,
  seedDemoInstance,
  signIn,
  startApp,
  startBaseline,
  type Defer,
  type SamePair,
  type Target,
} from '../targets.ts';
import { measureBook, type BookFigures } from './book.ts';
import { seedProgramme, type ProgrammeSize } from './seed.ts';

/** The demo admin sits on the programme commission: only the commission exports the book. */
const COMMISSION_MEMBER = { email: 'admin@demo.rotes-netz.de', password: DEMO_MEMBER.password };
/** Cursor pages walked before the measured one, so it is not just the second page. */
const CURSOR_DEPTH = 8;

const USAGE = `Usage: npm run bench:programme -- [options]

  --database <d>       sqlite (default) or postgres (BENCH_DATABASE_URL or
                       ${DEFAULT_POSTGRES_URL}; a fresh rn_bench_* database, dropped after)
${LOAD_USAGE}
  --members <n>        demo roster (default 33000; --quick: 5000)
  --ideas <n>          ideas (default 20000; --quick: 5000)
  --supports <n>       supports, about (default 500000; --quick: 100000)
  --draft-lines <n>    lines of the draft at least (default 600)
  --amendments <n>     amendments to the draft (default 1500)
  --quick              a smoke run: smaller data, short measurements`;

interface Options {
  load: LoadOptions;
  database: BenchDialect;
  members: number;
  size: ProgrammeSize;
  quick: boolean;
}

function parseOptions(argv: string[]): Options | undefined {
  const shared = parseBenchOptions(argv, {
    members: { type: 'string' },
    ideas: { type: 'string' },
    supports: { type: 'string' },
    'draft-lines': { type: 'string' },
    amendments: { type: 'string' },
  });
  if (!shared) return undefined;
  const { whole, quick } = shared;
  return {
    load: shared.load,
    database: shared.database,
    members: whole('members', quick ? 5000 : 33_000, 100, 1_000_000),
    size: {
      ideas: whole('ideas', quick ? 5000 : 20_000, 10, 1_000_000),
      supports: whole('supports', quick ? 100_000 : 500_000, 0, 50_000_000),
      draftLines: whole('draft-lines', 600, 10, 100_000),
      amendments: whole('amendments', 1500, 1, 100_000),
    },
    quick,
  };
}

async function memberIdOf(database: BenchDatabase, email: string): Promise<number> {
  const handle = openDatabase(database.url, { poolSize: 1 });
  try {
    const row = await handle.db
      .selectFrom('accounts')
      .select('member_id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    return row.member_id;
  } finally {
    await handle.close();
  }
}

async function getJson<T>(url: string, cookie: string): Promise<T> {
  const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(60_000) });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** The cursor of the page after `depth` pages of the chapter's ideas by support, walked as the web app does. */
async function deepCursor(app: Target, cookie: string, base: string): Promise<string> {
  let cursor: string | null = null;
  for (let page = 0; page < CURSOR_DEPTH; page++) {
    const url: string = `${base}${cursor ? `&cursor=${cursor}` : ''}`;
    const next: string | null = (await getJson<{ nextCursor: string | null }>(`${app.origin}${url}`, cookie))
      .nextCursor;
    if (!next) break;
    cursor = next;
  }
  if (!cursor) throw new Error('the chapter has a single page of ideas; seed more');
  return cursor;
}

const itemIds = (body: unknown) => (body as { items: { id: number }[] }).items.map((item) => Number(item.id));
const chapterIds = (body: unknown) => {
  const { chapters } = body as { chapters: { id: number }[] };
  return chapters.map((c) => Number(c.id));
};

interface Scenario {
  name: string;
  app: Endpoint;
  base: Endpoint;
  /** Fewer connections than the run's, for answers that take a good part of a second each. */
  connections?: number;
}

/**
 * The amendment list answers with every amendment (1.5 MB of JSON for 1,500): one connection
 * measures the time of one answer; fifty would queue for longer than a slice lasts.
 */
const HEAVY_CONNECTIONS = 1;

async function main(argv: string[], defer: Defer): Promise<number> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const date = new Date().toISOString();
  const database = await createBenchDatabase(options.database);
  defer(() => database.remove());
  console.log(`Seeding ${options.members} members into ${database.location} …`);
  const demo = await seedDemoInstance(database, options.members, defer);
  const seeded = await seedProgramme(database, options.size);
  const { counts } = seeded;
  const summary =
    `${counts.ideas} ideas, ${counts.supports} supports, a draft of ${counts.draftLines} lines, ` +
    `${counts.amendments} amendments`;
  console.log(`${demo.summary} Then ${summary} in ${(seeded.ms / 1000).toFixed(1)} s.`);

  console.log('Starting the server and the baseline …');
  const app = await startApp(database, defer);
  const baseline = await startBaseline(database, defer, 'bench/programme/baseline-server.ts');
  const cookie = await signIn(app);
  const member = await memberIdOf(database, DEMO_MEMBER.email);

  const p = seeded.processId;
  const ideas = `/api/v1/programme/processes/${p}/ideas?sort=support&limit=25`;
  const chapterBase = `${ideas}&chapterId=${seeded.chapterId}`;
  const cursor = await deepCursor(app, cookie, chapterBase);
  const routes = {
    ideas: { app: ideas, base: `/raw/processes/${p}/ideas?limit=25&member=${member}` },
    chapter: {
      app: `${chapterBase}&cursor=${cursor}`,
      base: `/raw/processes/${p}/ideas?limit=25&member=${member}&chapterId=${seeded.chapterId}&cursor=${cursor}`,
    },
    amendments: {
      app: `/api/v1/programme/processes/${p}/amendments`,
      base: `/raw/processes/${p}/amendments?member=${member}`,
    },
    draft: {
      app: `/api/v1/programme/processes/${p}/drafts/${seeded.draftVersion}`,
      base: `/raw/processes/${p}/drafts/${seeded.draftVersion}`,
    },
  };
  const pairs: SamePair[] = Object.entries(routes).map(([name, r]) => ({
    name,
    app: `${app.origin}${r.app}`,
    baseline: `${baseline.origin}${r.base}`,
    ids: name === 'draft' ? chapterIds : itemIds,
  }));
  const answerSizes = await checkSameAnswers(pairs, cookie);
  console.log(`App and baseline agree (${JSON.stringify(answerSizes)}).`);

  // Before the load, so "idle" is a server whose heap the load has not grown yet.
  console.log('The amendment book (PDF), read once at full speed and once by a slow client …');
  const commission = await signIn(app, COMMISSION_MEMBER);
  const bookUrl = `${app.origin}/api/v1/programme/processes/${p}/amendment-book.pdf`;
  const book: BookFigures[] = [];
  for (const reader of ['fast', 'slow'] as const) {
    book.push(await measureBook(bookUrl, commission, app.child.process.pid, reader));
    console.log(`  ${describeBook(book.at(-1)!)}`);
  }

  const endpoint = (label: string, origin: string, url: string): Endpoint => ({
    label,
    url: `${origin}${url}`,
    headers: { cookie },
  });
  const scenarios: Scenario[] = [
    {
      name: 'ideas by support',
      app: endpoint('app', app.origin, routes.ideas.app),
      base: endpoint('raw SQL ideas', baseline.origin, routes.ideas.base),
    },
    {
      name: `ideas by support, chapter, page ${CURSOR_DEPTH + 1}`,
      app: endpoint('app', app.origin, routes.chapter.app),
      base: endpoint('raw SQL ideas', baseline.origin, routes.chapter.base),
    },
    {
      name: `amendments (${counts.amendments}, diffs), ${HEAVY_CONNECTIONS} conn.`,
      app: endpoint('app', app.origin, routes.amendments.app),
      base: endpoint('raw SQL rows', baseline.origin, routes.amendments.base),
      connections: HEAVY_CONNECTIONS,
    },
    {
      name: `draft (${counts.draftLines} lines)`,
      app: endpoint('app', app.origin, routes.draft.app),
      base: endpoint('raw SQL rows', baseline.origin, routes.draft.base),
    },
  ];

  console.log(
    `Measuring (per endpoint ${options.load.warmupS} s warm-up, then ${options.load.durationS} s in ` +
      `${options.load.rounds} interleaved slices; ${options.load.connections} connections):`,
  );
  const warnings: string[] = [];
  const comparisons: Comparison[] = [];
  for (const scenario of scenarios) {
    process.stdout.write(`  ${scenario.name} … `);
    const load = { ...options.load, connections: scenario.connections ?? options.load.connections };
    const [a, b] = await measureInterleaved([scenario.app, scenario.base], load);
    console.log(`app ${Math.round(a!.requestsPerSecond)} req/s, ${b!.label} ${Math.round(b!.requestsPerSecond)} req/s`);
    for (const f of [a!, b!]) warnings.push(...problemsOf(`${scenario.name} (${f.label})`, f));
    comparisons.push(compare(scenario.name, a!, b!));
  }

  const report: Report & { book: BookFigures[] } = {
    date,
    machine: machine(),
    options: { ...options.load, quick: options.quick, benchmark: 'programme', size: options.size },
    database: {
      dialect: database.dialect,
      location: database.location,
      members: options.members,
      seedMs: demo.ms + seeded.ms,
      seedSummary: `${demo.summary} ${summary}`,
    },
    answerSizes,
    comparisons,
    memory: { app: memoryOf(app.child.process.pid), baseline: memoryOf(baseline.child.process.pid) },
    warnings,
    book,
  };
  const file = await writeReport(report);
  console.log(`\n${formatReport(report)}\n`);
  for (const b of book) console.log(describeBook(b));
  console.log(`\nWritten to ${path.relative(ROOT, file)}`);
  return warnings.length ? 1 : 0;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function describeBook(b: BookFigures): string {
  return (
    `PDF book, ${b.reader} reader: ${mib(b.bytes)} in ${(b.lastByteMs / 1000).toFixed(2)} s ` +
    `(first byte after ${b.firstByteMs} ms); server RSS idle ${mib(b.idleRss)}, peak while streaming ` +
    `${mib(b.peakRss)} (+${mib(b.peakRss - b.idleRss)}, ${((b.peakRss - b.idleRss) / b.bytes).toFixed(2)}× the PDF)`
  );
}

runBench('bench:programme', (defer) => main(process.argv.slice(2), defer));
