import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyChanges,
  checkRange,
  diffOf,
  numberLines,
  originalText,
  overlaps,
  paragraphsOf,
  wrap,
  type DraftChapterText,
} from '../src/programme/draft-text.ts';

const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `wort${from + i}`).join(' ');

const draft: DraftChapterText[] = [
  { chapterId: 1, text: `# Mobilität\n\n${words(40)}\n\n${words(20, 100)}` },
  { chapterId: 2, text: `# Bildung\n\n${words(30, 200)}` },
];

describe('line numbers of a draft', () => {
  it('wraps at word boundaries within the width and numbers continuously across chapters', () => {
    const lines = numberLines(draft);
    expect(lines.every((l) => l.text.length <= 80 || !l.text.includes(' '))).toBe(true);
    expect(lines.map((l) => l.number)).toEqual(lines.map((_, i) => i + 1));
    expect(lines[0]).toMatchObject({ heading: true, text: '# Mobilität', chapterId: 1 });
    const bildung = lines.find((l) => l.text === '# Bildung')!;
    expect(lines[bildung.number - 2]!.chapterId).toBe(1);
    // The words come back in order: wrapping loses nothing.
    expect(
      lines
        .filter((l) => !l.heading)
        .map((l) => l.text)
        .join(' '),
    ).toBe([words(40), words(20, 100), words(30, 200)].join(' '));
  });

  it('keeps the same numbers for the same text (line breaks inside a paragraph do not matter)', () => {
    const reflowed = [{ chapterId: 1, text: draft[0]!.text.replaceAll(' wort1', '\nwort1') }, draft[1]!];
    expect(numberLines(reflowed)).toEqual(numberLines(draft));
  });

  it('puts a word longer than a line on a line of its own', () => {
    expect(wrap(`kurz ${'x'.repeat(100)} kurz`)).toEqual(['kurz', 'x'.repeat(100), 'kurz']);
  });

  it('refuses ranges outside the draft, reversed, or across chapters', () => {
    const lines = numberLines(draft);
    expect(checkRange(lines, { kind: 'replace', fromLine: 0, toLine: 1 })).toBe('outside');
    expect(checkRange(lines, { kind: 'replace', fromLine: 3, toLine: 2 })).toBe('outside');
    expect(checkRange(lines, { kind: 'replace', fromLine: 1, toLine: lines.length + 1 })).toBe('outside');
    expect(checkRange(lines, { kind: 'insert', fromLine: 2, toLine: 3 })).toBe('outside');
    expect(checkRange(lines, { kind: 'replace', fromLine: 2, toLine: lines.length })).toBe('chapters');
    expect(checkRange(lines, { kind: 'replace', fromLine: 2, toLine: 3 })).toBe('ok');
  });
});

describe('amendments applied to a draft', () => {
  const lines = numberLines(draft);
  const textOf = (chapters: DraftChapterText[]) => chapters.map((c) => c.text).join('\n\n');

  it('replaces exactly the words of the lines, and shows the change as a word diff', () => {
    const from = 2;
    const original = originalText(lines, from, from);
    const replacement = original.replace('wort3', 'Straßenbahn');
    const result = applyChanges(draft, [{ id: 1, kind: 'replace', fromLine: from, toLine: from, text: replacement }]);
    expect(textOf(result)).toBe(textOf(draft).replace('wort3 ', 'Straßenbahn '));
    expect(diffOf(lines, { kind: 'replace', fromLine: from, toLine: from, text: replacement })).toEqual(
      expect.arrayContaining([
        { type: 'delete', text: 'wort3' },
        { type: 'insert', text: 'Straßenbahn' },
      ]),
    );
  });

  it('deletes lines, and a range across two paragraphs joins what is left of them', () => {
    const secondParagraphStart = lines.find((l) => l.text.startsWith('wort100'))!.number;
    const result = applyChanges(draft, [
      { id: 1, kind: 'delete', fromLine: secondParagraphStart - 1, toLine: secondParagraphStart, text: '' },
    ]);
    const paragraphs = paragraphsOf(result[0]!.text);
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[1]).not.toContain('wort39');
    expect(paragraphs[1]).not.toContain('wort100 ');
    expect(result[1]).toEqual(draft[1]);
  });

  it('inserts a new paragraph after the last line of one, and inline inside one', () => {
    const endOfFirst = lines.find((l) => l.text.startsWith('wort100'))!.number - 1;
    const asParagraph = applyChanges(draft, [
      { id: 1, kind: 'insert', fromLine: endOfFirst, toLine: endOfFirst, text: 'Ein neuer Absatz.' },
    ]);
    expect(paragraphsOf(asParagraph[0]!.text)).toEqual(['# Mobilität', words(40), 'Ein neuer Absatz.', words(20, 100)]);

    const inline = applyChanges(draft, [{ id: 1, kind: 'insert', fromLine: 2, toLine: 2, text: 'EINGEFÜGT' }]);
    const paragraphs = paragraphsOf(inline[0]!.text);
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[1]).toBe(`${lines[1]!.text} EINGEFÜGT ${words(40).slice(lines[1]!.text.length + 1)}`);
  });

  it('applies several changes against the original numbering', () => {
    const result = applyChanges(draft, [
      { id: 1, kind: 'replace', fromLine: 2, toLine: 2, text: 'ERSTE' },
      { id: 2, kind: 'replace', fromLine: 4, toLine: 4, text: 'ZWEITE' },
    ]);
    const text = textOf(result);
    expect(text).toContain('ERSTE');
    expect(text).toContain('ZWEITE');
    expect(text).not.toContain(lines[1]!.text);
    expect(text).not.toContain(lines[3]!.text);
    expect(text).toContain(lines[2]!.text);
  });

  it('reports overlapping changes and refuses to apply them together', () => {
    const changes = [
      { id: 1, kind: 'replace' as const, fromLine: 2, toLine: 4, text: 'A' },
      { id: 2, kind: 'delete' as const, fromLine: 4, toLine: 5, text: '' },
      { id: 3, kind: 'insert' as const, fromLine: 6, toLine: 6, text: 'B' },
      { id: 4, kind: 'insert' as const, fromLine: 6, toLine: 6, text: 'C' },
      { id: 5, kind: 'replace' as const, fromLine: 7, toLine: 7, text: 'D' },
    ];
    expect(overlaps(changes)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => applyChanges(draft, changes)).toThrow(/overlapping/);
  });

  it('never loses or reorders untouched words (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: lines.length }), fc.integer({ min: 0, max: 3 }), (from, extra) => {
        const to = Math.min(from + extra, lines.length);
        fc.pre(lines[from - 1]!.chapterId === lines[to - 1]!.chapterId);
        const result = applyChanges(draft, [{ id: 1, kind: 'replace', fromLine: from, toLine: to, text: 'NEU' }]);
        const all = (chapters: DraftChapterText[]) => textOf(chapters).split(/\s+/);
        const before = lines.slice(0, from - 1).flatMap((l) => l.text.split(' '));
        const after = lines.slice(to).flatMap((l) => l.text.split(' '));
        expect(all(result)).toEqual([...before, 'NEU', ...after]);
      }),
    );
  });
});
