import { z } from 'zod';
import type { TrainingTopic } from '../../db/schema.ts';
import { countryCode } from '../platform/schema-parts.ts';

/** Building blocks shared by the cooperation use cases' input and output schemas. */

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

/** An update that changes nothing writes nothing and records nothing (it is still authorised first). */
export const changesSomething = (value: Record<string, unknown>) => Object.values(value).some((field) => field !== undefined);
