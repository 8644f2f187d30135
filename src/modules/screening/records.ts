import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ScreeningGender, ScreeningSchema } from '../../db/schema.ts';
import type { ScreeningQuery, WatchlistEntry } from './engine/index.ts';

/**
 * Screening records in FollowTheMoney terms: a schema and its properties, each a list of strings in the original
 * script. Watchlist entries and screened people (batch rows, API queries) have the same shape, so both are
 * fingerprinted the same way and turned into the engine's plain data by the same functions.
 */
export const SCREENING_SCHEMAS = ['Person', 'Company', 'Organization', 'LegalEntity'] as const satisfies readonly ScreeningSchema[];
export const isScreeningSchema = (value: string): value is ScreeningSchema => (SCREENING_SCHEMAS as readonly string[]).includes(value);

export type FtmProperties = Record<string, string[]>;

export interface ScreeningRecord {
  schema: ScreeningSchema;
  properties: FtmProperties;
}

/** Properties whose values identify a document: compared by the engine after removing spaces and punctuation. */
const IDENTIFIER_PROPERTIES = ['passportNumber', 'idNumber', 'registrationNumber', 'taxNumber', 'innCode', 'ogrnCode', 'vatCode'];

/**
 * Trims every value, drops empty values and properties, keeps each value once (first occurrence, order kept) and
 * orders the properties by name, so that equal content has equal canonical JSON.
 */
export function canonicalProperties(properties: Record<string, readonly string[]>): FtmProperties {
  const result: FtmProperties = {};
  for (const key of Object.keys(properties).sort()) {
    const values = [...new Set((properties[key] ?? []).map((value) => value.normalize('NFC').trim()).filter((value) => value !== ''))];
    if (values.length > 0) result[key] = values;
  }
  return result;
}

const sha256 = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 (hex) of the RFC 8785 canonical JSON of schema and properties. */
export function fingerprintOf(record: ScreeningRecord): string {
  return sha256(canonicalize({ schema: record.schema, properties: canonicalProperties(record.properties) }) ?? '');
}

/** SHA-256 (hex) of any JSON value's canonical form (the audit's query hash). */
export const canonicalHash = (value: unknown): string => sha256(canonicalize(value) ?? '');

const datePattern = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date as FollowTheMoney writes it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Year-first spellings are read too (`1969-7-16`,
 * `1969/07/16`, a timestamp). A month or day that does not exist is dropped, keeping what is certain: `1974-01-32` is
 * `1974-01`, `1968-13-30` is `1968` — lists and customer files have such typos, and the year still tells. Undefined
 * when the value does not start with a year (`31/12/1970`, `unknown`): day-first dates are ambiguous; and for a year
 * before 1000 (`0000`, a placeholder PostgreSQL's calendar has not either), which is no one's birth year.
 */
export function normaliseDate(value: string): string | undefined {
  const match = datePattern.exec(value.trim());
  if (!match) return undefined;
  const [, year = '', month, day] = match;
  if (year < '1000') return undefined;
  if (month === undefined || Number(month) < 1 || Number(month) > 12) return year;
  const yearMonth = `${year}-${month.padStart(2, '0')}`;
  if (day === undefined) return yearMonth;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (Number(day) < 1 || date.getUTCDate() !== Number(day)) return yearMonth;
  return `${yearMonth}-${day.padStart(2, '0')}`;
}

/** `male`, `female` or `other` from the spellings files use; undefined for anything else, null for nothing. */
export function normaliseGender(value: string): ScreeningGender | null | undefined {
  const text = value.trim().toLowerCase();
  if (text === '') return null;
  if (['male', 'm', 'man'].includes(text)) return 'male';
  if (['female', 'f', 'woman'].includes(text)) return 'female';
  if (['other', 'x', 'o'].includes(text)) return 'other';
  return undefined;
}

/** The fields the engine and the database index: names (name, then aliases), dates, nationalities, gender, ids. */
export interface RecordFields {
  names: string[];
  birthDates: string[];
  nationalities: string[];
  gender: ScreeningGender | null;
  identifiers: string[];
}

export function recordFields(record: ScreeningRecord): RecordFields {
  const p = record.properties;
  const list = (...keys: string[]) => [...new Set(keys.flatMap((key) => p[key] ?? []))];
  const gender = (p.gender ?? []).map(normaliseGender).find((value) => value !== undefined && value !== null) ?? null;
  return {
    names: list('name', 'alias', 'previousName'),
    birthDates: list('birthDate').map((date) => normaliseDate(date) ?? date),
    nationalities: list('nationality', 'citizenship'),
    gender,
    identifiers: list(...IDENTIFIER_PROPERTIES),
  };
}

export function toScreeningQuery(record: ScreeningRecord): ScreeningQuery {
  const fields = recordFields(record);
  return {
    schema: record.schema,
    names: fields.names,
    birthDates: fields.birthDates,
    nationalities: fields.nationalities,
    gender: fields.gender,
    identifiers: fields.identifiers,
  };
}

/** An entry as the engine indexes it: the stored columns, under the entry's id. */
export function toWatchlistEntry(row: {
  id: string;
  schema: ScreeningSchema;
  names: readonly string[];
  birth_dates: readonly string[];
  nationalities: readonly string[];
  gender: ScreeningGender | null;
  identifiers: readonly string[];
}): WatchlistEntry {
  return {
    id: row.id,
    schema: row.schema,
    names: row.names,
    birthDates: row.birth_dates,
    nationalities: row.nationalities,
    gender: row.gender,
    identifiers: row.identifiers,
  };
}
