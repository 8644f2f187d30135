import { sql } from 'kysely';
import { z } from 'zod';

/**
 * Building blocks shared by the fugitives use cases' schemas. Country and currency codes are checked against the
 * lists in Node's ICU, as the cooperation module does; dates are calendar dates in UTC; money is an exact decimal
 * carried as a string from the request to a numeric column and back, never a JS number.
 */
export const calendarDate = z.iso.date();

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const USER_ASSIGNED = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ)$/;
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. SG')
  .refine(
    (code) => /^[A-Z]{2}$/.test(code) && !USER_ASSIGNED.test(code) && regionNames.of(code) !== undefined,
    'not an ISO 3166-1 country code',
  );

const currencies = new Set(Intl.supportedValuesOf('currency'));
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. CNY')
  .refine((code) => currencies.has(code), 'not an ISO 4217 currency code');

/** Minor units of a currency, from the same ICU data (JPY 0, CNY 2, KWD 3). */
export function minorUnits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export const decimalPlaces = (value: string): number => value.split('.')[1]?.length ?? 0;

export const moneyValue = z
  .string()
  .regex(/^(0|[1-9]\d{0,16})(\.\d{1,4})?$/, 'a non-negative decimal as a string, e.g. "94000000.00"')
  .describe('exact decimal, as a string');

export const rateValue = z
  .string()
  .regex(/^(0|[1-9]\d{0,8})(\.\d{1,10})?$/, 'a positive decimal as a string with at most 10 places, e.g. "0.1468"')
  .refine((value) => !/^0(\.0+)?$/.test(value), 'the rate must be greater than zero')
  .describe('exact decimal, as a string: units of the target currency per unit of the amount’s currency');

/** FollowTheMoney dates: a year, a month or a day. */
export const ftmDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((value) => value.length < 10 || !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'not a calendar date');

/** A date column selected as text: drivers would otherwise make it a Date at a time-zone-dependent midnight. */
export const dateText = <A extends string>(column: string, alias: A) => sql<string>`${sql.ref(column)}::text`.as(alias);
export const nullableDateText = <A extends string>(column: string, alias: A) => sql<string | null>`${sql.ref(column)}::text`.as(alias);
export const decimalText = <A extends string>(column: string, alias: A) => sql<string | null>`${sql.ref(column)}::text`.as(alias);

/** Today's calendar date in UTC. */
export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** Whole days from one calendar date to another. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const iso = (value: Date | string): string => new Date(value).toISOString();

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

export const idParams = z.object({ id: z.uuid() });
