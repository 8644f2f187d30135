import { sql } from 'kysely';
import { z } from 'zod';
import type { TrainingTopic } from '../../db/schema.ts';

/** Building blocks shared by the cooperation use cases' input and output schemas. */

export const calendarDate = z.iso.date();

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

/** Money is an exact decimal carried as a string from the request to the numeric column and back, never a JS number. */
export const moneyValue = z
  .string()
  .regex(/^(0|[1-9]\d{0,15})(\.\d{1,4})?$/, 'a non-negative decimal as a string, e.g. "1234567.89"')
  .describe('exact decimal, as a string');

/** Hours as an exact decimal string with at most two places, greater than zero (e.g. "6", "7.5"). */
export const hoursValue = z
  .string()
  .regex(/^(0|[1-9]\d{0,4})(\.\d{1,2})?$/, 'hours as a positive decimal string with at most two places, e.g. "7.5"')
  .refine((value) => !/^0(\.0+)?$/.test(value), 'hours must be greater than zero')
  .describe('exact decimal, as a string');

export const trainingTopics = [
  'cross_border_bribery',
  'fugitive_tracking',
  'asset_recovery',
  'financial_investigation',
  'mla_drafting',
  'procurement_integrity',
  'digital_evidence',
  'money_laundering_typologies',
] as const satisfies readonly TrainingTopic[];
export const trainingTopic = z.enum(trainingTopics);

export const placeSchema = z.object({ city: z.string().trim().min(1).max(120), country: countryCode });

export const agencyIdList = z.array(z.uuid()).max(100);

export const longText = z.string().trim().max(20000);

/** Paging and year filters shared by the list endpoints. */
export const listLimit = z.coerce.number().int().min(1).max(500).default(200);
export const yearFilter = z.coerce.number().int().min(2000).max(2100).optional();

/** A create body whose dates must be in order. */
export const datesInOrder = (value: { startsOn: string; endsOn?: string | null }) =>
  value.endsOn === undefined || value.endsOn === null || value.endsOn >= value.startsOn;
export const DATES_OUT_OF_ORDER = { message: 'endsOn must not be before startsOn', path: ['endsOn'] };

/** Today's calendar date in UTC, the time zone Concord stores and compares dates in. */
export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** A date column selected as text: drivers would otherwise make it a Date at a time-zone-dependent midnight. */
export const dateText = <A extends string>(column: string, alias: A) => sql<string>`${sql.ref(column)}::text`.as(alias);
export const nullableDateText = <A extends string>(column: string, alias: A) => sql<string | null>`${sql.ref(column)}::text`.as(alias);

export const iso = (value: Date | string): string => new Date(value).toISOString();

/** The fields every cooperation record presents about who created and changed it. */
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

/** An update that changes nothing writes nothing and records nothing (it is still authorised first). */
export const changesSomething = (value: Record<string, unknown>) => Object.values(value).some((field) => field !== undefined);
