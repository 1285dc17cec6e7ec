import { describe, expect, it } from 'vitest';
import { isPlausibleWorkingDay, workingDayAfter } from '../src/demo/working-days.ts';

const DAY_MS = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('demo event dates', () => {
  it("knows Baden-Württemberg's holidays, Easter included, and the days between the years", () => {
    for (const day of [
      '2026-12-24',
      '2026-12-25',
      '2026-12-28',
      '2026-12-31',
      '2027-01-01',
      '2027-01-06',
      '2027-03-26', // Good Friday (Easter 2027 is 28 March)
      '2027-03-29', // Easter Monday
      '2027-05-06', // Ascension
      '2027-05-17', // Whit Monday
      '2027-05-27', // Corpus Christi
      '2028-04-14', // Good Friday (Easter 2028 is 16 April)
      '2028-10-03', // German Unity Day
      '2029-11-01',
      '2027-01-09', // a Saturday
      '2027-01-10', // a Sunday
    ]) {
      expect(isPlausibleWorkingDay(day), day).toBe(false);
    }
    for (const day of ['2026-12-23', '2027-01-04', '2027-01-07', '2027-03-25', '2027-03-30', '2027-04-08']) {
      expect(isPlausibleWorkingDay(day), day).toBe(true);
    }
  });

  it('puts every demo training on a working day shortly after the requested distance, whatever today is', () => {
    const start = Date.parse('2026-01-01T10:00:00Z');
    for (let today = start; today < start + 3 * 365 * DAY_MS; today += DAY_MS) {
      for (const days of [10, 16, 17, 23, 24, 30]) {
        const date = workingDayAfter(today, days);
        expect(isPlausibleWorkingDay(date), `${dateOf(today)} + ${days}`).toBe(true);
        expect(date >= dateOf(today + days * DAY_MS)).toBe(true);
        // Never further than the Christmas break (24 Dec – 1 Jan and a weekend) pushes it.
        expect(Date.parse(date) - Date.parse(dateOf(today + days * DAY_MS))).toBeLessThanOrEqual(13 * DAY_MS);
        expect(date.endsWith('-12-24') || date.endsWith('-12-31') || date.endsWith('-01-01')).toBe(false);
      }
    }
  });
});
