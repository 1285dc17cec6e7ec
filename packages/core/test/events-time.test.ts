import { describe, expect, it } from 'vitest';
import { DomainError, berlinLocalIso, nextBerlinDate, parseEventTime } from '../src/index.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
  return 'no error';
};

describe('event times in Europe/Berlin', () => {
  it('reads a summer wall-clock time as UTC+2 and a winter one as UTC+1', () => {
    expect(new Date(parseEventTime('2027-04-08T19:00', 'startsAt')).toISOString()).toBe('2027-04-08T17:00:00.000Z');
    expect(new Date(parseEventTime('2027-01-15T19:00', 'startsAt')).toISOString()).toBe('2027-01-15T18:00:00.000Z');
  });

  it('shows the wall clock with its offset, on both sides of a change', () => {
    expect(berlinLocalIso(Date.parse('2027-04-08T17:00:00Z'))).toBe('2027-04-08T19:00+02:00');
    expect(berlinLocalIso(Date.parse('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30+02:00');
    expect(berlinLocalIso(Date.parse('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30+01:00');
  });

  it('refuses 02:30 on 28 March 2027: the clocks jump from 02:00 to 03:00', () => {
    expect(code(() => parseEventTime('2027-03-28T02:30', 'startsAt'))).toBe('event_time_nonexistent');
    // The minutes either side exist.
    expect(berlinLocalIso(parseEventTime('2027-03-28T01:59', 'startsAt'))).toBe('2027-03-28T01:59+01:00');
    expect(berlinLocalIso(parseEventTime('2027-03-28T03:00', 'startsAt'))).toBe('2027-03-28T03:00+02:00');
  });

  it('refuses 02:30 on 25 October 2026 without offset (it happens twice) and takes it with one', () => {
    expect(code(() => parseEventTime('2026-10-25T02:30', 'startsAt'))).toBe('event_time_ambiguous');
    const first = parseEventTime('2026-10-25T02:30+02:00', 'startsAt');
    const second = parseEventTime('2026-10-25T02:30+01:00', 'startsAt');
    expect(second - first).toBe(3_600_000);
    expect(berlinLocalIso(second)).toBe('2026-10-25T02:30+01:00');
  });

  it('keeps the wall clock across the change: a weekly 19:00 stays at 19:00', () => {
    const before = parseEventTime('2026-10-22T19:00', 'startsAt');
    const after = parseEventTime('2026-10-29T19:00', 'startsAt');
    expect(after - before).toBe(7 * 86_400_000 + 3_600_000);
    expect(berlinLocalIso(after)).toBe('2026-10-29T19:00+01:00');
  });

  it('refuses impossible dates and takes UTC input as it is', () => {
    expect(code(() => parseEventTime('2027-02-30T10:00', 'startsAt'))).toBe('validation_failed');
    expect(code(() => parseEventTime('2027-02-10T24:00', 'startsAt'))).toBe('validation_failed');
    expect(parseEventTime('2027-02-10T10:00Z', 'startsAt')).toBe(Date.parse('2027-02-10T10:00:00Z'));
  });

  it('finds the next 8 April 19:00 after a date', () => {
    const from = Date.parse('2026-11-25T12:00:00Z');
    expect(berlinLocalIso(nextBerlinDate(from, 4, 8, 19))).toBe('2027-04-08T19:00+02:00');
    expect(berlinLocalIso(nextBerlinDate(Date.parse('2027-01-01T00:00:00Z'), 4, 8, 19))).toBe('2027-04-08T19:00+02:00');
    expect(berlinLocalIso(nextBerlinDate(Date.parse('2027-04-09T00:00:00Z'), 4, 8, 19))).toBe('2028-04-08T19:00+02:00');
  });
});
