// Types of scripts/browser.mjs for the TypeScript that imports it (playwright.config.ts, bench/).
export interface FoundBrowser {
  executablePath: string;
  args: string[];
  source: 'CHROMIUM_PATH' | 'debian' | 'playwright' | '@sparticuz/chromium';
}
export const COMMON_ARGS: string[];
export const DEBIAN_CHROMIUM: string;
export const NO_BROWSER_HELP: string;
export function describeBrowser(browser: FoundBrowser): string;
export function findChromium(env?: NodeJS.ProcessEnv): Promise<FoundBrowser | undefined>;
