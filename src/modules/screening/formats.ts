import { CsvError, parse } from 'csv-parse/sync';
import type { ScreeningSchema } from '../../db/schema.ts';
import { FIELD_LIMITS } from '../../lib/field-limits.ts';
import { describeCharacter, findUnsafeCharacter, findUnsafeText } from '../../lib/safe-text.ts';
import {
  SCREENING_SCHEMAS,
  canonicalProperties,
  isScreeningSchema,
  normaliseDate,
  normaliseGender,
  type FtmProperties,
  type ScreeningRecord,
} from './records.ts';

/**
 * Readers of the files screening takes in: watchlists as CSV (the columns of the shared screening data, plus optional
 * id, aliases, id_number, passport_number, schema) or FollowTheMoney JSON lines; people to screen as CSV with the same
 * columns; name pairs as CSV with name1,name2. Each reader returns every record, or the problems, each naming its
 * line ("line 17: full_name is empty") — a file with any problem yields no records, so that an import is all or
 * nothing.
 */
export interface FormatProblem {
  line: number;
  message: string;
}

export const problemText = (problem: FormatProblem): string => `line ${problem.line}: ${problem.message}`;

/** The first problems of a bad file, as one message (the first few) for an error and the list for its details. */
export function describeProblems(problems: readonly FormatProblem[]): { message: string; problems: string[] } {
  const texts = problems.map(problemText);
  const shown = texts.slice(0, 3).join('; ');
  return { message: problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown, problems: texts };
}

/** Reading stops after this many problems: the user fixes the first ones and tries again. */
const MAX_PROBLEMS = 20;
const MAX_VALUE_LENGTH = FIELD_LIMITS.ftmValue;

/** The first character in the text that cannot be stored (NUL, a lone surrogate), as a problem of its line. */
function unsafeTextProblem(text: string): FormatProblem | null {
  const found = findUnsafeCharacter(text);
  return found ? { line: found.line, message: `column ${String(found.column)} ${describeCharacter(found.character)}` } : null;
}

export type Parsed<T> = { ok: true; records: T[]; skipped: number } | { ok: false; problems: FormatProblem[] };

/** A watchlist entry as read from a file. */
export interface ImportedEntry extends ScreeningRecord {
  line: number;
  /** The entry's id in the file (FtM id or the CSV's id column), if it has one. */
  sourceId: string | null;
}

/** One row of a CSV of people to screen: its values as in the file, and the record screened. */
export interface PersonRow {
  /** 1-based data row (the header is not a row). */
  rowNumber: number;
  /** The file line the row starts on. */
  line: number;
  values: string[];
  sourceId: string | null;
  record: ScreeningRecord;
}

export type ParsedPeople = { ok: true; header: string[]; rows: PersonRow[] } | { ok: false; problems: FormatProblem[] };

export interface NamePairRow {
  line: number;
  values: string[];
  name1: string;
  name2: string;
}

export type ParsedPairs = { ok: true; header: string[]; rows: NamePairRow[] } | { ok: false; problems: FormatProblem[] };

/** The columns of ../shared/data/screening/*.csv, which every screening CSV may have. */
export const PERSON_COLUMNS = [
  'full_name',
  'first_name',
  'middle_name',
  'last_name',
  'gender',
  'date_of_birth',
  'place_of_birth',
  'nationality',
] as const;
/** Optional further columns: the record's own id, more names and document numbers (several separated by ';'). */
export const OPTIONAL_COLUMNS = ['id', 'aliases', 'id_number', 'passport_number', 'schema'] as const;

interface CsvTable {
  /** Column names as matched: trimmed, lower case. */
  columns: string[];
  /** The header as written in the file (for output files that repeat the input's columns). */
  header: string[];
  rows: { line: number; values: string[] }[];
}

/**
 * Splits a CSV into a header and rows, each with the line it starts on. A file whose header is unusable is refused
 * outright; rows of the wrong length are left out and reported in `problems`, beside those the caller finds.
 */
