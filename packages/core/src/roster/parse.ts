/**
 * Reads a roster CSV as spreadsheets actually export it: UTF-8 with or without BOM, or
 * Windows-1252 (Excel's "CSV" on German Windows), separated by `;` or `,`. The file as a whole is
 * refused only when it cannot be read at all (no header, a required column missing, a quote never
 * closed); a broken row is reported with its line and the rest stays usable.
 */
import { parse } from 'csv-parse/sync';
import type { Role } from '@rotes-netz/shared';
import { DomainError } from '../errors.ts';
import { foldForSearch } from '../text.ts';

/** Why a row was not taken; the web app and the CLI turn these into sentences. */
export type RosterErrorReason =
  | 'column_count'
  | 'missing_value'
  | 'invalid_member_number'
  | 'invalid_email'
  | 'invalid_date'
  | 'too_long'
  | 'duplicate_member_number'
  | 'unknown_function'
  | 'unknown_unit'
  | 'not_an_ortsverein'
  | 'not_an_arbeitsgemeinschaft'
  | 'member_deleted';

export interface RosterRowError {
  /** Line in the file, counting the header as line 1. */
  line: number;
  memberNumber: string | null;
  reason: RosterErrorReason;
  /** The column or the value concerned, for the reader. */
  detail: string | null;
}

export interface RosterRow {
  line: number;
  memberNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  /** `YYYY-MM-DD` */
  birthDate: string | null;
  ortsvereinCode: string;
  agCodes: string[];
  functions: { role: Role; unitCode: string }[];
}

export interface ParsedRoster {
  encoding: 'utf-8' | 'windows-1252';
  separator: ';' | ',' | '\t';
  rows: RosterRow[];
  errors: RosterRowError[];
}

type Field = 'memberNumber' | 'firstName' | 'lastName' | 'email' | 'birthDate' | 'ortsverein' | 'ags' | 'functions';

/** Header names, folded (lower case, umlauts spelled out, no spaces, dashes or underscores). */
const HEADERS: Record<string, Field> = {
  mitgliedsnummer: 'memberNumber',
  mitgliednr: 'memberNumber',
  membernumber: 'memberNumber',
  vorname: 'firstName',
  firstname: 'firstName',
  nachname: 'lastName',
  lastname: 'lastName',
  email: 'email',
  geburtsdatum: 'birthDate',
  birthdate: 'birthDate',
  dateofbirth: 'birthDate',
  ortsverein: 'ortsverein',
  ortsvereincode: 'ortsverein',
  arbeitsgemeinschaften: 'ags',
  ags: 'ags',
  workinggroups: 'ags',
  funktionen: 'functions',
  functions: 'functions',
};
const REQUIRED: Field[] = ['memberNumber', 'firstName', 'lastName', 'ortsverein'];

/** Function names as the party writes them, folded, and the role keys themselves. */
const FUNCTIONS: Record<string, Role> = {
  vorsitz: 'chair',
  vorsitzende: 'chair',
  vorsitzender: 'chair',
  chair: 'chair',
  stellvertretung: 'deputy_chair',
  stellvvorsitz: 'deputy_chair',
  stellvertretendevorsitzende: 'deputy_chair',
  stellvertretendervorsitzender: 'deputy_chair',
  deputychair: 'deputy_chair',
  kassierer: 'treasurer',
  kassiererin: 'treasurer',
  schatzmeister: 'treasurer',
  schatzmeisterin: 'treasurer',
  treasurer: 'treasurer',
  mitgliederbeauftragte: 'member_care',
  mitgliederbeauftragter: 'member_care',
  membercare: 'member_care',
  vorstand: 'board',
  beisitz: 'board',
  beisitzer: 'board',
  beisitzerin: 'board',
  board: 'board',
  // Platform roles (moderator, RZ staff, LV admin, programme commission) are not party functions:
  // they are granted in the app, so a roster file can never make anyone an administrator.
};

const fold = (text: string) => foldForSearch(text).replace(/[\s._-]/g, '');

