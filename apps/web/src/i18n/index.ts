/**
 * i18next set up for German (default) and English. The choice is remembered in localStorage,
 * drives `<html lang>`, and is sent to the API as Accept-Language (see api.ts). The strings of a
 * language are a chunk of their own, loaded when that language is used: `i18nReady` resolves
 * once the first is there (main.tsx renders after it).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
// Only types come from the shared package: its values would pull the TypeBox schemas into the bundle.
import type { Locale } from '@rotes-netz/shared';

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

const MESSAGES: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  de: () => import('./messages-de.ts'),
  en: () => import('./messages-en.ts'),
};

/** Loads a language's strings into i18next unless they are there already. */
async function loadLanguage(lng: Locale): Promise<void> {
  if (i18n.hasResourceBundle(lng, 'translation')) return;
  i18n.addResourceBundle(lng, 'translation', (await MESSAGES[lng]()).default);
}

const initial = storedLanguage();

/** Resolves when i18next is ready with the strings of the member's language. */
export const i18nReady: Promise<void> = MESSAGES[initial]().then(async ({ default: messages }) => {
  await i18n.use(initReactI18next).init({
    resources: { [initial]: { translation: messages } },
    // Only the language in use is loaded; English is complete (i18n.test.ts), so no fallback is needed.
    partialBundledLanguages: true,
    lng: initial,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
  });
  applyLanguage(i18n.language);
  i18n.on('languageChanged', applyLanguage);
});

/** Switches the language and remembers the choice. */
export async function setLanguage(lng: Locale): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Not remembered, but still switched.
  }
  await loadLanguage(lng);
  await i18n.changeLanguage(lng);
}

/** The current language as a Locale. */
export function currentLanguage(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

export default i18n;