function readCsv(
  text: string,
  required: readonly string[],
): { ok: true; table: CsvTable; problems: FormatProblem[] } | { ok: false; problems: FormatProblem[] } {
  const unsafe = unsafeTextProblem(text);
  if (unsafe) return { ok: false, problems: [unsafe] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { ok: false, problems: [{ line, message: error.message.replace(/ (on|at) line \d+\.?$/, '') }] };
    }
    throw error;
  }
  const header = records[0];
  if (!header) return { ok: false, problems: [{ line: 1, message: 'the file is empty' }] };
  const columns = header.record.map((name) => name.trim().toLowerCase());
  const problems: FormatProblem[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (column !== '' && seen.has(column)) problems.push({ line: header.info.lines, message: `column ${column} appears twice` });
    seen.add(column);
  }
  for (const column of required) {
    if (!seen.has(column)) problems.push({ line: header.info.lines, message: `the header has no ${column} column` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const rows: CsvTable['rows'] = [];
  for (const { record, info } of records.slice(1)) {
    // info.lines is the line the record ends on; quoted fields may hold line breaks.
    const line = info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== columns.length) {
      problems.push({ line, message: `has ${record.length} fields, the header has ${columns.length}` });
      if (problems.length >= MAX_PROBLEMS) break;
      continue;
    }
    rows.push({ line, values: record });
  }
  return { ok: true, table: { columns, header: header.record.map((name) => name.trim()), rows }, problems };
}

/** Problems by line (stable within a line), at most MAX_PROBLEMS of them. */
const inLineOrder = (problems: readonly FormatProblem[]): FormatProblem[] =>
  [...problems].sort((a, b) => a.line - b.line).slice(0, MAX_PROBLEMS);

const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');

/**
 * One CSV row as a FollowTheMoney record: full_name → name, aliases → alias, date_of_birth → birthDate and so on.
 * Returns the problems of the row instead when it has any.
 */
function csvRecord(
  columns: readonly string[],
  values: readonly string[],
): { record: ScreeningRecord; sourceId: string | null } | { problems: string[] } {
  const get = (column: string): string => {
    const index = columns.indexOf(column);
    return index < 0 ? '' : (values[index] ?? '').trim();
  };
  const problems: string[] = [];
  for (const column of [...PERSON_COLUMNS, ...OPTIONAL_COLUMNS]) {
    if (get(column).length > MAX_VALUE_LENGTH) problems.push(`${column} is longer than ${MAX_VALUE_LENGTH} characters`);
  }
  const fullName = get('full_name');
  if (fullName === '') problems.push('full_name is empty');
  const schemaText = get('schema') || 'Person';
  if (!isScreeningSchema(schemaText)) problems.push(`schema "${schemaText}" is not one of ${SCREENING_SCHEMAS.join(', ')}`);
  const gender = normaliseGender(get('gender'));
  if (gender === undefined) problems.push(`gender "${get('gender')}" is not male, female or other`);
  const birthDates: string[] = [];
  for (const date of splitList(get('date_of_birth'))) {
    const normalised = normaliseDate(date);
    if (normalised === undefined) problems.push(`date_of_birth "${date}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    else birthDates.push(normalised);
  }
  if (problems.length > 0) return { problems };
  const properties: FtmProperties = canonicalProperties({
    name: [fullName],
    alias: splitList(get('aliases')),
    firstName: [get('first_name')],
    middleName: [get('middle_name')],
    lastName: [get('last_name')],
    gender: gender ? [gender] : [],
    birthDate: birthDates,
    birthPlace: [get('place_of_birth')],
    nationality: splitList(get('nationality')),
    idNumber: splitList(get('id_number')),
    passportNumber: splitList(get('passport_number')),
  });
  const id = get('id');
  return { record: { schema: schemaText as ScreeningSchema, properties }, sourceId: id === '' ? null : id };
}

/** Each source id once; a repeated id is a problem naming both lines. */
function checkDuplicateIds(records: readonly { line: number; sourceId: string | null }[], problems: FormatProblem[]): void {
  const firstLine = new Map<string, number>();
  for (const { line, sourceId } of records) {
    if (sourceId === null) continue;
    const earlier = firstLine.get(sourceId);
    if (earlier !== undefined) problems.push({ line, message: `id "${sourceId}" appears again (first on line ${earlier})` });
    else firstLine.set(sourceId, line);
  }
}

export function parseWatchlistCsv(text: string): Parsed<ImportedEntry> {
  const people = parsePeopleCsv(text);
  if (!people.ok) return people;
  return {
    ok: true,
    records: people.rows.map((row) => ({ line: row.line, sourceId: row.sourceId, ...row.record })),
    skipped: 0,
  };
}

export function parsePeopleCsv(text: string): ParsedPeople {
  const read = readCsv(text, ['full_name']);
  if (!read.ok) return read;
  const { columns, header, rows } = read.table;
  const problems = [...read.problems];
  if (rows.length === 0 && problems.length === 0)
    return { ok: false, problems: [{ line: 2, message: 'the file has no rows after its header' }] };
  const result: PersonRow[] = [];
  for (const [index, row] of rows.entries()) {
    const parsed = csvRecord(columns, row.values);
    if ('problems' in parsed) {
      for (const message of parsed.problems) problems.push({ line: row.line, message });
      if (problems.length >= MAX_PROBLEMS) break;
      continue;
    }
    result.push({ rowNumber: index + 1, line: row.line, values: row.values, sourceId: parsed.sourceId, record: parsed.record });
  }
  checkDuplicateIds(result, problems);
  if (problems.length > 0) return { ok: false, problems: inLineOrder(problems) };
  return { ok: true, header, rows: result };
}

/**
 * FollowTheMoney entities, one JSON object per line: `{"id","schema","properties":{"name":[…],…}}`. Entities of
 * other schemata (Sanction, Address, Ownership …, which FtM exports mix in) are skipped and counted, not refused.
 */
export function parseWatchlistFtm(text: string): Parsed<ImportedEntry> {
  const problems: FormatProblem[] = [];
  const records: ImportedEntry[] = [];
  let skipped = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (problems.length >= MAX_PROBLEMS) break;
    const line = index + 1;
    if (raw.trim() === '') continue;
    const unsafeCharacter = unsafeTextProblem(raw);
    if (unsafeCharacter) {
      problems.push({ ...unsafeCharacter, line });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push({ line, message: 'is not valid JSON' });
      continue;
    }
    // An escape such as \u0000 in a string.
    const unsafe = findUnsafeText(value);
    if (unsafe) {
      problems.push({ line, message: `${unsafe.path.slice(1).replace(/\//g, '.')} ${unsafe.message}` });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ line, message: 'is not a JSON object' });
      continue;
    }
    const entity = value as { id?: unknown; schema?: unknown; properties?: unknown };
    if (typeof entity.schema !== 'string' || entity.schema === '') {
      problems.push({ line, message: 'schema is missing' });
      continue;
    }
    if (!isScreeningSchema(entity.schema)) {
      skipped += 1;
      continue;
    }
    if (typeof entity.id !== 'string' || entity.id.trim() === '') {
      problems.push({ line, message: 'id is missing' });
      continue;
    }
    if (entity.id.length > 200) {
      problems.push({ line, message: 'id is longer than 200 characters' });
      continue;
    }
    const props: unknown = entity.properties ?? {};
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      problems.push({ line, message: 'properties is not an object' });
      continue;
    }
    const properties: Record<string, string[]> = {};
    let bad = false;
    for (const [key, raw] of Object.entries(props as Record<string, unknown>)) {
      const list: unknown = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
        problems.push({ line, message: `properties.${key} is not a list of strings` });
        bad = true;
        continue;
      }
      if ((list as string[]).some((item) => item.length > MAX_VALUE_LENGTH)) {
        problems.push({ line, message: `properties.${key} has a value longer than ${MAX_VALUE_LENGTH} characters` });
        bad = true;
        continue;
      }
      properties[key] = list as string[];
    }
    if (bad) continue;
    const canonical = canonicalProperties(properties);
    if (!canonical.name) {
      problems.push({ line, message: 'properties.name is empty' });
      continue;
    }
    const badDate = (canonical.birthDate ?? []).find((date) => normaliseDate(date) === undefined);
    if (badDate !== undefined) {
      problems.push({ line, message: `properties.birthDate "${badDate}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)` });
      continue;
    }
    const badGender = (canonical.gender ?? []).find((gender) => !normaliseGender(gender));
    if (badGender !== undefined) {
      problems.push({ line, message: `properties.gender "${badGender}" is not male, female or other` });
      continue;
    }
    records.push({ line, sourceId: entity.id.trim(), schema: entity.schema, properties: canonical });
  }
  checkDuplicateIds(records, problems);
  if (problems.length > 0) return { ok: false, problems: inLineOrder(problems) };
  if (records.length === 0)
    return { ok: false, problems: [{ line: 1, message: 'the file has no Person, Company, Organization or LegalEntity' }] };
  return { ok: true, records, skipped };
}

export type WatchlistFormat = 'csv' | 'ftm';

export function parseWatchlist(format: WatchlistFormat, text: string): Parsed<ImportedEntry> {
  return format === 'csv' ? parseWatchlistCsv(text) : parseWatchlistFtm(text);
}

/** A CSV of name pairs (name1,name2, any further columns kept), as `concord screen pairs` reads it. */
export function parsePairsCsv(text: string): ParsedPairs {
  const read = readCsv(text, ['name1', 'name2']);
  if (!read.ok) return read;
  const { columns, header, rows } = read.table;
  const first = columns.indexOf('name1');
  const second = columns.indexOf('name2');
  const problems = [...read.problems];
  const result: NamePairRow[] = [];
  for (const row of rows) {
    const name1 = (row.values[first] ?? '').trim();
    const name2 = (row.values[second] ?? '').trim();
    if (name1 === '') problems.push({ line: row.line, message: 'name1 is empty' });
    if (name2 === '') problems.push({ line: row.line, message: 'name2 is empty' });
    // The limit of a name in a watchlist: the matcher's work grows with the square of a name's length.
    if (name1.length > MAX_VALUE_LENGTH) problems.push({ line: row.line, message: `name1 is longer than ${MAX_VALUE_LENGTH} characters` });
    if (name2.length > MAX_VALUE_LENGTH) problems.push({ line: row.line, message: `name2 is longer than ${MAX_VALUE_LENGTH} characters` });
    if (problems.length >= MAX_PROBLEMS) break;
    result.push({ line: row.line, values: row.values, name1, name2 });
  }
  if (problems.length > 0) return { ok: false, problems: inLineOrder(problems) };
  return { ok: true, header, rows: result };
}
