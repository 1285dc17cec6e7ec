/**
 * Event times: stored as UTC epoch ms, entered and shown as Europe/Berlin wall-clock time. Offsets
 * come from `Intl.DateTimeFormat` (Node 20 has no Temporal). A wall-clock time in the hour skipped
 * when the clocks go forward does not exist; one in the hour repeated when they go back exists
 * twice. Both are refused with a clear problem unless the input names its offset.
 */
import { DomainError } from '../errors.ts';

export const EVENT_TIME_ZONE = 'Europe/Berlin';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: EVENT_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(ms: number): WallClock {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/** The offset of Europe/Berlin from UTC at an instant, in ms (3_600_000 or 7_200_000). */
export function berlinOffsetMs(ms: number): number {
  const w = wallClockAt(ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an event time: Europe/Berlin wall-clock (`2027-04-08T19:00`) or an instant with offset.
 * Throws `event_time_nonexistent` / `event_time_ambiguous` for wall-clock times in the hours the
 * clocks change, and `validation_failed` for impossible dates, naming `field`.
 */
export function parseEventTime(input: string, field: string): number {
  const m = INPUT.exec(input);
  const invalid = () =>
    new DomainError('validation_failed', `${field}: not a date-time`, [
      { path: `/${field}`, message: 'invalid date-time' },
    ]);
  if (!m) throw invalid();
  const [, y, mo, d, h, mi, s, zone] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s ?? 0) > 59
  ) {
    throw invalid();
  }
  if (zone) {
    if (zone === 'Z') return wall;
    const sign = zone.startsWith('-') ? -1 : 1;
    const [oh, om] = zone.slice(1).split(':').map(Number);
    if (oh! > 14 || om! > 59) throw invalid();
    return wall - sign * (oh! * 3_600_000 + om! * 60_000);
  }
  // The offsets in force a day around the wall-clock time; each that maps back onto it is a reading.
  const offsets = new Set([berlinOffsetMs(wall - 86_400_000), berlinOffsetMs(wall + 86_400_000)]);
  const readings = [...offsets].map((o) => wall - o).filter((t) => berlinOffsetMs(t) === wall - t);
  if (readings.length === 0) {
    throw new DomainError('event_time_nonexistent', `${field}: ${input} does not exist in ${EVENT_TIME_ZONE}`, [
      { path: `/${field}`, message: 'does not exist (clocks go forward)' },
    ]);
  }
  if (readings.length > 1) {
    throw new DomainError('event_time_ambiguous', `${field}: ${input} is ambiguous in ${EVENT_TIME_ZONE}`, [
      { path: `/${field}`, message: 'occurs twice (clocks go back); give the offset' },
    ]);
  }
  return readings[0]!;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2027-04-08T19:00+02:00`: the Europe/Berlin wall clock with its offset. */
export function berlinLocalIso(ms: number): string {
  const w = wallClockAt(ms);
  const offset = berlinOffsetMs(ms) / 60_000;
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** Date and time for mails and pages, e.g. `Donnerstag, 8. April 2027, 19:00 Uhr`. */
export function formatEventTime(ms: number, locale: 'de' | 'en'): string {
  const text = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: EVENT_TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms));
  return locale === 'de' ? `${text} Uhr` : `${text} (Berlin time)`;
}

/**
 * The next date (from `after`) on which the Europe/Berlin calendar shows `month`/`day`, at the
 * given wall-clock time, as epoch ms. Used by the demo seed to keep its events upcoming.
 */
export function nextBerlinDate(after: number, month: number, day: number, hour: number, minute = 0): number {
  const year = wallClockAt(after).year;
  for (const y of [year, year + 1, year + 2]) {
    const t = parseEventTime(`${y}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`, 'startsAt');
    if (t > after) return t;
  }
  throw new Error('no such date');
}
