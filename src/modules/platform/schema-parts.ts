import { sql } from 'kysely';
import { z } from 'zod';

/**
 * Building blocks of request and response schemas that every module uses alike: codes checked against the lists in
 * Node's ICU, calendar dates in UTC, date columns read as text, and the created/updated stamps of a record.
 */

/**
 * A calendar date, `YYYY-MM-DD`, of a year from 1000 to 9999: z.iso.date alone takes year 0000, which PostgreSQL
 * (whose calendar has no year 0) refuses.
 */
export const calendarDate = z.iso.date().refine((value) => value >= '1000-01-01', 'a date from the year 1000 on');

/**
 * ISO 3166-1 alpha-2. The region names that ship with Node's ICU say whether a code is assigned; the user-assigned
 * ranges (AA, QM–QZ, XA–XZ except Kosovo's XK, ZZ) are refused although ICU names some of them.
 */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const USER_ASSIGNED = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ)$/;
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. MY')
  // Zod runs this even when the pattern failed, and Intl throws on a malformed code: so the pattern is tested again.
  .refine(
    (code) => /^[A-Z]{2}$/.test(code) && !USER_ASSIGNED.test(code) && regionNames.of(code) !== undefined,
    'not an ISO 3166-1 country code',
  );

/** ISO 4217, as known to Node's ICU; the number of minor units comes from the same source (JPY 0, USD 2, KWD 3). */
const currencies = new Set(Intl.supportedValuesOf('currency'));
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. USD')
  .refine((code) => currencies.has(code), 'not an ISO 4217 currency code');

export function minorUnits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export const decimalPlaces = (value: string): number => value.split('.')[1]?.length ?? 0;

/** Today's calendar date in UTC, the time zone Concord stores and compares dates in. */
export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** A date column selected as text: drivers would otherwise make it a Date at a time-zone-dependent midnight. */
export const dateText = <A extends string>(column: string, alias: A) => sql<string>`${sql.ref(column)}::text`.as(alias);
export const nullableDateText = <A extends string>(column: string, alias: A) => sql<string | null>`${sql.ref(column)}::text`.as(alias);

export const iso = (value: Date | string): string => new Date(value).toISOString();

/** The fields a record presents about who created and changed it. */
export const recordStamps = {
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
};

export function presentStamps(row: {
  created_at: Date | string;
  created_by: string | null;
  updated_at: Date | string;
  updated_by: string | null;
}) {
  return { createdAt: iso(row.created_at), createdBy: row.created_by, updatedAt: iso(row.updated_at), updatedBy: row.updated_by };
}