/** UTF-8 when the bytes are valid UTF-8, otherwise Windows-1252 (a superset of Latin-1). */
export function decodeRoster(bytes: Uint8Array): { text: string; encoding: ParsedRoster['encoding'] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DomainError('roster_file_invalid', 'line 1: UTF-16 is not supported; save the file as UTF-8 CSV', [
      { path: '/line/1', message: 'UTF-16 is not supported; save the file as "CSV UTF-8"' },
    ]);
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

function invalidFile(line: number, message: string): DomainError {
  return new DomainError('roster_file_invalid', `line ${line}: ${message}`, [{ path: `/line/${line}`, message }]);
}

/** The separator used most often in the header line. */
function detectSeparator(text: string): ParsedRoster['separator'] {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = ([';', ',', '\t'] as const).map((s) => [s, header.split(s).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (best[1] === 0) throw invalidFile(1, 'the header line has no separator (";" or ",")');
  return best[0];
}

/** `YYYY-MM-DD` or `DD.MM.YYYY` to `YYYY-MM-DD`, only for days that exist. */
export function parseBirthDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : [];
  if (!y || !m || !d) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d) || Number(y) < 1900) return undefined;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MEMBER_NUMBER = /^[A-Za-z0-9-]{1,32}$/;
const list = (text: string) =>
  text
    .split(/[|;,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses a roster file. Throws `roster_file_invalid` with the failing line when it is unreadable. */
export function parseRoster(bytes: Uint8Array): ParsedRoster {
  const { text, encoding } = decodeRoster(bytes);
  if (text.trim() === '') throw invalidFile(1, 'the file is empty');
  const separator = detectSeparator(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw invalidFile(line, (error as Error).message);
  }
  const [header, ...body] = records;
  const columns = header!.record.map((name) => HEADERS[fold(name)]);
  for (const field of REQUIRED) {
    if (!columns.includes(field)) throw invalidFile(1, `the column for ${field} is missing`);
  }

  const rows: RosterRow[] = [];
  const errors: RosterRowError[] = [];
  const seen = new Set<string>();
  for (const { record, info } of body) {
    const line = info.lines;
    const value = (field: Field) => (record[columns.indexOf(field)] ?? '').trim();
    const memberNumber = value('memberNumber');
    const fail = (reason: RosterErrorReason, detail: string | null = null) =>
      errors.push({ line, memberNumber: memberNumber || null, reason, detail });
    if (record.length !== columns.length) {
      fail('column_count', `${record.length}/${columns.length}`);
      continue;
    }
    const missing = REQUIRED.find((field) => value(field) === '');
    if (missing) {
      fail('missing_value', missing);
      continue;
    }
    if (!MEMBER_NUMBER.test(memberNumber)) {
      fail('invalid_member_number', memberNumber.slice(0, 40));
      continue;
    }
    if (seen.has(memberNumber)) {
      fail('duplicate_member_number', memberNumber);
      continue;
    }
    seen.add(memberNumber);
    const tooLong = (['firstName', 'lastName', 'email'] as const).find((field) => value(field).length > 200);
    if (tooLong) {
      fail('too_long', tooLong);
      continue;
    }
    const email = value('email').toLowerCase() || null;
    if (email && !EMAIL.test(email)) {
      fail('invalid_email', email.slice(0, 80));
      continue;
    }
    const birthText = value('birthDate');
    const birthDate = birthText ? parseBirthDate(birthText) : null;
    if (birthDate === undefined) {
      fail('invalid_date', birthText.slice(0, 40));
      continue;
    }
    const functions: RosterRow['functions'] = [];
    const unknown = list(value('functions')).find((entry) => {
      const [name = '', unitCode = ''] = entry.split('@').map((s) => s.trim());
      const role = FUNCTIONS[fold(name)];
      if (!role || !unitCode) return true;
      functions.push({ role, unitCode: unitCode.toUpperCase() });
      return false;
    });
    if (unknown !== undefined) {
      fail('unknown_function', unknown.slice(0, 80));
      continue;
    }
    rows.push({
      line,
      memberNumber,
      firstName: value('firstName'),
      lastName: value('lastName'),
      email,
      birthDate,
      ortsvereinCode: value('ortsverein').toUpperCase(),
      agCodes: [...new Set(list(value('ags')).map((c) => c.toUpperCase()))],
      functions,
    });
  }
  return { encoding, separator, rows, errors };
}
