/**
 * Plausible dates for demo events: a training on 24 December or a meeting on New Year's Day
 * looks like a bug to anyone trying the demo. Weekdays only, none of Baden-Württemberg's public
 * holidays, and nothing between Christmas Eve and New Year's Day, when no Ortsverein meets.
 */
import { berlinLocalIso } from '../events/events.time.ts';

const DAY_MS = 86_400_000;

/** Easter Sunday of a year (Gregorian, anonymous algorithm), as a UTC midnight timestamp. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** Baden-Württemberg's public holidays of a year, as `YYYY-MM-DD`. */
function holidays(year: number): Set<string> {
  const easter = easterSunday(year);
  const moving = [-2, 1, 39, 50, 60].map((offset) => new Date(easter + offset * DAY_MS).toISOString().slice(0, 10));
  const fixed = ['01-01', '01-06', '05-01', '10-03', '11-01', '12-25', '12-26'].map((md) => `${year}-${md}`);
  return new Set([...fixed, ...moving]);
}

/** Whether a calendar date (`YYYY-MM-DD`) is a working day on which a demo event is plausible. */
export function isPlausibleWorkingDay(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  // Between the years: 24 and 31 December are no holidays, but nobody holds a training then.
  if (month === 12 && day >= 24) return false;
  return !holidays(year).has(date);
}

/**
 * The first plausible working day (`YYYY-MM-DD`, Europe/Berlin) at least `days` days after the
 * Berlin date of `now`.
 */
export function workingDayAfter(now: number, days: number): string {
  return workingDayFrom(berlinLocalIso(now).slice(0, 10), days);
}

/** The first plausible working day (`YYYY-MM-DD`) on or after `days` days after `date`. */
export function workingDayFrom(date: string, days = 0): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  let candidate = Date.UTC(year, month - 1, day + days);
  while (!isPlausibleWorkingDay(new Date(candidate).toISOString().slice(0, 10))) candidate += DAY_MS;
  return new Date(candidate).toISOString().slice(0, 10);
}
