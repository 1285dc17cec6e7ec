import { defineConfig, devices } from '@playwright/test';
import { describeBrowser, findChromium, NO_BROWSER_HELP } from './scripts/browser.mjs';

// E2E_PORT lets two checkouts run their journeys side by side on one machine.
const PORT = Number(process.env.E2E_PORT ?? 3100);
// localhost, not 127.0.0.1: WebAuthn (passkeys) refuses IP addresses as relying parties.
const baseURL = `http://localhost:${PORT}`;

/**
 * Browser journeys against the real server with a fresh demo database. The Chromium is found by
 * scripts/browser.mjs (CHROMIUM_PATH, Debian's, Playwright's, @sparticuz/chromium): no browser is
 * downloaded at run time. The web app must be built first (`npm run test:e2e` does that).
 */
const browser = await findChromium();
if (!browser) throw new Error(NO_BROWSER_HELP);
// The runner loads this file again in every worker; say it once.
if (process.env.TEST_WORKER_INDEX === undefined) console.log(describeBrowser(browser));

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // No retries: a journey that fails once is a failure to look at, not to hide.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // npm test reads the JSON report to count the results (scripts/test.mjs).
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
  use: {
    baseURL,
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: browser.executablePath, args: browser.args },
      },
    },
  ],
  webServer: {
    // A fresh database every run: the server migrates and seeds the demo on first start.
    command: 'mkdir -p data && rm -f data/e2e.db* && node --import tsx apps/server/src/main.ts start',
    url: `http://127.0.0.1:${PORT}/healthz`,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite:./data/e2e.db',
      DEMO: 'true',
      PUBLIC_URL: baseURL,
      LOG_LEVEL: 'warn',
      // The journeys sign in from one address, dozens of times a minute on a fast machine; the
      // sign-in limit itself is tested in apps/server/test/rate-limit.test.ts.
      SIGN_IN_LIMIT_PER_MINUTE: '1000',
    },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
