/**
 * `npm run bench [-- options]`: seeds a throw-away database with the demo instance, starts the real
 * server and a baseline server as child processes, loads each scenario with autocannon on loopback,
 * one after another, and prints every figure as a ratio to a baseline measured beside it in the
 * same run (a bare Fastify route, or the same SQL run by hand). Absolute numbers drift on a shared
 * machine; ratios measured minutes apart on the same machine hold. See bench/README.md.
 */
import path from 'node:path';
import { createBenchDatabase, DEFAULT_POSTGRES_URL } from './database.ts';
import { LOAD_USAGE, parseBenchOptions, runBench } from './cli.ts';
import { measureInterleaved, type Endpoint, type LoadOptions } from './load.ts';
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

${LOAD_USAGE}
  --database <d>       sqlite (default) or postgres; postgres uses BENCH_DATABASE_URL
                       or ${DEFAULT_POSTGRES_URL} and creates a fresh rn_bench_* database
  --members <n>        size of the demo roster (default 33000; --quick: 5000)
  --quick              a smoke run: short measurements, small roster`;

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

async function main(argv: string[], defer: Defer): Promise<number> {
  const options = parseBenchOptions(argv, { members: { type: 'string' } });
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const members = options.whole('members', options.quick ? 5000 : 33_000, 100, 1_000_000);
  const date = new Date().toISOString();
  const database = await createBenchDatabase(options.database);
  defer(() => database.remove());
  console.log(`Seeding ${members} members into ${database.location} …`);
  const seeded = await seedDemoInstance(database, members, defer);
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

  const { load } = options;
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
      members: members,
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
}

runBench('bench', (defer) => main(process.argv.slice(2), defer));
