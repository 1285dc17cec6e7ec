/**
 * The structure of a Landesverband from a CSV file (`rotes-netz units import FILE`), so another
 * instance starts with its own units: one row per unit, `Kürzel;Name;Typ;Übergeordnet` (code,
 * name, type, parent code; empty for the Landesverband). Encoding and separator as in the roster
 * (UTF-8 with or without BOM, or Windows-1252; `;`, `,` or tab). Parents may come after their
 * children in the file. Units already there (same code) keep their id, members and rooms; a new
 * name is taken over, a different type or parent is reported and not changed. Broken rows are
 * reported with their line and left out; the rest is written in one transaction.
 */
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { ALLOWED_PARENTS, UNIT_TYPES, type UnitType } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { foldForSearch } from '../text.ts';
import { decodeRoster } from '../roster/parse.ts';
import { insertUnit } from './units.repository.ts';

export interface UnitImportRow {
  line: number;
  code: string;
  name: string;
  type: UnitType;
  parentCode: string | null;
}

export interface UnitImportReport {
  created: number;
  renamed: number;
  unchanged: number;
  errors: { line: number; message: string }[];
}

const HEADERS: Record<string, keyof Omit<UnitImportRow, 'line'>> = {
  kuerzel: 'code',
  code: 'code',
  name: 'name',
  typ: 'type',
  type: 'type',
  uebergeordnet: 'parentCode',
  parent: 'parentCode',
};
const fold = (text: string) => foldForSearch(text).replace(/[\s._-]/g, '');
const CODE = /^[A-Za-z0-9-]{1,32}$/;

function invalidFile(message: string): DomainError {
  return new DomainError('roster_file_invalid', message, [{ path: '/line/1', message }]);
}

/** Reads the file; rows that cannot be units are returned as errors with their line. */
export function parseUnits(bytes: Uint8Array): { rows: UnitImportRow[]; errors: UnitImportReport['errors'] } {
  const { text } = decodeRoster(bytes);
  const header = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = ([';', '\t', ','] as const).find((s) => header.includes(s));
  if (!delimiter) throw invalidFile('line 1: the header needs the columns Kürzel;Name;Typ;Übergeordnet');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as never;
  } catch (error) {
    throw invalidFile((error as Error).message);
  }
  const [head, ...body] = records;
  const columns = head!.record.map((name) => HEADERS[fold(name)]);
  for (const field of ['code', 'name', 'type', 'parentCode'] as const) {
    if (!columns.includes(field))
      throw invalidFile(`line 1: the column ${field} is missing (Kürzel;Name;Typ;Übergeordnet)`);
  }
  const rows: UnitImportRow[] = [];
  const errors: UnitImportReport['errors'] = [];
  const seen = new Set<string>();
  for (const { record, info } of body) {
    const value = (field: keyof Omit<UnitImportRow, 'line'>) => (record[columns.indexOf(field)] ?? '').trim();
    const line = info.lines;
    const code = value('code').toUpperCase();
    const type = UNIT_TYPES.find((t) => t === fold(value('type')));
    const fail = (message: string) => errors.push({ line, message });
    if (!CODE.test(code)) fail('the code must be 1–32 letters, digits or dashes');
    else if (value('name').length < 2 || value('name').length > 200) fail('the name must be 2–200 characters');
    else if (!type) fail(`unknown type "${value('type')}" (${UNIT_TYPES.join(', ')})`);
    else if (seen.has(code)) fail(`the code ${code} appears twice; the first row counts`);
    else {
      seen.add(code);
      rows.push({ line, code, name: value('name'), type, parentCode: value('parentCode').toUpperCase() || null });
    }
  }
  return { rows, errors };
}

/** Compares the file with the database and, with `apply`, writes the difference. */
export async function importUnits(
  db: Kysely<DB>,
  bytes: Uint8Array,
  options: { apply: boolean },
): Promise<UnitImportReport> {
  const { rows, errors } = parseUnits(bytes);
  const report: UnitImportReport = { created: 0, renamed: 0, unchanged: 0, errors };
  const run = async (trx: Kysely<DB>) => {
    const existing = await trx.selectFrom('units').select(['id', 'code', 'name', 'type', 'parent_id']).execute();
    const byCode = new Map(existing.map((u) => [u.code, { id: u.id, type: u.type, parentId: u.parent_id }]));
    const codeOf = new Map(existing.map((u) => [u.id, u.code]));
    let pending = rows;
    // Parents first: each round places the rows whose parent is known by now.
    while (pending.length > 0) {
      const waiting: UnitImportRow[] = [];
      for (const row of pending) {
        const parent = row.parentCode === null ? null : byCode.get(row.parentCode);
        if (parent === undefined) {
          if (rows.some((r) => r.code === row.parentCode)) waiting.push(row);
          else errors.push({ line: row.line, message: `no unit has the code ${row.parentCode}` });
          continue;
        }
        if (!ALLOWED_PARENTS[row.type].includes(parent?.type ?? null)) {
          errors.push({ line: row.line, message: `a ${row.type} cannot stand below ${parent?.type ?? 'nothing'}` });
          continue;
        }
        const known = existing.find((u) => u.code === row.code);
        if (known) {
          if (
            known.type !== row.type ||
            (known.parent_id === null ? null : codeOf.get(known.parent_id)) !== row.parentCode
          ) {
            errors.push({ line: row.line, message: `${row.code} exists with another type or parent; not changed` });
          } else if (known.name !== row.name) {
            if (options.apply) {
              await trx
                .updateTable('units')
                .set({ name: row.name, search_name: foldForSearch(`${row.name} ${row.code}`), updated_at: nowMs() })
                .where('id', '=', known.id)
                .execute();
            }
            report.renamed += 1;
          } else report.unchanged += 1;
          continue;
        }
        const id = options.apply
          ? await insertUnit(trx, { type: row.type, name: row.name, code: row.code, parentId: parent?.id ?? null })
          : -row.line;
        byCode.set(row.code, { id, type: row.type, parentId: parent?.id ?? null });
        report.created += 1;
      }
      if (waiting.length === pending.length) {
        for (const row of waiting)
          errors.push({ line: row.line, message: `the parent ${row.parentCode} cannot be placed` });
        break;
      }
      pending = waiting;
    }
  };
  if (options.apply) await db.transaction().execute(run);
  else await run(db);
  errors.sort((a, b) => a.line - b.line);
  return report;
}
