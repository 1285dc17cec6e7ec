/**
 * `npm run bench [-- options]`: seeds a throw-away database with the demo instance, starts the real
 * server and a baseline server as child processes, loads each scenario with autocannon on loopback,
 * one after another, and prints every figure as a ratio to a baseline measured beside it in the
 * same run (a bare Fastify route, or the same SQL run by hand). Absolute numbers drift on a shared
 * machine; ratios measured minutes apart on the same machine hold. See bench/README.md.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, type BenchDialect } from './database.ts';
import { measureInterleaved, stopLoad, type Endpoint, type LoadOptions } from './load.ts';
import { memoryOf, ROOT } from './processes.ts';
import { compare, formatReport, machine, problemsOf, writeReport, type Comparison, type Report } from './report.ts';
import {
  checkSameAnswers,
  findUnits,
  samePairs,
  seedDemoInstance,
  signIn,
  startApp,
  startBaseline,
  type Defer,
} from './targets.ts';

const USAGE = `Usage: npm run bench -- [options]

  --duration <s>       seconds of measured load per endpoint (default 10; --quick: 3)
  --rounds <n>         slices the duration is split into, interleaved with the
                       baseline's (default 5; --quick: 3)
  --connections <n>    concurrent connections (default 50)
  --database <d>       sqlite (default) or postgres; postgres uses BENCH_DATABASE_URL
                       or ${DEFAULT_POSTGRES_URL} and creates a fresh rn_bench_* database
  --members <n>        size of the demo roster (default 33000; --quick: 5000)
  --quick              a smoke run: short measurements, small roster`;

interface Options {
  durationS: number;
  rounds: number;
  warmupS: number;
  connections: number;
  database: BenchDialect;
  members: number;
  quick: boolean;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      database: { type: 'string' },
      members: { type: 'string' },
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
  const durationS = whole('duration', values.duration, quick ? 3 : 10, 1, 600);
  const rounds = whole('rounds', values.rounds, Math.min(durationS, quick ? 3 : 5), 1, durationS * 10);
  const database = values.database ?? 'sqlite';
  if (database !== 'sqlite' && database !== 'postgres') throw new Error('--database must be sqlite or postgres');
  return {
    durationS,
    rounds,
    // Long enough for the JIT and the pools to settle, short enough not to dominate a quick run.
    warmupS: durationS >= 10 ? 2 : 1,
    connections: whole('connections', values.connections, 50, 1, 1000),
    database,
    members: whole('members', values.members, quick ? 5000 : 33_000, 100, 1_000_000),
    quick,
  };
}

/** One app endpoint and the baselines it is compared with, all measured interleaved. */
interface Scenario {
  name: string;
  app: Endpoint;
  baselines: Endpoint[];
}

async function runScenario(scenario: Scenario, load: LoadOptions, warnings: string[]): Promise<Comparison[]> {
  process.stdout.write(`  ${scenario.name} … `);
  const [app, ...baselines] = await measureInterleaved([scenario.app, ...scenario.baselines], load);
  const figures = [app!, ...baselines];
  console.log(figures.map((f) => `${f.label} ${Math.round(f.requestsPerSecond)} req/s`).join(', '));
  for (const f of figures) warnings.push(...problemsOf(`${scenario.name} (${f.label})`, f));
  return baselines.map((base) => compare(scenario.name, app!, base));
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
    console.error('\nInterrupted; stopping the servers and removing the database.');
    stopLoad();
    void cleanUp().finally(() => process.exit(130));
  });

  try {
    const date = new Date().toISOString();
    const database = await createBenchDatabase(options.database);
    defer(() => database.remove());
    console.log(`Seeding ${options.members} members into ${database.location} …`);
    const seeded = await seedDemoInstance(database, options.members, defer);
    console.log(`${seeded.summary} Starting the server and the baseline …`);
    const app = await startApp(database, defer);
    // The baseline reads the same database, so it starts only once the seed is complete.
    const baseline = await startBaseline(database, defer);
    const cookie = await signIn(app);
    const units = await findUnits(app, cookie);
    const answerSizes = await checkSameAnswers(samePairs(app, baseline, units), cookie);

    const { ortsvereinId: ov, landesverbandId: lv } = units;
    const authed = { cookie };
    const bareHealthz = { label: 'bare /healthz', url: `${baseline.origin}/healthz`, headers: {} };
    const scenarios: Scenario[] = [
      {
        name: 'GET /healthz',
        app: { label: 'app', url: `${app.origin}/healthz`, headers: {} },
        baselines: [bareHealthz],
      },
      {
        name: 'GET /api/v1/me',
        app: { label: 'app', url: `${app.origin}/api/v1/me`, headers: authed },
        baselines: [bareHealthz, { label: 'raw SQL me', url: `${baseline.origin}/raw/me`, headers: authed }],
      },
      {
        name: `GET /units/${ov}/ancestry`,
        app: { label: 'app', url: `${app.origin}/api/v1/units/${ov}/ancestry`, headers: authed },
        baselines: [{ label: 'raw SQL ancestry', url: `${baseline.origin}/raw/units/${ov}/ancestry`, headers: {} }],
      },
      {
        name: `GET /units/${lv}/children`,
        app: { label: 'app', url: `${app.origin}/api/v1/units/${lv}/children`, headers: authed },
        baselines: [{ label: 'raw SQL children', url: `${baseline.origin}/raw/units/${lv}/children`, headers: {} }],
      },
    ];

    const load: LoadOptions = {
      connections: options.connections,
      durationS: options.durationS,
      rounds: options.rounds,
      warmupS: options.warmupS,
    };
    console.log(
      `Measuring (per endpoint ${load.warmupS} s warm-up, then ${load.durationS} s in ${load.rounds} interleaved ` +
        `slices; ${load.connections} connections):`,
    );
    const warnings: string[] = [];
    const comparisons: Comparison[] = [];
    for (const scenario of scenarios) comparisons.push(...(await runScenario(scenario, load, warnings)));

    const report: Report = {
      date,
      machine: machine(),
      options: { ...load, quick: options.quick },
      database: {
        dialect: database.dialect,
        location: database.location,
        members: options.members,
        seedMs: seeded.ms,
        seedSummary: seeded.summary,
      },
      answerSizes,
      comparisons,
      memory: { app: memoryOf(app.child.process.pid), baseline: memoryOf(baseline.child.process.pid) },
      warnings,
    };
    const file = await writeReport(report);
    console.log(`\n${formatReport(report)}\n\nWritten to ${path.relative(ROOT, file)}`);
    return warnings.length ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
