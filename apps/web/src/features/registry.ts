/**
 * Features plug into the app shell here, so that each lives in its own folder and no feature has
 * to edit the router, the header or the translation files of another:
 *
 * - `features/<name>/index.tsx` exports `feature: Feature` (routes, navigation entries, account menu entries);
 * - `features/<name>/de.json` and `en.json` hold its strings, available as `t('<name>.key')`
 *   (gathered per language by `i18n/messages-de.ts` and `messages-en.ts`).
 */
import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Me } from '@rotes-netz/shared';

export interface NavEntry {
  to: string;
  /** A translation key. */
  label: string;
  /** Highlight only on this exact path. */
  end?: boolean;
  /** Administration pages gather under one "Verwaltung" menu instead of the main row. */
  group?: 'admin';
}

export interface Feature {
  /**
   * Page routes, relative to the site root (e.g. `{ path: 'registrieren', lazy: … }`). Each needs a
   * signed-in member (signed out, it redirects to sign-in and back) unless marked
   * `handle: { public: true }`.
   */
  routes?: RouteObject[];
  /** Entries of the main navigation for this member (signed out: `me` is undefined). */
  nav?: (me: Me | undefined) => NavEntry[];
  /** Entries of the account menu, for a signed-in member. */
  accountMenu?: (me: Me) => NavEntry[];
  /** Small items in the header beside the account menu (the notification bell), for a signed-in member. */
  headerItems?: (me: Me) => ReactNode;
}

const modules = import.meta.glob<{ feature: Feature }>('./*/index.tsx', { eager: true });

/** Every feature, in folder order. */
export const features: Feature[] = Object.keys(modules)
  .sort()
  .map((path) => modules[path]!.feature);

/**
 * The features' strings of one language, each under the feature's folder name. Called with the
 * eager glob of that language's files only (i18n/messages-de.ts, messages-en.ts), so that a page
 * loads the strings of one language, not of both.
 */
export function featureMessages(
  files: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, value] of Object.entries(files)) {
    const match = /\/features\/([^/]+)\/(de|en)\.json$/.exec(path);
    if (match) out[match[1]!] = value;
  }
  return out;
}
