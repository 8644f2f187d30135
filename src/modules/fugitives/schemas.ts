import { sql } from 'kysely';
import { z } from 'zod';

/**
 * Building blocks shared by the fugitives use cases' schemas. Country and currency codes are checked against the
 * lists in Node's ICU, as the cooperation module does; dates are calendar dates in UTC; money is an exact decimal
 * carried as a string from the request to a numeric column and back, never a JS number.
 */

export {
  calendarDate,
  countryCode,
  currencyCode,
  dateText,
  decimalPlaces,
  iso,
  minorUnits,
  nullableDateText,
  presentStamps,
  recordStamps,
  today,
} from '../platform/schema-parts.ts';

export const moneyValue = z
  .string()
  .regex(/^(0|[1-9]\d{0,16})(\.\d{1,4})?$/, 'a non-negative decimal as a string, e.g. "94000000.00"')
  .describe('exact decimal, as a string');

export const rateValue = z
  .string()
  .regex(/^(0|[1-9]\d{0,8})(\.\d{1,10})?$/, 'a positive decimal as a string with at most 10 places, e.g. "0.1468"')
  .refine((value) => !/^0(\.0+)?$/.test(value), 'the rate must be greater than zero')
  .describe('exact decimal, as a string: units of the target currency per unit of the amount’s currency');

const ftmDatePattern = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/**
 * FollowTheMoney dates: a year, a month or a day, from the year 1000 (as calendarDate). A day is checked against the
 * calendar by a round trip: Date.parse alone takes 2024-02-30 for 1 March. Zod runs every refinement even when the
 * pattern failed, so each tests the pattern again.
 */
export const ftmDate = z
  .string()
  .regex(ftmDatePattern, 'YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((value) => !ftmDatePattern.test(value) || value >= '1000', 'a date from the year 1000 on')
  .refine(
    (value) => !ftmDatePattern.test(value) || value.length < 10 || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value,
    'not a calendar date',
  );

export const decimalText = <A extends string>(column: string, alias: A) => sql<string | null>`${sql.ref(column)}::text`.as(alias);

/** Whole days from one calendar date to another. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const idParams = z.object({ id: z.uuid() });
