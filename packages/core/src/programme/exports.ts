/**
 * Exports for the commission: CSV of ideas and of amendments (UTF-8 with BOM, `;`, formula cells
 * neutralised by `csvDocument`), and the amendment book as PDF (pdfkit), written page by page
 * from rows read in batches, so a book of thousands of amendments is streamed, not held whole.
 */
import PDFDocument from 'pdfkit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isoFromMs } from '../db/database.ts';
import type { Actor } from '../accounts/actor.ts';
import { csvDocument } from '../csv.ts';
import { diffTexts } from './draft-text.ts';
import { assertCommission, isLvAdmin } from './programme.policy.ts';
import { loadProcess } from './processes.service.ts';

const STATUS_DE = {
  submitted: 'eingereicht',
  in_review: 'in Prüfung',
  accepted: 'übernommen',
  partially_accepted: 'teilweise übernommen',
  rejected: 'nicht übernommen',
} as const;

const KIND_DE = { replace: 'Ersetzen', delete: 'Streichen', insert: 'Einfügen' } as const;

const PROCEDURE_DE = {
  accept: 'Annahme',
  reject: 'Ablehnung',
  modified: 'Modifizierte Übernahme',
  settled: 'Erledigt durch',
} as const;

function assertExporter(actor: Actor): void {
  if (!isLvAdmin(actor)) assertCommission(actor);
}

const name = (first: string | null, last: string | null) => (first === null ? '' : `${first} ${last ?? ''}`.trim());

/** Every idea of the process with its answer, as CSV. */
export async function exportIdeasCsv(db: Kysely<DB>, actor: Actor, processId: number): Promise<string> {
  assertExporter(actor);
  await loadProcess(db, processId);
  const rows = await db
    .selectFrom('ideas as i')
    .innerJoin('programme_chapters as c', 'c.id', 'i.chapter_id')
    .innerJoin('threads as t', 't.id', 'i.thread_id')
    .leftJoin('members as a', 'a.id', 'i.author_id')
    .leftJoin('units as u', 'u.id', 'i.unit_id')
    .select([
      'i.id',
      'c.title as chapter',
      'i.title',
      'i.body',
      'a.first_name',
      'a.last_name',
      'u.name as unit',
      'i.status',
      'i.support_count',
      't.post_count',
      'i.answer',
      'i.created_at',
    ])
    .where('i.process_id', '=', processId)
    .orderBy('c.position')
    .orderBy('i.id')
    .execute();
  return csvDocument(
    [
      'Nr.',
      'Kapitel',
      'Titel',
      'Text',
      'Von',
      'Gliederung',
      'Status',
      'Unterstützungen',
      'Kommentare',
      'Antwort',
      'Eingereicht am',
    ],
    rows.map((r) => [
      r.id,
      r.chapter,
      r.title,
      r.body,
      name(r.first_name, r.last_name),
      r.unit,
      STATUS_DE[r.status],
      r.support_count,
      Math.max(0, r.post_count - 1),
      r.answer,
      isoFromMs(r.created_at),
    ]),
  );
}

function amendmentRows(db: Kysely<DB>, processId: number) {
  return db
    .selectFrom('amendments as a')
    .innerJoin('programme_drafts as d', 'd.id', 'a.draft_id')
    .innerJoin('programme_chapters as c', 'c.id', 'a.chapter_id')
    .leftJoin('members as f', 'f.id', 'a.filer_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'd.version',
      'c.title as chapter',
      'a.kind',
      'a.from_line',
      'a.to_line',
      'a.original_text',
      'a.text',
      'a.reason',
      'f.first_name',
      'f.last_name',
      'u.name as unit',
      'a.status',
      'a.support_count',
      'a.procedure',
      'a.procedure_text',
      'a.procedure_note',
      'a.settled_by_id',
    ])
    .where('a.process_id', '=', processId)
    .orderBy('d.version', 'desc')
    .orderBy('a.from_line')
    .orderBy('a.id');
}

const lineRange = (from: number, to: number) => (from === to ? `Z. ${from}` : `Z. ${from}–${to}`);

