/**
 * Event times: stored and sent as UTC instants, always shown and entered as Europe/Berlin wall
 * clock time — whatever the time zone of the member's device — in the date format of the language.
 */

import { dateFormat, DISPLAY_TIME_ZONE } from '../../lib/format.ts';

export const EVENT_TIME_ZONE = DISPLAY_TIME_ZONE;

/** A calendar day in Berlin, as "YYYY-MM-DD". */
export type DayKey = string;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: EVENT_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The Berlin wall clock at an instant. */
function wallClock(ms: number): WallClock {
  const out: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The Berlin day of an instant, as "YYYY-MM-DD". */
export function berlinDay(iso: string): DayKey {
  const c = wallClock(Date.parse(iso));
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** "YYYY-MM-DDTHH:mm" in Berlin, the value of a datetime-local input. */
export function toBerlinInput(iso: string): string {
  const c = wallClock(Date.parse(iso));
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/**
 * The UTC instant (ISO) of a Berlin wall-clock time "YYYY-MM-DDTHH:mm", or null when the text is
 * not such a time. In the autumn hour that happens twice the earlier (summer time) one is meant;
 * a time in the spring gap (02:30 on the last Sunday of March) does not exist and moves forward
 * by the hour the clocks jump.
 */
export function fromBerlinInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(asUtc) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  // The offset is +1 or +2 hours; try the larger first so that an ambiguous time gets summer time.
  for (const offsetHours of [2, 1]) {
    const candidate = asUtc - offsetHours * 3_600_000;
    const c = wallClock(candidate);
    if (c.year === year && c.month === month && c.day === day && c.hour === hour && c.minute === minute) {
      return new Date(candidate).toISOString();
    }
  }
  // In the gap: read the wall-clock time as winter time, which lands an hour later in summer time.
  return new Date(asUtc - 3_600_000).toISOString();
}

const format = dateFormat;

/** "Mittwoch, 8. April 2026, 19:00–20:30 Uhr" (or across days, both ends in full). */
export function formatEventRange(startIso: string, endIso: string, lng: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${startIso} – ${endIso}`;
  return format(lng, { dateStyle: 'full', timeStyle: 'short' }).formatRange(start, end);
}

/** "19:00–20:30" (times only, for a list grouped by day). */
export function formatTimeRange(startIso: string, endIso: string, lng: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (berlinDay(startIso) !== berlinDay(endIso)) return formatEventRange(startIso, endIso, lng);
  return format(lng, { hour: 'numeric', minute: '2-digit' }).formatRange(start, end);
}

/** A day key as a heading: "Mittwoch, 8. April 2026". */
export function formatDay(day: DayKey, lng: string, style: 'full' | 'long' = 'full'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // Noon UTC of that date is the same date in Berlin.
  return format(lng, { dateStyle: style }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "April 2026". */
export function formatMonth(month: string, lng: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return format(lng, { month: 'long', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, 15, 12)));
}

/** The weekday names from Monday, long and short, in the language. */
export function weekdayNames(lng: string): { long: string; short: string }[] {
  // 5 January 2026 is a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const date = new Date(Date.UTC(2026, 0, 5 + i, 12));
    return {
      long: format(lng, { weekday: 'long' }).format(date),
      short: format(lng, { weekday: 'short' }).format(date),
    };
  });
}

/** The month ("YYYY-MM") of a day key. */
export const monthOf = (day: DayKey): string => day.slice(0, 7);

/** Today in Berlin. */
export const todayBerlin = (): DayKey => berlinDay(new Date().toISOString());

/** The month `delta` months after `month` ("YYYY-MM"). */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}`;
}

/** The day `delta` days after `day`. */
export function shiftDay(day: DayKey, delta: number): DayKey {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + delta));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The weeks (Monday to Sunday) covering a month; days outside it are null. */
export function monthWeeks(month: string): (DayKey | null)[][] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (DayKey | null)[] = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: days }, (_, i) => `${month}-${pad(i + 1)}`),
  ];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/** The UTC instants that bound a Berlin month, for the API's from/to. */
export function monthBounds(month: string): { from: string; to: string } {
  return {
    from: fromBerlinInput(`${month}-01T00:00`)!,
    to: fromBerlinInput(`${shiftMonth(month, 1)}-01T00:00`)!,
  };
}
