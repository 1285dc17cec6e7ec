#!/usr/bin/env node
// `npm test`: unit and integration tests (Vitest; SQLite always, PostgreSQL and Redis when
// TEST_DATABASE_URL / TEST_REDIS_URL are set, required when CI=true), then the browser journeys
// (Playwright in the Chromium scripts/browser.mjs finds). Ends with one line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeBrowser, findChromium, NO_BROWSER_HELP } from './browser.mjs';

const ci = process.env.CI === 'true';
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rn-test-'));
const args = process.argv.slice(2);
const only = args.includes('--unit') ? 'unit' : args.includes('--e2e') ? 'e2e' : 'all';

if (ci) {
  const missing = ['TEST_DATABASE_URL', 'TEST_REDIS_URL'].filter((name) => !process.env[name]);
  if (missing.length) {
    console.error(`CI=true needs ${missing.join(' and ')}: the tests must run on PostgreSQL and Redis too.`);
    process.exit(1);
  }
}
for (const [name, what] of [
  ['TEST_DATABASE_URL', 'PostgreSQL'],
  ['TEST_REDIS_URL', 'Redis'],
]) {
  if (!process.env[name]) console.log(`note: ${name} is not set, so this run does not test on ${what}.`);
}

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let exit = 0;

if (only !== 'e2e') {
  const report = path.join(out, 'vitest.json');
  const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests + (json.numFailedTestSuites ?? 0);
    totals.skipped += json.numPendingTests + json.numTodoTests;
  } else totals.failed += 1;
  if (status !== 0) exit = 1;
}

if (only !== 'unit') {
  const browser = await findChromium();
  if (!browser) {
    console.error(
      `\n${NO_BROWSER_HELP}` +
        '\nThe browser journeys were NOT run; this run counts as failed. Run "npm test -- --unit" for the other tests alone.',
    );
    totals.failed += 1;
    exit = 1;
  } else {
    console.log(`\n${describeBrowser(browser)}`);
    const build = run('npm', ['run', 'build:web']);
    const report = path.join(out, 'playwright.json');
    const status = build === 0 ? run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report }) : 1;
    if (fs.existsSync(report)) {
      const { stats } = JSON.parse(fs.readFileSync(report, 'utf8'));
      totals.passed += stats.expected + stats.flaky;
      totals.failed += stats.unexpected;
      totals.skipped += stats.skipped;
    } else totals.failed += 1;
    if (status !== 0) exit = 1;
  }
}

fs.rmSync(out, { recursive: true, force: true });
console.log(
  `\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(exit || (totals.failed > 0 ? 1 : 0));
