import { describe, expect, it } from 'vitest';
import { safeNext } from './format.ts';

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
