/**
 * The draft as a printed amendment book shows it: paragraphs wrapped at a fixed width and numbered
 * continuously through the whole draft, so "Z. 12–14" means the same lines to everyone, on every
 * screen and on paper. Amendments replace, delete or insert text at line ranges; applying several
 * works on the original numbering (the highest first), and overlapping ranges are reported, never
 * merged silently.
 */
import { diffWordsWithSpace } from 'diff';

/** Characters per printed line, as in Antragsgrün's default. */
export const LINE_WIDTH = 80;

export interface DraftChapterText {
  chapterId: number;
  /** Markdown-like text: paragraphs separated by blank lines; `#` lines are headings. */
  text: string;
}

export interface DraftLine {
  /** 1-based, continuous through the draft. */
  number: number;
  chapterId: number;
  /** Paragraph index within the chapter (0-based). */
  paragraph: number;
  heading: boolean;
  text: string;
}

/** Splits a chapter's text into paragraphs (blank-line separated; a heading is its own paragraph). */
export function paragraphsOf(text: string): string[] {
  const out: string[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n').map((l) => l.trim());
    let current: string[] = [];
    for (const line of lines) {
      if (line === '') continue;
      if (line.startsWith('#')) {
        if (current.length) out.push(current.join(' '));
        current = [];
        out.push(line);
      } else current.push(line);
    }
    if (current.length) out.push(current.join(' '));
  }
  return out.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
}

/** Wraps a paragraph at word boundaries; a word longer than the width stands on its own line. */
export function wrap(paragraph: string, width = LINE_WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Numbers the lines of a whole draft, chapter by chapter. */
export function numberLines(chapters: DraftChapterText[], width = LINE_WIDTH): DraftLine[] {
  const out: DraftLine[] = [];
  for (const chapter of chapters) {
    paragraphsOf(chapter.text).forEach((paragraph, index) => {
      const heading = paragraph.startsWith('#');
      for (const text of heading ? [paragraph] : wrap(paragraph, width)) {
        out.push({ number: out.length + 1, chapterId: chapter.chapterId, paragraph: index, heading, text });
      }
    });
  }
  return out;
}

export type AmendmentKind = 'replace' | 'delete' | 'insert';

export interface LineChange {
  id: number;
  kind: AmendmentKind;
  /** First line concerned; for an insert, the line after which the text goes. */
  fromLine: number;
  /** Last line concerned (equal to `fromLine` for an insert). */
  toLine: number;
  /** The new text (empty for a delete); blank lines separate paragraphs. */
  text: string;
}

/** Why a change cannot apply to a draft (line numbers outside it, or across chapters). */
export function checkRange(lines: DraftLine[], change: Omit<LineChange, 'id' | 'text'>): 'ok' | 'outside' | 'chapters' {
  const { fromLine, toLine } = change;
  if (!Number.isInteger(fromLine) || !Number.isInteger(toLine)) return 'outside';
  if (fromLine < 1 || toLine < fromLine || toLine > lines.length) return 'outside';
  if (change.kind === 'insert' && toLine !== fromLine) return 'outside';
  if (lines[fromLine - 1]!.chapterId !== lines[toLine - 1]!.chapterId) return 'chapters';
  return 'ok';
}

/** The original text of the lines a change concerns, paragraphs separated by a blank line. */
export function originalText(lines: DraftLine[], fromLine: number, toLine: number): string {
  let out = '';
  for (let n = fromLine; n <= toLine; n++) {
    const line = lines[n - 1]!;
    if (n > fromLine) out += line.paragraph === lines[n - 2]!.paragraph ? ' ' : '\n\n';
    out += line.text;
  }
  return out;
}

export interface DiffPart {
  type: 'equal' | 'insert' | 'delete';
  text: string;
}

/** The change as an inline word diff against the draft's lines. */
export function diffOf(lines: DraftLine[], change: Omit<LineChange, 'id'>): DiffPart[] {
  return diffTexts(change.kind, originalText(lines, change.fromLine, change.toLine), change.text);
}

/** The inline word diff of a change, given the original text of its lines. */
export function diffTexts(kind: AmendmentKind, original: string, text: string): DiffPart[] {
  if (kind === 'insert') return [{ type: 'insert', text }];
  const parts: DiffPart[] = diffWordsWithSpace(original, kind === 'delete' ? '' : text).map((part) => ({
    type: part.added ? 'insert' : part.removed ? 'delete' : 'equal',
    text: part.value,
  }));
  return joinChanges(parts);
}

/**
 * Joins a run of changed words into one deletion and one insertion: a word diff marks each word
 * apart, with the unchanged spaces between them, which reads (and is announced) word by word.
 */
function joinChanges(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let deleted = '';
  let inserted = '';
  const flush = () => {
    if (deleted) out.push({ type: 'delete', text: deleted });
    if (inserted) out.push({ type: 'insert', text: inserted });
    deleted = inserted = '';
  };
  parts.forEach((part, i) => {
    const between = (deleted || inserted) && parts[i + 1] !== undefined && parts[i + 1]!.type !== 'equal';
    if (part.type === 'equal' && between && part.text.trim() === '') {
      if (deleted) deleted += part.text;
      if (inserted) inserted += part.text;
    } else if (part.type === 'equal') {
      flush();
      out.push(part);
    } else if (part.type === 'delete') deleted += part.text;
    else inserted += part.text;
  });
  flush();
  return out;
}

/** The range a change occupies for overlap checks: an insert sits between its line and the next. */
function span(change: LineChange): [number, number] {
  return change.kind === 'insert' ? [change.fromLine + 0.5, change.fromLine + 0.5] : [change.fromLine, change.toLine];
}

/** Pairs of changes whose line ranges overlap (or that insert at the same place). */
export function overlaps(changes: LineChange[]): [number, number][] {
  const sorted = [...changes].sort((a, b) => span(a)[0] - span(b)[0] || a.id - b.id);
  const out: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const [, endA] = span(sorted[i]!);
      const [startB] = span(sorted[j]!);
      if (startB > endA) break;
      out.push([sorted[i]!.id, sorted[j]!.id]);
    }
  }
  return out;
}

