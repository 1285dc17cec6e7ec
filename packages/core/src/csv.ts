/**
 * Every CSV the platform hands out (members, registrants, ideas, amendments) is written here, so
 * one rule protects them all (OWASP "CSV injection"): every cell is quoted, and a cell starting
 * with `=`, `+`, `-`, `@`, tab or CR (or their full-width forms) gets a leading apostrophe, so a
 * spreadsheet neither runs it as a formula nor splits it at a comma into a cell that is one.
 * UTF-8 with BOM, `;`-separated, CRLF — as German Excel expects.
 */
import { stringify } from 'csv-stringify/sync';

/** A CSV document of a header and rows; `null` is an empty cell. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify(
    [header, ...rows].map((row) => row.map((cell) => (cell === null ? '' : String(cell)))),
    {
      bom: true,
      delimiter: ';',
      record_delimiter: '\r\n',
      quoted: true,
      quoted_empty: true,
      escape_formulas: true,
    },
  );
}