/** Every amendment with its procedure, as CSV. */
export async function exportAmendmentsCsv(db: Kysely<DB>, actor: Actor, processId: number): Promise<string> {
  assertExporter(actor);
  await loadProcess(db, processId);
  const rows = await amendmentRows(db, processId).execute();
  return csvDocument(
    [
      'Nr.',
      'Fassung',
      'Kapitel',
      'Zeilen',
      'Art',
      'Bisheriger Text',
      'Neuer Text',
      'Begründung',
      'Von',
      'Gliederung',
      'Status',
      'Unterstützungen',
      'Verfahren',
      'Text der Kommission',
      'Anmerkung',
    ],
    rows.map((r) => [
      r.id,
      r.version,
      r.chapter,
      lineRange(r.from_line, r.to_line),
      KIND_DE[r.kind],
      r.original_text,
      r.text,
      r.reason,
      name(r.first_name, r.last_name),
      r.unit,
      r.status === 'submitted' ? 'eingereicht' : 'sammelt Unterstützung',
      r.support_count,
      r.procedure === null ? '' : PROCEDURE_DE[r.procedure] + (r.settled_by_id !== null ? ` Ä${r.settled_by_id}` : ''),
      r.procedure_text,
      r.procedure_note,
    ]),
  );
}

/** Rows per database read while writing the book. */
const BATCH = 200;

/**
 * Waits until the reader has taken what the document buffered, yielding to the event loop at
 * least once: without it the whole book is written (and held) before the response starts — the
 * SQLite driver resolves at once, so the loop below would never leave the microtask queue — and a
 * slow client makes the server buffer everything it has not read yet.
 */
async function readerCaughtUp(doc: PDFKit.PDFDocument): Promise<void> {
  do await new Promise((resolve) => setImmediate(resolve));
  while (!doc.destroyed && doc.readableLength > doc.readableHighWaterMark);
}

/**
 * The amendment book as a PDF stream: per amendment its chapter, lines, the diff (deletions struck
 * through, insertions underlined), the reason, the filer and the procedure.
 */
export async function amendmentBook(db: Kysely<DB>, actor: Actor, processId: number): Promise<NodeJS.ReadableStream> {
  assertExporter(actor);
  const process = await loadProcess(db, processId);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Antragsbuch – ${process.title}` },
    lang: 'de-DE',
  });
  void (async () => {
    try {
      doc.font('Helvetica-Bold').fontSize(18).text(`Antragsbuch: ${process.title}`);
      doc.moveDown();
      let offset = 0;
      for (;;) {
        const rows = await amendmentRows(db, processId).limit(BATCH).offset(offset).execute();
        for (const r of rows) {
          doc.font('Helvetica-Bold').fontSize(12).fillColor('black');
          doc.text(`Ä${r.id} zu ${lineRange(r.from_line, r.to_line)} (Fassung ${r.version}) – ${r.chapter}`);
          doc.font('Helvetica').fontSize(9).fillColor('#444444');
          const by = [name(r.first_name, r.last_name), r.unit].filter(Boolean).join(', ');
          doc.text(`${KIND_DE[r.kind]} · ${by || 'unbekannt'} · ${r.support_count} Unterstützungen`);
          doc.moveDown(0.3).fontSize(10);
          const parts = diffTexts(r.kind, r.original_text, r.text);
          parts.forEach((part, i) => {
            doc
              .fillColor(part.type === 'insert' ? '#006400' : part.type === 'delete' ? '#8b0000' : 'black')
              .font(part.type === 'equal' ? 'Helvetica' : 'Helvetica-Bold')
              .text(part.text, {
                continued: i < parts.length - 1,
                underline: part.type === 'insert',
                strike: part.type === 'delete',
              });
          });
          doc.moveDown(0.3).fillColor('black').font('Helvetica-Oblique').text(`Begründung: ${r.reason}`);
          if (r.procedure !== null) {
            doc
              .font('Helvetica-Bold')
              .text(
                `Verfahrensvorschlag: ${PROCEDURE_DE[r.procedure]}${r.settled_by_id !== null ? ` Ä${r.settled_by_id}` : ''}`,
              );
            if (r.procedure_text) doc.font('Helvetica').text(r.procedure_text);
            if (r.procedure_note) doc.font('Helvetica').text(r.procedure_note);
          }
          doc.moveDown();
          await readerCaughtUp(doc);
          // The client went away: stop reading and rendering.
          if (doc.destroyed) return;
        }
        if (rows.length < BATCH) break;
        offset += BATCH;
      }
      doc.end();
    } catch (error) {
      doc.destroy(error as Error);
    }
  })();
  return doc;
}
