/**
 * `rotes-netz import-roster FILE [--apply]`: the roster import for scripts and operators (and
 * `units import FILE [--apply]`, the structure the roster's Ortsvereine refer to). Prints
 * the diff's counts and the first broken rows; with `--apply` writes the good rows in one
 * transaction. Exit code 0 when every row was fine, 1 when rows were broken (they are reported and
 * not applied) or the file was refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  applyRoster,
  DomainError,
  getRosterPreview,
  importUnits,
  type UnitImportReport,
  previewRoster,
  type Database,
  type RosterErrorReason,
} from '@rotes-netz/core';

const REASONS: Record<RosterErrorReason, string> = {
  column_count: 'wrong number of columns (found/expected)',
  missing_value: 'required value missing',
  invalid_member_number: 'member number must be 1–32 letters, digits or dashes',
  invalid_email: 'not an email address',
  invalid_date: 'birth date is not YYYY-MM-DD or DD.MM.YYYY',
  too_long: 'value longer than 200 characters',
  duplicate_member_number: 'member number appears twice; the first row counts',
  unknown_function:
    'unknown function (use Vorsitz, Stellvertretung, Kassierer, Mitgliederbeauftragte, Vorstand @ unit code)',
  unknown_unit: 'no unit has this code',
  not_an_ortsverein: 'this code is not an Ortsverein',
  not_an_arbeitsgemeinschaft: 'this code is not an Arbeitsgemeinschaft or Gremium',
  member_deleted: 'the member deleted their account and is not brought back',
};

const SHOWN_ERRORS = 20;

/** Runs the command; returns the exit code. */
export async function importRosterCommand(
  database: Database,
  file: string,
  options: { apply: boolean; force?: boolean },
  out: (line: string) => void = console.log,
): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    out(`Cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const started = performance.now();
  let preview;
  try {
    preview = await previewRoster(database, { bytes, fileName: path.basename(file), accountId: null });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'roster_file_invalid') {
      out(`The file is refused: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const s = preview.summary;
  out(
    `${file}: ${s.rows} rows (${s.encoding}, separated by "${s.separator === '\t' ? 'tab' : s.separator}") — ` +
      `${s.new} new, ${s.changed} changed, ${s.moved} moved, ${s.left} left, ${s.unchanged} unchanged, ${s.errors} with errors.`,
  );
  if (s.errors > 0) {
    const page = await getRosterPreview(database, preview.id, { section: 'errors', offset: 0, limit: SHOWN_ERRORS });
    for (const e of page.items) {
      out(`  line ${e.line}: ${REASONS[e.reason!]}${e.detail ? ` (${e.detail})` : ''}`);
    }
    if (s.errors > SHOWN_ERRORS) out(`  … and ${s.errors - SHOWN_ERRORS} more.`);
  }
  // A truncated or wrong file would otherwise end the membership of thousands at once.
  if (options.apply && preview.massDeparture && !options.force) {
    out(`Not applied: ${s.left} members would leave. Check the file; if it is right, add --force.`);
    return 1;
  }
  if (options.apply) {
    const result = await applyRoster(
      database,
      preview.id,
      { accountId: null },
      { departures: s.left, reason: 'confirmed on the command line with --force' },
    );
    const a = result.applied;
    out(
      `Applied in ${Math.round(performance.now() - started)} ms: ${a.inserted} added, ${a.updated} updated, ` +
        `${a.left} marked as left (${a.sessionsEnded} sessions ended). Rows with errors were not applied.`,
    );
  } else {
    out(`Nothing was changed (preview ${preview.id}). Run again with --apply to apply it.`);
  }
  return s.errors > 0 ? 1 : 0;
}

/** `rotes-netz units import FILE [--apply]`: the structure from a CSV; exit 1 when rows were broken. */
export async function importUnitsCommand(
  database: Database,
  file: string,
  options: { apply: boolean },
  out: (line: string) => void = console.log,
): Promise<number> {
  let report: UnitImportReport;
  try {
    report = await importUnits(database.db, fs.readFileSync(file), options);
  } catch (error) {
    if (error instanceof DomainError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      out(`The file is refused: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  out(
    `${file}: ${report.created} new, ${report.renamed} renamed, ${report.unchanged} unchanged, ` +
      `${report.errors.length} with errors.`,
  );
  for (const e of report.errors.slice(0, SHOWN_ERRORS)) out(`  line ${e.line}: ${e.message}`);
  if (report.errors.length > SHOWN_ERRORS) out(`  … and ${report.errors.length - SHOWN_ERRORS} more.`);
  out(options.apply ? 'Applied; rows with errors were left out.' : 'Nothing was changed. Run again with --apply.');
  return report.errors.length > 0 ? 1 : 0;
}
