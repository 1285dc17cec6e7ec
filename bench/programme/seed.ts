/**
 * The programme benchmark's data, on top of the demo instance (whose seed already created the
 * "Regierungsprogramm" process with its room and five chapters): by default 20,000 ideas, each
 * with its discussion thread in the process's room, and 500,000 supports; a published draft of
 * about 600 numbered lines; and 1,500 amendments to it.
 *
 * Threads, ideas and supports are written with `insert … select` over a numbers series, as the
 * app would have left them (support counts equal the support rows). Ideas carry no opening post:
 * the list reads the thread's `post_count`, never its posts. The draft and the amendments are
 * built in memory with the app's own line numbering (draft-text.ts), so every amendment's
 * original text is what the app would have stored when it was filed.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '@rotes-netz/core';
import { openDatabase } from '@rotes-netz/core/db/database.ts';
import { numberLines, originalText, type DraftLine } from '@rotes-netz/core/programme/draft-text.ts';
import type { BenchDatabase } from '../database.ts';

export interface ProgrammeSize {
  ideas: number;
  supports: number;
  /** Lines of the draft at least (whole paragraphs are added until it has as many). */
  draftLines: number;
  amendments: number;
}

export interface SeededProgramme {
  processId: number;
  /** A chapter for the filtered list, and how many ideas it has. */
  chapterId: number;
  draftVersion: number;
  /** What was actually written. */
  counts: { ideas: number; supports: number; draftLines: number; amendments: number };
  ms: number;
}

const YEAR_MS = 365 * 24 * 60 * 60_000;
/** Rows per multi-row insert of amendments (well below the bound-parameter limits of both databases). */
const AMENDMENT_BATCH = 200;

const WORDS = (
  'Wir wollen ein Land in dem gute Arbeit fair bezahlt wird Kinder unabhängig vom Geldbeutel ihrer Eltern ' +
  'lernen Busse und Bahnen jedes Dorf erreichen und bezahlbarer Wohnraum für alle entsteht Dafür investiert ' +
  'das Land in Schulen Kitas Krankenhäuser Schienen und erneuerbare Energie und stärkt die Kommunen'
).split(' ');

/** Deterministic prose: paragraph `n` of a chapter, about `words` words long. */
function paragraph(chapter: number, n: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(chapter * 131 + n * 17 + i * 7) % WORDS.length]!);
  return `${out.join(' ')}.`;
}

/** Chapter texts (heading plus paragraphs) growing round-robin until the draft has `lines` lines. */
function draftTexts(chapterIds: number[], titles: string[], lines: number) {
  const paragraphs = chapterIds.map((_, c) => [`# ${titles[c]}`]);
  const texts = () => chapterIds.map((chapterId, c) => ({ chapterId, text: paragraphs[c]!.join('\n\n') }));
  for (let round = 0; numberLines(texts()).length < lines; round++) {
    const c = round % chapterIds.length;
    paragraphs[c]!.push(paragraph(c, round, 40 + (round % 5) * 12));
  }
  return texts();
}

/** A line range of one chapter for amendment `n`, spread over the whole draft. */
function rangeFor(lines: DraftLine[], n: number): { from: number; to: number } {
  const from = 1 + ((n * 397) % lines.length);
  let to = Math.min(lines.length, from + (n % 3));
  while (lines[to - 1]!.chapterId !== lines[from - 1]!.chapterId) to--;
  return { from, to };
}

/** The amendment's new text: the original with a few words exchanged and a clause added. */
function amendedText(original: string, n: number): string {
  const words = original.split(' ');
  for (let i = n % 4; i < words.length; i += 5) words[i] = WORDS[(i + n) % WORDS.length]!;
  return `${words.join(' ')} – und zwar verbindlich bis ${2030 + (n % 10)}.`;
}

