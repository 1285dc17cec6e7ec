import { describe, expect, it } from 'vitest';
import {
  berlinDay,
  formatEventRange,
  fromBerlinInput,
  monthBounds,
  monthWeeks,
  shiftDay,
  shiftMonth,
  toBerlinInput,
} from './time.ts';

describe('Berlin wall-clock time', () => {
  it('reads an evening in April (summer time) as UTC+2', () => {
    expect(fromBerlinInput('2026-04-08T19:00')).toBe('2026-04-08T17:00:00.000Z');
    expect(toBerlinInput('2026-04-08T17:00:00.000Z')).toBe('2026-04-08T19:00');
  });

  it('reads an evening in January (winter time) as UTC+1', () => {
    expect(fromBerlinInput('2026-01-15T19:00')).toBe('2026-01-15T18:00:00.000Z');
    expect(toBerlinInput('2026-01-15T18:00:00.000Z')).toBe('2026-01-15T19:00');
  });

  it('takes summer time for the hour that happens twice in October', () => {
    expect(fromBerlinInput('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('moves a time in the March gap forward by the hour the clocks jump', () => {
    expect(fromBerlinInput('2026-03-29T02:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(toBerlinInput('2026-03-29T01:30:00.000Z')).toBe('2026-03-29T03:30');
  });

  it('refuses what is not a time', () => {
    expect(fromBerlinInput('')).toBeNull();
    expect(fromBerlinInput('2026-13-01T10:00')).toBeNull();
    expect(fromBerlinInput('morgen')).toBeNull();
  });

  it('puts a late-night UTC instant on the next Berlin day', () => {
    expect(berlinDay('2026-04-08T22:30:00.000Z')).toBe('2026-04-09');
  });

  it('formats a range in the language, in Berlin time', () => {
    expect(formatEventRange('2026-04-08T17:00:00.000Z', '2026-04-08T18:30:00.000Z', 'de')).toBe(
      'Mittwoch, 8. April 2026, 19:00–20:30 Uhr',
    );
    expect(formatEventRange('2026-04-08T17:00:00.000Z', '2026-04-08T18:30:00.000Z', 'en')).toBe(
      'Wednesday, 8 April 2026, 19:00–20:30',
    );
  });
});

describe('month grid', () => {
  it('starts weeks on Monday and pads with empty cells', () => {
    const weeks = monthWeeks('2026-04');
    // 1 April 2026 is a Wednesday.
    expect(weeks[0]).toEqual([null, null, '2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05']);
    expect(weeks.at(-1)).toEqual(['2026-04-27', '2026-04-28', '2026-04-29', '2026-04-30', null, null, null]);
  });

  it('bounds a month by Berlin midnight', () => {
    expect(monthBounds('2026-03')).toEqual({ from: '2026-02-28T23:00:00.000Z', to: '2026-03-31T22:00:00.000Z' });
  });

  it('shifts months and days across year ends', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
  });
});
