/**
 * What a spreadsheet sees in an export: every cell quoted (so a program splitting at commas does
 * not cut a cell into one that starts with `=`), and no cell that starts like a formula.
 */
import { expect } from 'vitest';
import { parse } from 'csv-parse/sync';

/** Parses a `;` CSV export and asserts every cell is quoted and none would run as a formula. */
export function expectSafeCsv(body: string): string[][] {
  const records = parse(body, { bom: true, delimiter: ';', record_delimiter: '\r\n' }) as string[][];
  const requoted = records
    .map((cells) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(';'))
    .join('\r\n');
  expect(body).toBe(`\uFEFF${requoted}\r\n`);
  for (const cell of records.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
  return records;
}
