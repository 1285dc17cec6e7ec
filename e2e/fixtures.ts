// page.evaluate() callbacks run in the browser:
/// <reference lib="dom" />
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

/** Demo accounts seeded by the server (see README); one password for all. */
export const ACCOUNTS = {
  member: 'mitglied@demo.rotes-netz.de',
  chair: 'vorsitz@demo.rotes-netz.de',
  regional: 'regionalzentrum@demo.rotes-netz.de',
  admin: 'admin@demo.rotes-netz.de',
} as const;
export const PASSWORD = 'rotes-netz-demo';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * Every journey also checks the privacy and CSP promises: no request leaves the machine (no
 * third-party fonts, scripts or CDNs) and the browser reports no Content-Security-Policy violation.
 */
export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ context, page }, use) => {
      const foreign: string[] = [];
      const violations: string[] = [];
      context.on('request', (request) => {
        const url = new URL(request.url());
        if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
          foreign.push(request.url());
        }
      });
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
          violations.push(message.text());
        }
      });
      await use();
      expect(foreign, 'requests to hosts other than this server').toEqual([]);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

/** Signs in through the form, as a person would, and waits for "Meine Partei". */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Partei' })).toBeVisible();
}

/** Whether the page scrolls sideways (it must not, down to 320 px). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