async function seedIdeas(db: Kysely<DB>, processId: number, roomId: number, size: ProgrammeSize) {
  const members = await db
    .selectFrom('members')
    .select((eb) => [eb.fn.min('id').as('min'), eb.fn.max('id').as('max'), eb.fn.countAll().as('count')])
    .executeTakeFirstOrThrow();
  const min = Number(members.min);
  const count = Number(members.count);
  if (Number(members.max) - min + 1 !== count) throw new Error('member ids are not contiguous; seed afresh');
  // Supports per idea run through 0..2·mean evenly (so many ideas share a count, as real ties do).
  const spread = 2 * Math.round(size.supports / size.ideas) + 1;
  if (spread > count) throw new Error('more supports per idea than members');
  const base = Number(
    (
      await db
        .selectFrom('threads')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0,
  );
  // A literal bigint: as a parameter, PostgreSQL would type `? + n * 1000` as integer and overflow.
  const since = sql.lit(Date.now() - YEAR_MS);
  const series = (n: number) =>
    sql`with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${sql.lit(n)})`;

  await sql`${series(size.ideas)}
    insert into threads (room_id, title, author_id, created_at, updated_at, last_post_at, post_count)
    select ${roomId}, 'Idee ' || n, ${min} + (n * 31) % ${count}, ${since} + n * 1000, ${since} + n * 1000,
      ${since} + n * 1000, 1 + n % 9
    from seq`.execute(db);
  await sql`insert into ideas (process_id, chapter_id, thread_id, title, body, body_html, author_id, status,
      support_count, version, created_at)
    select ${processId}, c.id, t.id, t.title, 'Eine Idee für das Programm.', '<p>Eine Idee für das Programm.</p>',
      t.author_id, 'submitted', ((t.id - ${base}) * 37) % ${spread}, 1, t.created_at
    from threads t join programme_chapters c on c.process_id = ${processId} and c.position = (t.id - ${base}) % 5
    where t.id > ${base} and t.room_id = ${roomId}
    order by t.id`.execute(db);
  await sql`${series(spread)}
    insert into idea_supports (idea_id, member_id, created_at)
    select i.id, ${min} + (i.id * 7919 + seq.n) % ${count}, i.created_at + seq.n
    from ideas i join seq on seq.n <= i.support_count
    where i.thread_id > ${base}`.execute(db);
}

async function seedDraft(db: Kysely<DB>, processId: number, size: ProgrammeSize) {
  const chapters = await db
    .selectFrom('programme_chapters')
    .select(['id', 'title'])
    .where('process_id', '=', processId)
    .orderBy('position')
    .execute();
  const texts = draftTexts(
    chapters.map((c) => c.id),
    chapters.map((c) => c.title),
    size.draftLines,
  );
  const lines = numberLines(texts);
  const latest = await db
    .selectFrom('programme_drafts')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('process_id', '=', processId)
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;
  const now = Date.now();
  const { id: draftId } = await db
    .insertInto('programme_drafts')
    .values({ process_id: processId, version, note: 'Benchmark', published_by: null, published_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('programme_draft_chapters')
    .values(texts.map((t) => ({ draft_id: draftId, chapter_id: t.chapterId, text: t.text })))
    .execute();

  const filers = await db.selectFrom('members').select('id').orderBy('id').limit(size.amendments).execute();
  const kinds = ['replace', 'replace', 'delete', 'insert'] as const;
  const rows = Array.from({ length: size.amendments }, (_, n) => {
    const kind = kinds[n % kinds.length]!;
    const { from, to } = rangeFor(lines, n);
    const toLine = kind === 'insert' ? from : to;
    const original = originalText(lines, from, toLine);
    const supports = n % 12;
    return {
      process_id: processId,
      draft_id: draftId,
      chapter_id: lines[from - 1]!.chapterId,
      kind,
      from_line: from,
      to_line: toLine,
      original_text: original,
      text: kind === 'delete' ? '' : amendedText(original, n),
      reason: `Begründung ${n + 1}: ${paragraph(n % 5, n, 25)}`,
      filer_id: filers[n % filers.length]!.id,
      status: supports >= 5 ? ('submitted' as const) : ('collecting' as const),
      support_count: supports,
      submitted_at: supports >= 5 ? now : null,
      created_at: now - (size.amendments - n) * 60_000,
    };
  });
  for (let i = 0; i < rows.length; i += AMENDMENT_BATCH) {
    await db
      .insertInto('amendments')
      .values(rows.slice(i, i + AMENDMENT_BATCH))
      .execute();
  }
  return { version, lines: lines.length };
}

/** Adds the programme data to a database seeded with the demo instance. */
export async function seedProgramme(database: BenchDatabase, size: ProgrammeSize): Promise<SeededProgramme> {
  const started = Date.now();
  const handle = openDatabase(database.url, { poolSize: 1 });
  try {
    const { db } = handle;
    const process = await db
      .selectFrom('programme_processes')
      .select(['id', 'room_id'])
      .orderBy('id')
      .executeTakeFirst();
    if (!process) throw new Error('the demo instance has no programme process');
    await db.transaction().execute((trx) => seedIdeas(trx, process.id, process.room_id, size));
    const draft = await db.transaction().execute((trx) => seedDraft(trx, process.id, size));
    // Fresh statistics, as a database that grew to this size over months would have.
    await sql`analyze`.execute(db);
    const count = async (table: 'ideas' | 'idea_supports' | 'amendments') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const chapter = await db
      .selectFrom('programme_chapters')
      .select('id')
      .where('process_id', '=', process.id)
      .orderBy('position')
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow();
    return {
      processId: process.id,
      chapterId: chapter.id,
      draftVersion: draft.version,
      counts: {
        ideas: await count('ideas'),
        supports: await count('idea_supports'),
        draftLines: draft.lines,
        amendments: await count('amendments'),
      },
      ms: Date.now() - started,
    };
  } finally {
    await handle.close();
  }
}
