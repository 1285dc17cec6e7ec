import { describe, expect, it } from 'vitest';
import { dateFormat, displayLocale, formatDateTime, formatNumber, safeNext } from './format.ts';
import { formatEventRange, formatTimeRange } from '../features/events/time.ts';

describe('safeNext', () => {
  it('keeps paths of this site', () => {
    expect(safeNext('/struktur/4?x=1')).toBe('/struktur/4?x=1');
  });

  it.each([null, '', 'https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)'])(
    'sends %s home instead',
    (next) => {
      expect(safeNext(next)).toBe('/');
    },
  );
});

describe('dates and times', () => {
  // 8 April 2026, 19:05 in Berlin (summer time); 17:05 UTC.
  const evening = '2026-04-08T17:05:00.000Z';

  it('formats German as in Germany and English as in Britain, never the US way', () => {
    expect(displayLocale('de')).toBe('de-DE');
    expect(displayLocale('en')).toBe('en-GB');
    expect(displayLocale('en-US')).toBe('en-GB');
    expect(formatDateTime(evening, 'de')).toBe('08.04.2026, 19:05');
    expect(formatDateTime(evening, 'en')).toBe('8 Apr 2026, 19:05');
    expect(formatDateTime(evening, 'en')).not.toMatch(/Apr 8|PM/);
  });

  it('shows the Berlin clock with 24-hour times, whatever the device’s zone', () => {
    expect(formatDateTime('2026-01-15T22:30:00.000Z', 'en')).toBe('15 Jan 2026, 23:30');
    expect(dateFormat('en', { hour: 'numeric', minute: '2-digit' }).format(new Date(evening))).toBe('19:05');
    expect(formatTimeRange(evening, '2026-04-08T18:30:00.000Z', 'en')).toMatch(/^19:05\s?–\s?20:30$/);
    expect(formatEventRange(evening, '2026-04-08T18:30:00.000Z', 'en')).toMatch(/^Wednesday,? 8 April 2026/);
  });

  it('formats numbers in the language’s locale', () => {
    expect(formatNumber(1.5, 'de', { maximumFractionDigits: 1 })).toBe('1,5');
    expect(formatNumber(1.5, 'en', { maximumFractionDigits: 1 })).toBe('1.5');
  });

  it('leaves a value that is no date as it is', () => {
    expect(formatDateTime('soon', 'de')).toBe('soon');
  });
});
