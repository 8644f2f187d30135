import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { FugitiveIdentifier, FugitivesTable } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { FIELD_LIMITS } from '../../../lib/field-limits.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize, presentPolicies } from '../../platform/policy.ts';
import { DEFAULT_THRESHOLD } from '../../screening/engine/index.ts';
import { transliterations } from '../../screening/engine/transliterate.ts';
import { noticeSchema, presentNotice } from '../notices/notices.ts';
import { fugitivePolicy } from '../policies.ts';
import {
  calendarDate,
  countryCode,
  currencyCode,
  decimalPlaces,
  decimalText,
  ftmDate,
  minorUnits,
  moneyValue,
  nullableDateText,
  presentStamps,
  rateValue,
  recordStamps,
  today,
} from '../schemas.ts';
import { deriveFigures, loadFacts, standingStep, type PersonFacts } from './facts.ts';
import { searchIndexFor } from './search-index.ts';
import { readerView } from './shared-view.ts';
import { findVisiblePerson, sharedWithActor, visibleToActor } from './visibility.ts';

/**
 * Wanted persons, in FollowTheMoney terms (Person: name, alias, birthDate, nationality, gender, passportNumber,
 * idNumber), owned by the wanting agency, with the alleged offences, the amount involved as an exact decimal and its
 * value at a dated exchange rate, the linked case references and the date of flight. Every view is audited.
 */
export const offences = ['embezzlement', 'bribery', 'abuse_of_office', 'money_laundering', 'fraud', 'other'] as const;
const identifierTypes = ['passport', 'national_id', 'other'] as const;
const stages = ['at_large', 'located', 'returned', 'on_trial', 'sentenced'] as const;
const means = ['extradition', 'deportation', 'repatriation', 'voluntary_return'] as const;

const personName = z.string().trim().min(1).max(FIELD_LIMITS.personName);
const identifierInput = z.object({
  type: z.enum(identifierTypes),
  number: z.string().trim().min(1).max(FIELD_LIMITS.identifier),
  country: countryCode.nullable().optional().describe('issuing state'),
});
const amountInput = z.object({ value: moneyValue, currency: currencyCode });
const conversionInput = z.object({
  rate: rateValue,
  rateOn: calendarDate.describe('date of the exchange rate'),
  currency: currencyCode.describe('target currency'),
});

const personFields = {
  names: z.array(personName).min(1).max(FIELD_LIMITS.personNames).describe('in their original script; the first is the caption'),
  aliases: z.array(personName).max(FIELD_LIMITS.personAliases),
  birthDates: z.array(ftmDate).max(10),
  nationalities: z.array(countryCode).max(10),
  gender: z.enum(['male', 'female', 'other']).nullable(),
  identifiers: z.array(identifierInput).max(20),
  offences: z.array(z.enum(offences)).max(6),
  amount: amountInput.nullable().describe('amount involved, exact decimal with its ISO 4217 currency'),
  conversion: conversionInput
    .nullable()
    .describe('the amount’s value in another currency at a dated rate; computed exactly, rounded half away from zero'),
  caseReferences: z.array(z.string().trim().min(1).max(FIELD_LIMITS.identifier)).max(50),
  fledOn: calendarDate.nullable(),
  fledFrom: countryCode.nullable(),
};

export const createPersonInput = z.object({
  ...personFields,
  aliases: personFields.aliases.default([]),
  birthDates: personFields.birthDates.default([]),
  nationalities: personFields.nationalities.default([]),
  gender: personFields.gender.default(null),
  identifiers: personFields.identifiers.default([]),
  offences: personFields.offences.default([]),
  amount: personFields.amount.default(null),
  conversion: personFields.conversion.default(null),
  caseReferences: personFields.caseReferences.default([]),
  fledOn: personFields.fledOn.default(null),
  fledFrom: personFields.fledFrom.default(null),
});
export const updatePersonInput = z.object({
  names: personFields.names.optional(),
  aliases: personFields.aliases.optional(),
  birthDates: personFields.birthDates.optional(),
  nationalities: personFields.nationalities.optional(),
  gender: personFields.gender.optional(),
  identifiers: personFields.identifiers.optional(),
  offences: personFields.offences.optional(),
  amount: personFields.amount.optional(),
  conversion: personFields.conversion.optional(),
  caseReferences: personFields.caseReferences.optional(),
  fledOn: personFields.fledOn.optional(),
  fledFrom: personFields.fledFrom.optional(),
});

