import { describe, expect, it } from 'vitest';
import { displayLineText } from './draft-lines.ts';

describe('a line of the draft on screen', () => {
  it('shows a heading without its Markdown marks', () => {
    expect(displayLineText({ heading: true, text: '# Gute Arbeit' })).toBe('Gute Arbeit');
    expect(displayLineText({ heading: true, text: '### 3.1 Tarifbindung' })).toBe('3.1 Tarifbindung');
  });

  it('leaves the text of other lines as written, a "#" within included', () => {
    expect(displayLineText({ heading: false, text: '# ist kein Titel hier' })).toBe('# ist kein Titel hier');
    expect(displayLineText({ heading: false, text: 'Wir wollen #1 sein.' })).toBe('Wir wollen #1 sein.');
  });
});