interface Item {
  paragraph: string;
  chapterId: number;
  text: string;
}

/**
 * Applies non-overlapping changes to a draft and returns each chapter's new text. Throws when two
 * changes overlap: callers filter them out first with {@link overlaps}.
 */
export function applyChanges(
  chapters: DraftChapterText[],
  changes: LineChange[],
  width = LINE_WIDTH,
): DraftChapterText[] {
  if (overlaps(changes).length > 0) throw new Error('overlapping changes');
  const lines = numberLines(chapters, width);
  for (const change of changes) {
    if (checkRange(lines, change) !== 'ok') throw new Error(`change ${change.id} is outside the draft`);
  }
  let fresh = 0;
  const newParagraph = () => `new-${fresh++}`;
  const items: Item[] = lines.map((l) => ({
    paragraph: `${l.chapterId}:${l.paragraph}`,
    chapterId: l.chapterId,
    text: l.text,
  }));
  const chunksOf = (text: string) => paragraphsOf(text);

  // Highest first, so the original line numbers of the lower changes stay valid.
  for (const change of [...changes].sort((a, b) => span(b)[0] - span(a)[0])) {
    const at = change.fromLine - 1;
    const first = items[at]!;
    if (change.kind === 'insert') {
      const next = items[at + 1];
      const endsParagraph = !next || next.paragraph !== first.paragraph;
      const chunks = chunksOf(change.text);
      const inserted = endsParagraph
        ? chunks.map((text) => ({ paragraph: newParagraph(), chapterId: first.chapterId, text }))
        : chunks.map((text, i) => ({
            paragraph: i === 0 ? first.paragraph : newParagraph(),
            chapterId: first.chapterId,
            text,
          }));
      // Inline text that splits into several paragraphs: what followed belongs to the last one.
      if (!endsParagraph && chunks.length > 1) relabel(items, at + 1, first.paragraph, inserted.at(-1)!.paragraph);
      items.splice(at + 1, 0, ...inserted);
      continue;
    }
    const last = items[change.toLine - 1]!;
    const chunks = change.kind === 'delete' ? [] : chunksOf(change.text);
    const replacement = chunks.map((text, i) => ({
      paragraph: i === 0 ? first.paragraph : i === chunks.length - 1 ? last.paragraph : newParagraph(),
      chapterId: first.chapterId,
      text,
    }));
    // A single chunk joins the paragraph before and after the range into one.
    if (chunks.length <= 1 && last.paragraph !== first.paragraph)
      relabel(items, change.toLine, last.paragraph, first.paragraph);
    items.splice(at, change.toLine - change.fromLine + 1, ...replacement);
  }

  return chapters.map((chapter) => {
    const paragraphs: string[] = [];
    let current: string | undefined;
    for (const item of items) {
      if (item.chapterId !== chapter.chapterId) continue;
      if (item.paragraph === current) paragraphs[paragraphs.length - 1] += ` ${item.text}`;
      else paragraphs.push(item.text);
      current = item.paragraph;
    }
    return { chapterId: chapter.chapterId, text: paragraphs.join('\n\n') };
  });
}

/** Gives the items from `start` on that belong to paragraph `from` the label `to`. */
function relabel(items: Item[], start: number, from: string, to: string): void {
  for (let i = start; i < items.length && items[i]!.paragraph === from; i++) items[i]!.paragraph = to;
}
