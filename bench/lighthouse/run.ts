/**
 * `npm run bench:lighthouse [-- options]`: Lighthouse (mobile, its default simulated throttling)
 * over the pages a member sees first: `/` and the sign-in page signed out, then signed in as the
 * demo member a room, a thread and the event calendar. It drives the Chromium the tests find
 * (scripts/browser.mjs) against the real server on a fresh demo database, serving the built web
 * app (`npm run bench:lighthouse` builds it first).
 *
 * Each page is measured `--runs` times; the run with the median performance score is printed:
 * performance and accessibility scores, largest contentful paint, total blocking time, bytes
 * transferred and the JavaScript among them. Figures are printed and written to bench/results/,
 * never asserted (the first-load budget is a test: apps/web/test/bundle-budget.test.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { describeBrowser, findChromium, NO_BROWSER_HELP } from '../../scripts/browser.mjs';
import { freePort, ROOT, spawnNode, stopChild, waitForReady, type Child } from '../processes.ts';
import { machine } from '../report.ts';

const USAGE = `Usage: npm run bench:lighthouse -- [options]

  --runs <n>     Lighthouse runs per page; the median by performance is kept (default 3)
  --label <s>    a word for the result file's name (e.g. before, after)`;

const MEMBER = 'mitglied@demo.rotes-netz.de';
const PASSWORD = 'rotes-netz-demo';

interface PageFigures {
  page: string;
  url: string;
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  bytes: number;
  scriptBytes: number;
  requests: number;
}

interface NetworkRequest {
  resourceType?: string;
  transferSize?: number;
}

async function measure(port: number, name: string, url: string): Promise<PageFigures> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  const requests = ((lhr.audits['network-requests']?.details as { items?: NetworkRequest[] } | undefined)?.items ??
    []) as NetworkRequest[];
  return {
    page: name,
    url: new URL(url).pathname,
    performance: lhr.categories.performance?.score ?? NaN,
    accessibility: lhr.categories.accessibility?.score ?? NaN,
    fcpMs: audit('first-contentful-paint'),
    lcpMs: audit('largest-contentful-paint'),
    tbtMs: audit('total-blocking-time'),
    bytes: audit('total-byte-weight'),
    scriptBytes: requests
      .filter((request) => request.resourceType === 'Script')
      .reduce((sum, request) => sum + (request.transferSize ?? 0), 0),
    requests: requests.length,
  };
}

function median(runs: PageFigures[]): PageFigures {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function table(rows: PageFigures[]): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const lines = [
    '| page | performance | accessibility | FCP | LCP | TBT | transferred | of it JavaScript | requests |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.page} (\`${row.url}\`) | ${row.performance.toFixed(2)} | ${row.accessibility.toFixed(2)} | ` +
        `${(row.fcpMs / 1000).toFixed(1)} s | ${(row.lcpMs / 1000).toFixed(1)} s | ${row.tbtMs.toFixed(0)} ms | ` +
        `${kib(row.bytes)} | ${kib(row.scriptBytes)} | ${row.requests} |`,
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      label: { type: 'string', default: 'run' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error(`--runs must be 1 to 20\n\n${USAGE}`);
  if (!/^[a-z0-9-]{1,40}$/.test(values.label)) throw new Error(`--label: letters, digits and - only\n\n${USAGE}`);
  try {
    await fs.access(path.join(ROOT, 'apps/web/dist/index.html'));
  } catch {
    throw new Error('The web app is not built: run "npm run build:web" (npm run bench:lighthouse does).');
  }

  const browser = await findChromium();
  if (!browser) throw new Error(NO_BROWSER_HELP);
  console.log(describeBrowser(browser));

  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'rn-lighthouse-'));
  const appPort = await freePort();
  const debugPort = await freePort();
  // localhost, as in the journeys: the session cookie and passkeys want a host name.
  const base = `http://localhost:${appPort}`;
  let server: Child | undefined;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    server = spawnNode('server', 'apps/server/src/main.ts', ['start', '--migrate'], {
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(work, 'lighthouse.db')}`,
      DEMO: 'true',
      PUBLIC_URL: base,
      LOG_LEVEL: 'warn',
      SIGN_IN_LIMIT_PER_MINUTE: '1000',
    });
    await waitForReady(server, `http://127.0.0.1:${appPort}/healthz`, 180_000);

    // One persistent profile: Lighthouse opens its tabs in the browser's default context, which is
    // this one, so the session cookie set below is theirs too. Lighthouse clears the cache and
    // service workers before each run, not cookies.
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: browser.executablePath,
      args: [...browser.args, `--remote-debugging-port=${debugPort}`],
      headless: true,
    });

    const figures: PageFigures[] = [];
    const measurePage = async (name: string, pathname: string) => {
      const attempts: PageFigures[] = [];
      for (let i = 0; i < runs; i += 1) {
        // Lighthouse now and then loses the trace on a loaded machine (NO_NAVSTART); such a run is repeated.
        for (let tries = 1; ; tries += 1) {
          try {
            attempts.push(await measure(debugPort, name, base + pathname));
            break;
          } catch (error) {
            if (tries >= 3) throw error;
            console.log(`${name}: ${(error as Error).message}; again`);
          }
        }
      }
      const kept = median(attempts);
      console.log(
        `${name}: performance ${attempts.map((a) => a.performance.toFixed(2)).join(', ')} → ${kept.performance.toFixed(2)}`,
      );
      figures.push(kept);
    };

    await measurePage('start, signed out', '/');
    await measurePage('sign-in', '/anmelden');

    const signIn = await context.request.post(`${base}/api/v1/auth/sign-in`, {
      data: { email: MEMBER, password: PASSWORD },
      headers: { origin: base },
    });
    if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()} ${await signIn.text()}`);
    const api = async <T>(pathname: string): Promise<T> => {
      const response = await context!.request.get(`${base}/api/v1${pathname}`);
      if (!response.ok()) throw new Error(`GET ${pathname}: HTTP ${response.status()}`);
      return (await response.json()) as T;
    };
    const { groups } = await api<{ groups: { rooms: { id: number; name: string }[] }[] }>('/rooms');
    let room: number | undefined;
    let thread: number | undefined;
    for (const candidate of groups.flatMap((group) => group.rooms)) {
      const { items } = await api<{ items: { id: number }[] }>(`/rooms/${candidate.id}/threads`);
      if (items[0]) {
        room = candidate.id;
        thread = items[0].id;
        break;
      }
    }
    if (room === undefined || thread === undefined) throw new Error('the demo member has no room with a thread');

    await measurePage('home, signed in', '/');
    await measurePage('room', `/raeume/${room}`);
    await measurePage('thread', `/raeume/${room}/themen/${thread}`);
    await measurePage('event calendar', '/termine');

    const printed = table(figures);
    const { version } = JSON.parse(
      await fs.readFile(path.join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8'),
    ) as { version: string };
    console.log(`\nLighthouse ${version}, mobile, ${runs} run(s) per page, median by performance\n`);
    console.log(printed);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(ROOT, 'bench', 'results', `lighthouse-${values.label}-${stamp}.json`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify({ machine: machine(), browser, runs, figures }, null, 2));
    console.log(`\nwritten to ${path.relative(ROOT, file)}`);
  } finally {
    await context?.close().catch(() => undefined);
    if (server) await stopChild(server);
    await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
