/**
 * Locale-aware formatting of dates, times and numbers for display — the one place that turns the
 * page's language into a locale: German as in Germany, English as in Britain (day before month),
 * always 24-hour times on the Berlin clock, whatever the device's own settings are.
 */

/** The time zone every date and time is shown in. */
export const DISPLAY_TIME_ZONE = 'Europe/Berlin';

/** The formatting locale of a language: `de-DE`, and `en-GB` for English. */
export function displayLocale(lng: string): string {
  return lng.toLowerCase().startsWith('en') ? 'en-GB' : 'de-DE';
}

/** An `Intl.DateTimeFormat` in the language's locale, on the Berlin clock, with 24-hour times. */
export function dateFormat(lng: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const hasTime = options.timeStyle !== undefined || options.hour !== undefined;
  return new Intl.DateTimeFormat(displayLocale(lng), {
    timeZone: DISPLAY_TIME_ZONE,
    ...(hasTime ? { hourCycle: 'h23' as const } : {}),
    ...options,
  });
}

/** A number in the language's locale ("1,5" in German, "1.5" in English). */
export function formatNumber(value: number, lng: string, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(displayLocale(lng), options).format(value);
}

/** "08.04.2026, 19:00" / "8 Apr 2026, 19:00": a date with its time. */
export function formatDateTime(iso: string, lng: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Keeps only same-site paths so that `?next=` cannot send anyone elsewhere. */
export function safeNext(next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) return next;
  return '/';
}

/**
 * The sign-in page that returns to exactly this place afterwards: path, query and the post
 * anchor (`#beitrag-…`), also after a second factor.
 */
export function signInPath(here: { pathname: string; search: string; hash: string }): string {
  return `/anmelden?next=${encodeURIComponent(here.pathname + here.search + here.hash)}`;
}