const locationSchema = z.object({
  state: z.string(),
  city: z.string().nullable(),
  on: z.string(),
  source: z.enum(['sighting', 'located']),
});

const figuresSchema = {
  stage: z.enum(stages),
  atLarge: z.boolean(),
  returned: z.object({ on: z.string(), from: z.string(), means: z.enum(means) }).nullable(),
  daysOnTheRun: z.number().int().nullable().describe('from the flight to the return, or to today while at large'),
  lastKnownLocation: locationSchema.nullable(),
};

const policiesSchema = z.object({
  read: z.boolean(),
  list: z.boolean(),
  create: z.boolean(),
  update: z.boolean(),
  read_notes: z.boolean(),
  add_note: z.boolean(),
  manage_notices: z.boolean(),
  record_step: z.boolean(),
  report_sighting: z.boolean(),
});

export const personSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid().describe('the wanting agency'),
  caption: z.string(),
  names: z.array(z.string()),
  aliases: z.array(z.string()),
  transliterations: z
    .array(z.string())
    .describe('readable Latin forms derived from the names (Hanyu Pinyin and Wade–Giles, RTGS, …); not stored'),
  birthDates: z.array(z.string()),
  nationalities: z.array(z.string()),
  gender: z.enum(['male', 'female', 'other']).nullable(),
  identifiers: z.array(z.object({ type: z.enum(identifierTypes), number: z.string(), country: z.string().nullable() })),
  offences: z.array(z.enum(offences)),
  amount: z.object({ value: z.string(), currency: z.string() }).nullable(),
  converted: z.object({ value: z.string(), currency: z.string(), rate: z.string(), rateOn: z.string() }).nullable(),
  caseReferences: z.array(z.string()),
  fledOn: z.string().nullable(),
  fledFrom: z.string().nullable(),
  ...figuresSchema,
  notices: z.array(noticeSchema).describe('the notices you see: all for the wanting agency, else the published ones shared with you'),
  ...recordStamps,
  policies: policiesSchema,
});
export type Person = z.infer<typeof personSchema>;

export const personSummarySchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  caption: z.string(),
  names: z.array(z.string()),
  aliases: z.array(z.string()),
  transliterations: z
    .array(z.string())
    .describe('readable Latin forms derived from the names (Hanyu Pinyin and Wade–Giles, RTGS, …); not stored'),
  birthDates: z.array(z.string()),
  nationalities: z.array(z.string()),
  offences: z.array(z.enum(offences)),
  ...figuresSchema,
  /** Search only: how well the person's best name matched the query, and which name. */
  score: z.number().nullable(),
  matchedName: z.string().nullable(),
});

export const listPersonsQuery = z.object({
  q: z.string().trim().min(1).max(FIELD_LIMITS.query).optional().describe('a name in any script or spelling'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).describe('persons to skip, for the next page'),
});
export const personListSchema = z.object({ items: z.array(personSummarySchema) });

/** Readable Latin forms of the names, derived on read by the screening engine (no duplicates, none equal to a name). */
const derivedTransliterations = (names: readonly string[]): string[] =>
  [...new Set(names.flatMap(transliterations))].filter((form) => !names.includes(form));

export type PersonRow = Omit<Selectable<FugitivesTable>, 'fled_on' | 'fx_rate_on' | 'amount' | 'fx_rate' | 'converted_amount'> & {
  shared: boolean;
  fled_on: string | null;
  fx_rate_on: string | null;
  amount: string | null;
  fx_rate: string | null;
  converted_amount: string | null;
};

/** The columns a person is read with, money as exact decimal text and dates as calendar text (PersonRow). */
export const personColumns = [
  'agency_id',
  'id',
  'names',
  'aliases',
  'birth_dates',
  'nationalities',
  'gender',
  'identifiers',
  'offences',
  'currency',
  'converted_currency',
  'case_references',
  'fled_from',
  'ftm_id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  decimalText('amount', 'amount'),
  decimalText('fx_rate', 'fx_rate'),
  decimalText('converted_amount', 'converted_amount'),
  nullableDateText('fx_rate_on', 'fx_rate_on'),
  nullableDateText('fled_on', 'fled_on'),
] as const;

