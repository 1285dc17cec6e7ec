/**
 * i18next set up for German (default) and English. The choice is remembered in localStorage,
 * drives `<html lang>`, and is sent to the API as Accept-Language (see api.ts).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
// Only types come from the shared package: its values would pull the TypeBox schemas into the bundle.
import type { Locale } from '@rotes-netz/shared';
import de from './de.json';
import en from './en.json';
import { featureMessages } from '../features/registry.ts';

export const LOCALES = ['de', 'en'] as const satisfies readonly Locale[];
export const DEFAULT_LOCALE: Locale = 'de';
export const LANGUAGE_STORAGE_KEY = 'rotes-netz.language';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLanguage(): Locale {
  try {
    const saved = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage may be blocked (private mode); German it is.
  }
  return DEFAULT_LOCALE;
}

function applyLanguage(lng: string): void {
  document.documentElement.lang = lng;
}

void i18n.use(initReactI18next).init({
  resources: {
    de: { translation: { ...de, ...featureMessages('de') } },
    en: { translation: { ...en, ...featureMessages('en') } },
  },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
});
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

/** Switches the language and remembers the choice. */
export async function setLanguage(lng: Locale): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Not remembered, but still switched.
  }
  await i18n.changeLanguage(lng);
}

/** The current language as a Locale. */
export function currentLanguage(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

export default i18n;
