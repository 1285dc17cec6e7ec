/**
 * The two servers under load and what the scenarios need from them: the real server (seeded with
 * the demo instance) and the baseline, a signed-in session, the units to query, and a check that
 * both sides answer the same before their speeds are compared.
 */
import type { BenchDatabase } from './database.ts';
import { freePort, spawnNode, stopChild, waitForExit, waitForReady, type Child } from './processes.ts';

/** The demo member (packages/core/src/demo/members.ts): an Ortsverein member who is also in an AG. */
export const DEMO_MEMBER = { email: 'mitglied@demo.rotes-netz.de', password: 'rotes-netz-demo' };

/** Bounds on the waits; the 33,000-member seed takes seconds on SQLite, longer on PostgreSQL. */
const SEED_TIMEOUT_MS = 10 * 60_000;
const READY_TIMEOUT_MS = 2 * 60_000;

export interface Target {
  child: Child;
  /** `http://127.0.0.1:<port>` */
  origin: string;
}

/** Something to undo at the end of the run, newest first. */
export type Defer = (undo: () => Promise<void>) => void;

/** What the seed command reported (its "Seeded … units and … members in … ms." line) and how long it ran. */
export interface Seeded {
  summary: string;
  ms: number;
}

/** Seeds the demo instance with `members` members through the server's CLI. */
export async function seedDemoInstance(database: BenchDatabase, members: number, defer: Defer): Promise<Seeded> {
  const started = Date.now();
  const child = spawnNode('seed', 'apps/server/src/main.ts', ['seed', '--demo', '--members', String(members)], {
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
  });
  defer(() => stopChild(child));
  await waitForExit(child, SEED_TIMEOUT_MS);
  const summary = child
    .tail()
    .split('\n')
    .find((line) => line.startsWith('Seeded '));
  return { summary: summary ?? 'the seed printed no summary', ms: Date.now() - started };
}

/** Starts the real server on a free port against the seeded database and waits for `/readyz`. */
export async function startApp(database: BenchDatabase, defer: Defer): Promise<Target> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawnNode('server', 'apps/server/src/main.ts', ['start', '--migrate', '--demo'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: origin,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    // The benchmark sends hundreds of thousands of API requests a minute from one address.
    RATE_LIMIT_PER_MINUTE: '1000000',
    SIGN_IN_LIMIT_PER_MINUTE: '1000',
    RUN_WORKER: 'false',
    DEMO: 'true',
    // Whatever the caller's shell has configured, this run stays on one machine.
    REDIS_URL: '',
    SMTP_URL: '',
  });
  defer(() => stopChild(child));
  await waitForReady(child, `${origin}/readyz`, READY_TIMEOUT_MS);
  return { child, origin };
}

/** Starts a baseline server (by default bench/baseline-server.ts) against the same database. */
export async function startBaseline(
  database: BenchDatabase,
  defer: Defer,
  script = 'bench/baseline-server.ts',
): Promise<Target> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawnNode('baseline', script, [], {
    PORT: String(port),
    DATABASE_URL: database.url,
  });
  defer(() => stopChild(child));
  await waitForReady(child, `${origin}/healthz`, READY_TIMEOUT_MS);
  return { child, origin };
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Signs a member in (by default the demo member) and returns the `cookie` header that carries the session. */
export async function signIn(app: Target, credentials = DEMO_MEMBER): Promise<string> {
  const response = await fetch(`${app.origin}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.origin },
    body: JSON.stringify(credentials),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0] ?? '')
    .find((pair) => /^(__Host-)?rn_session=/.test(pair));
  if (!session) throw new Error('sign-in set no rn_session cookie');
  return session;
}

interface UnitList {
  items: { id: number; name: string }[];
}

export interface BenchUnits {
  /** The Ortsverein Tübingen: its ancestry is the tree query from the bottom. */
  ortsvereinId: number;
  /** The Landesverband (the root): its children are the tree query from the top. */
  landesverbandId: number;
}

/** Finds the units the tree scenarios query, through the API as a client would. */
export async function findUnits(app: Target, cookie: string): Promise<BenchUnits> {
  const headers = { cookie };
  const query = new URLSearchParams({ q: 'Tübingen', type: 'ortsverein' });
  const ortsvereine = (await getJson(`${app.origin}/api/v1/units?${query}`, headers)) as UnitList;
  const roots = (await getJson(`${app.origin}/api/v1/units/roots`, headers)) as UnitList;
  const ortsvereinId = ortsvereine.items[0]?.id;
  const landesverbandId = roots.items[0]?.id;
  if (ortsvereinId === undefined || landesverbandId === undefined) {
    throw new Error('the demo instance has no Ortsverein Tübingen or no root unit');
  }
  return { ortsvereinId, landesverbandId };
}

/** A pair of URLs that must give the same units: the app's route and its raw-SQL baseline. */
export interface SamePair {
  name: string;
  app: string;
  baseline: string;
  /** The unit ids an answer names, in the order that matters. */
  ids(body: unknown): number[];
}

const itemIds = (body: unknown) => (body as UnitList).items.map((item) => item.id);
const membershipIds = (body: unknown) =>
  (body as { memberships: { unit: { id: number } }[] }).memberships.map((m) => m.unit.id).sort((a, b) => a - b);

/** The pairs whose answers are compared before measuring. */
export function samePairs(app: Target, baseline: Target, units: BenchUnits): SamePair[] {
  const { ortsvereinId: ov, landesverbandId: lv } = units;
  return [
    { name: 'me', app: `${app.origin}/api/v1/me`, baseline: `${baseline.origin}/raw/me`, ids: membershipIds },
    {
      name: 'ancestry',
      app: `${app.origin}/api/v1/units/${ov}/ancestry`,
      baseline: `${baseline.origin}/raw/units/${ov}/ancestry`,
      ids: itemIds,
    },
    {
      name: 'children',
      app: `${app.origin}/api/v1/units/${lv}/children`,
      baseline: `${baseline.origin}/raw/units/${lv}/children`,
      ids: itemIds,
    },
  ];
}

/**
 * Fails when a baseline answers with other units than the app: the ratio would then compare
 * different work. Returns how many units each pair named.
 */
export async function checkSameAnswers(pairs: SamePair[], cookie: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const pair of pairs) {
    const fromApp = pair.ids(await getJson(pair.app, { cookie }));
    const fromBaseline = pair.ids(await getJson(pair.baseline, { cookie }));
    if (fromApp.join(',') !== fromBaseline.join(',')) {
      throw new Error(
        `${pair.name}: the baseline's SQL no longer matches the app (app [${fromApp.join(', ')}], ` +
          `baseline [${fromBaseline.join(', ')}]); update bench/raw-queries.ts`,
      );
    }
    counts[pair.name] = fromApp.length;
  }
  return counts;
}