/** A person's identity and case as recorded: names, documents, offences, money, flight (also the exchange's shape). */
export function presentCase(
  row: Pick<
    PersonRow,
    | 'names'
    | 'aliases'
    | 'birth_dates'
    | 'nationalities'
    | 'gender'
    | 'identifiers'
    | 'offences'
    | 'amount'
    | 'currency'
    | 'converted_amount'
    | 'converted_currency'
    | 'fx_rate'
    | 'fx_rate_on'
    | 'case_references'
    | 'fled_on'
    | 'fled_from'
  >,
) {
  return {
    names: row.names,
    aliases: row.aliases,
    birthDates: row.birth_dates,
    nationalities: row.nationalities,
    gender: row.gender,
    identifiers: row.identifiers.map(({ type, number, country }) => ({ type, number, country })),
    offences: row.offences,
    amount: row.amount !== null && row.currency ? { value: row.amount, currency: row.currency } : null,
    converted:
      row.converted_amount !== null && row.converted_currency && row.fx_rate !== null && row.fx_rate_on
        ? { value: row.converted_amount, currency: row.converted_currency, rate: row.fx_rate, rateOn: row.fx_rate_on }
        : null,
    caseReferences: row.case_references,
    fledOn: row.fled_on,
    fledFrom: row.fled_from,
  };
}

function presentPerson(ctx: Ctx, row: PersonRow, facts: PersonFacts): Person {
  const view = readerView(ctx, row.agency_id);
  return {
    id: row.id,
    agencyId: row.agency_id,
    caption: row.names[0] ?? '',
    ...presentCase(row),
    transliterations: derivedTransliterations(row.names),
    ...deriveFigures(ctx, row.fled_on, facts),
    notices: facts.notices.map(presentNotice),
    ...presentStamps(row),
    // Who recorded or changed the person is a user of the keeping agency: others see when, not who.
    createdBy: view.userId(row.agency_id, row.created_by),
    updatedBy: view.userId(row.agency_id, row.updated_by),
    policies: presentPolicies(ctx.actor, fugitivePolicy, row),
  };
}

/** Refuses an amount with more places than its currency has, or a conversion without an amount or to the same currency. */
export function checkMoney(
  amount: z.infer<typeof amountInput> | null,
  conversion: z.infer<typeof conversionInput> | null,
  now: Date,
): void {
  if (amount && decimalPlaces(amount.value) > minorUnits(amount.currency)) {
    throw new AppError('INVALID_INPUT', `${amount.currency} amounts have at most ${minorUnits(amount.currency)} decimal places`, {
      field: 'amount',
    });
  }
  if (!conversion) return;
  if (!amount) throw new AppError('INVALID_INPUT', 'A conversion needs an amount to convert', { field: 'conversion' });
  if (conversion.currency === amount.currency) {
    throw new AppError('INVALID_INPUT', 'The conversion’s currency must differ from the amount’s', { field: 'conversion' });
  }
  if (conversion.rateOn > today(now))
    throw new AppError('INVALID_INPUT', 'The rate’s date cannot be in the future', { field: 'conversion' });
}

/**
 * The money columns: the converted value is amount × rate, rounded half away from zero to the target currency's
 * minor units, computed by PostgreSQL's numeric type (exact, no binary floating point).
 */
export function moneyColumns(amount: z.infer<typeof amountInput> | null, conversion: z.infer<typeof conversionInput> | null) {
  return {
    amount: amount?.value ?? null,
    currency: amount?.currency ?? null,
    fx_rate: conversion?.rate ?? null,
    fx_rate_on: conversion?.rateOn ?? null,
    converted_currency: conversion?.currency ?? null,
    converted_amount:
      amount && conversion
        ? sql<string>`round(${amount.value}::numeric * ${conversion.rate}::numeric, ${minorUnits(conversion.currency)}::int)`
        : null,
  };
}

export const identifiersJson = (identifiers: z.infer<typeof identifierInput>[]): string =>
  JSON.stringify(identifiers.map((id): FugitiveIdentifier => ({ type: id.type, number: id.number, country: id.country ?? null })));

export function checkDates(fledOn: string | null, now: Date): void {
  if (fledOn && fledOn > today(now)) throw new AppError('INVALID_INPUT', 'fledOn cannot be in the future', { field: 'fledOn' });
}

