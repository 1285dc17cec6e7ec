// Which Chromium the browser journeys and the Lighthouse benchmark drive, found without
// downloading anything at run time. In this order:
//
// 1. CHROMIUM_PATH, when set (it must exist);
// 2. Debian's /usr/bin/chromium (skipped when RN_IGNORE_SYSTEM_CHROMIUM=1, to try the others);
// 3. a Chromium that Playwright installed (`npx playwright install chromium`);
// 4. on Linux x64/arm64, the Chromium inside the npm package @sparticuz/chromium (a dev dependency;
//    unpacked once into the temporary directory, launched with the flags it asks for).
//
// Used by scripts/test.mjs, playwright.config.ts and bench/lighthouse/run.ts.
import fs from 'node:fs';
import os from 'node:os';

/** The flags every journey browser gets besides its own. */
export const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * @typedef {object} FoundBrowser
 * @property {string} executablePath
 * @property {string[]} args launch flags
 * @property {'CHROMIUM_PATH' | 'debian' | 'playwright' | '@sparticuz/chromium'} source
 */

/** @returns {string} one line naming the browser, for the run's output */
export function describeBrowser(/** @type {FoundBrowser} */ browser) {
  return `browser: ${browser.executablePath} (from ${browser.source})`;
}

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<FoundBrowser | undefined>} undefined when none of the four is there
 */
export async function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (!fs.existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist.`);
    return { executablePath: env.CHROMIUM_PATH, args: COMMON_ARGS, source: 'CHROMIUM_PATH' };
  }
  if (env.RN_IGNORE_SYSTEM_CHROMIUM !== '1' && fs.existsSync(DEBIAN_CHROMIUM)) {
    return { executablePath: DEBIAN_CHROMIUM, args: COMMON_ARGS, source: 'debian' };
  }
  try {
    const { chromium } = await import('playwright-core');
    const installed = chromium.executablePath();
    if (installed && fs.existsSync(installed))
      return { executablePath: installed, args: COMMON_ARGS, source: 'playwright' };
  } catch {
    // playwright-core knows no browser for this platform: go on.
  }
  if (os.platform() === 'linux' && (os.arch() === 'x64' || os.arch() === 'arm64')) {
    let packaged;
    try {
      packaged = (await import('@sparticuz/chromium')).default;
    } catch {
      return undefined; // not installed (npm ci --omit=dev)
    }
    // Its flags are made for AWS Lambda. --single-process is what Lambda's sandbox needs; on an
    // ordinary machine it makes every second browser context fail ("Target page, context or
    // browser has been closed") once the one before was closed, as the journeys do per test.
    const args = packaged.args.filter((/** @type {string} */ flag) => flag !== '--single-process');
    return { executablePath: await packaged.executablePath(), args, source: '@sparticuz/chromium' };
  }
  return undefined;
}

export const NO_BROWSER_HELP =
  "No Chromium found: set CHROMIUM_PATH, install Debian's (apt-get install chromium), run " +
  '"npx playwright install chromium", or on Linux x64/arm64 install the dev dependencies (npm ci), ' +
  'which bring @sparticuz/chromium.';
