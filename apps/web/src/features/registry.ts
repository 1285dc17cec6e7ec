/**
 * Features plug into the app shell here, so that each lives in its own folder and no feature has
 * to edit the router, the header or the translation files of another:
 *
 * - `features/<name>/index.tsx` exports `feature: Feature` (routes, navigation entries, account menu entries);
 * - `features/<name>/de.json` and `en.json` hold its strings, available as `t('<name>.key')`.
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
  /** Page routes, relative to the site root (e.g. `{ path: 'registrieren', lazy: … }`). */
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

const messages = import.meta.glob<Record<string, unknown>>('./*/{de,en}.json', { eager: true, import: 'default' });

/** The features' strings by language, each under the feature's folder name. */
export function featureMessages(lng: 'de' | 'en'): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, value] of Object.entries(messages)) {
    const match = /^\.\/([^/]+)\/(de|en)\.json$/.exec(path);
    if (match && match[2] === lng) out[match[1]!] = value;
  }
  return out;
}