async function readPerson(ctx: Ctx, id: string): Promise<PersonRow> {
  return ctx.trx
    .selectFrom('fugitives')
    .select([...personColumns, sharedWithActor.as('shared')])
    .where('id', '=', id)
    .where(visibleToActor(ctx))
    .executeTakeFirstOrThrow();
}

/** Presents one person with its facts; each call is a view of the person and is audited. */
export async function viewPerson(ctx: Ctx, id: string): Promise<Person> {
  const person = await findVisiblePerson(ctx, id);
  const row = await readPerson(ctx, person.id);
  const facts = await loadFacts(ctx, [row]);
  await recordAudit(ctx, {
    type: 'fugitives.person_viewed',
    version: 1,
    data: { fugitiveId: row.id, ownerAgencyId: row.agency_id, view: 'record' },
  });
  return presentPerson(ctx, row, facts.get(row.id)!);
}

export async function createPerson(ctx: Ctx, input: z.infer<typeof createPersonInput>): Promise<Person> {
  authorize(ctx.actor, fugitivePolicy, 'create', { agency_id: ctx.actor.agencyId, shared: false });
  checkMoney(input.amount, input.conversion, ctx.now);
  checkDates(input.fledOn, ctx.now);
  const created = await ctx.trx
    .insertInto('fugitives')
    .values({
      agency_id: ctx.actor.agencyId,
      names: input.names,
      aliases: input.aliases,
      birth_dates: [...new Set(input.birthDates)],
      nationalities: [...new Set(input.nationalities)],
      gender: input.gender,
      identifiers: identifiersJson(input.identifiers),
      offences: [...new Set(input.offences)],
      ...moneyColumns(input.amount, input.conversion),
      case_references: input.caseReferences,
      fled_on: input.fledOn,
      fled_from: input.fledFrom,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, { type: 'fugitives.person_created', version: 1, data: { fugitiveId: created.id } });
  const row = await readPerson(ctx, created.id);
  return presentPerson(ctx, row, { steps: [], sightings: [], notices: [] });
}

export async function updatePerson(ctx: Ctx, id: string, input: z.infer<typeof updatePersonInput>): Promise<Person> {
  await findVisiblePerson(ctx, id, 'update', true);
  const existing = await readPerson(ctx, id);
  const fields = (Object.keys(input) as (keyof typeof input)[]).filter((key) => input[key] !== undefined);
  if (fields.length > 0) {
    const amount =
      input.amount !== undefined
        ? input.amount
        : existing.amount !== null && existing.currency
          ? { value: existing.amount, currency: existing.currency }
          : null;
    const conversion =
      input.conversion !== undefined
        ? input.conversion
        : existing.fx_rate !== null && existing.fx_rate_on && existing.converted_currency
          ? { rate: existing.fx_rate, rateOn: existing.fx_rate_on, currency: existing.converted_currency }
          : null;
    checkMoney(amount, conversion, ctx.now);
    if (input.fledOn !== undefined) checkDates(input.fledOn, ctx.now);
    if (input.fledOn) {
      const firstStep = await ctx.trx
        .selectFrom('fugitive_return_steps as s')
        .select(nullableDateText('s.occurred_on', 'occurred_on'))
        .where('s.agency_id', '=', existing.agency_id)
        .where('s.fugitive_id', '=', existing.id)
        .where(standingStep)
        .orderBy('s.seq')
        .limit(1)
        .executeTakeFirst();
      if (firstStep?.occurred_on && firstStep.occurred_on < input.fledOn) {
        throw new AppError('CONFLICT', `fledOn cannot be later than the first return step (${firstStep.occurred_on})`, { field: 'fledOn' });
      }
    }
    await ctx.trx
      .updateTable('fugitives')
      .set({
        ...(input.names ? { names: input.names } : {}),
        ...(input.aliases ? { aliases: input.aliases } : {}),
        ...(input.birthDates ? { birth_dates: [...new Set(input.birthDates)] } : {}),
        ...(input.nationalities ? { nationalities: [...new Set(input.nationalities)] } : {}),
        ...(input.gender !== undefined ? { gender: input.gender } : {}),
        ...(input.identifiers ? { identifiers: identifiersJson(input.identifiers) } : {}),
        ...(input.offences ? { offences: [...new Set(input.offences)] } : {}),
        ...(input.amount !== undefined || input.conversion !== undefined ? moneyColumns(amount, conversion) : {}),
        ...(input.caseReferences ? { case_references: input.caseReferences } : {}),
        ...(input.fledOn !== undefined ? { fled_on: input.fledOn } : {}),
        ...(input.fledFrom !== undefined ? { fled_from: input.fledFrom } : {}),
        updated_at: ctx.now,
        updated_by: ctx.actor.userId,
      })
      .where('agency_id', '=', existing.agency_id)
      .where('id', '=', existing.id)
      .execute();
    await recordAudit(ctx, { type: 'fugitives.person_updated', version: 1, data: { fugitiveId: existing.id, fields } });
  }
  const row = await readPerson(ctx, id);
  const facts = await loadFacts(ctx, [row]);
  return presentPerson(ctx, row, facts.get(row.id)!);
}

export type PersonSummary = z.infer<typeof personSummarySchema>;

function summarise(ctx: Ctx, row: PersonRow, facts: PersonFacts, match?: { score: number; matchedName: string }): PersonSummary {
  return {
    id: row.id,
    agencyId: row.agency_id,
    caption: row.names[0] ?? '',
    names: row.names,
    aliases: row.aliases,
    transliterations: derivedTransliterations(row.names),
    birthDates: row.birth_dates,
    nationalities: row.nationalities,
    offences: row.offences,
    ...deriveFigures(ctx, row.fled_on, facts),
    score: match?.score ?? null,
    matchedName: match?.matchedName ?? null,
  };
}

/** The persons the actor sees (query filter and row-level security), each with its facts. */
export async function visiblePersons(
  ctx: Ctx,
  ids?: readonly string[],
  limit?: number,
  options: { ownOnly?: boolean; offset?: number } = {},
): Promise<{ row: PersonRow; facts: PersonFacts }[]> {
  if (ids?.length === 0) return [];
  let query = ctx.trx
    .selectFrom('fugitives')
    .select([...personColumns, sharedWithActor.as('shared')])
    .where(visibleToActor(ctx));
  if (ids) query = query.where('id', 'in', [...ids]);
  if (options.ownOnly) query = query.where('agency_id', '=', ctx.actor.agencyId);
  if (limit !== undefined) query = query.limit(limit);
  if (options.offset) query = query.offset(options.offset);
  const rows = await query.orderBy('updated_at', 'desc').orderBy('id').execute();
  const facts = await loadFacts(ctx, rows);
  return rows.map((row) => ({ row, facts: facts.get(row.id)! }));
}

/**
 * The persons the actor sees, latest changed first; with `q`, those whose names or aliases match it in any script
 * or spelling, best first, by the screening engine over exactly those persons. The list is audited by its count and
 * the SHA-256 of the query, never the name searched for.
 */
export async function listPersons(ctx: Ctx, query: z.infer<typeof listPersonsQuery>): Promise<{ items: PersonSummary[] }> {
  authorize(ctx.actor, fugitivePolicy, 'list');
  let items: PersonSummary[];
  if (query.q) {
    // A search matches the agency's cached index of the persons it sees (search-index.ts), then reads only the
    // persons it found, again through the visibility filter.
    const index = await searchIndexFor(ctx);
    const results = index
      .match(
        { schema: 'Person', names: [query.q] },
        { limit: query.offset + query.limit, threshold: DEFAULT_THRESHOLD, cutoff: DEFAULT_THRESHOLD },
      )
      .slice(query.offset);
    const persons = new Map(
      (
        await visiblePersons(
          ctx,
          results.map((result) => result.id),
        )
      ).map((person) => [person.row.id, person]),
    );
    items = results.flatMap((result) => {
      const person = persons.get(result.id);
      return person ? [summarise(ctx, person.row, person.facts, { score: result.score, matchedName: result.matchedName })] : [];
    });
  } else {
    items = (await visiblePersons(ctx, undefined, query.limit, { offset: query.offset })).map(({ row, facts }) =>
      summarise(ctx, row, facts),
    );
  }
  await recordAudit(ctx, {
    type: 'fugitives.listed',
    version: 1,
    data: { count: items.length, queryHash: query.q ? crypto.createHash('sha256').update(query.q).digest('hex') : null },
  });
  return { items };
}
