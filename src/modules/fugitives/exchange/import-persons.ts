import crypto from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { identifiersJson, moneyColumns, personColumns, type PersonRow } from '../persons/persons.ts';
import { fugitivePolicy } from '../policies.ts';
import { MAX_REPORTED_ERRORS, concordIdOf, parseFtmLines, type ImportedPerson, type PersonInput } from './ftm.ts';

/**
 * Import of wanted persons from FtM JSON lines (docs/fugitives-exchange.md) into the importing agency's own persons,
 * all or nothing: every line is read and checked first, with the same schema and rules as `createPerson`, and any
 * problem refuses the whole file (400 with `details.errors: [{line, message}]`) before anything is written. A line
 * merges into the agency's person with the same FtM id (or the person a `concord-<id>` entity id names), else creates
 * one. Each created or changed person is audited as `createPerson` and `updatePerson` audit it, and the run once as
 * `fugitives.persons_imported` with its counts and the file's SHA-256.
 */
export const IMPORT_MAX_CHARS = 5_000_000;
/** The request body: the file's text in JSON, with room for escaping. */
export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

export const importPersonsInput = z.object({
  content: z.string().min(1).max(IMPORT_MAX_CHARS).describe('FollowTheMoney JSON lines: one Person entity per line'),
});
export const importSummarySchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export interface ImportOptions {
  /** The user recorded as author: the signed-in user, or null for the command line acting for its agency. */
  author: string | null;
  onProgress?: (done: number, total: number) => void;
}

/** One of the agency's persons an incoming line may merge with, read as the person module reads it. */
type HeldPerson = Omit<PersonRow, 'shared'>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** The fields (as the API names them) in which an incoming line differs from the held person. */
function changedFields(held: HeldPerson, incoming: ImportedPerson): (keyof PersonInput)[] {
  const p = incoming.person;
  const fields: (keyof PersonInput)[] = [];
  if (!same(held.names, p.names)) fields.push('names');
  if (!same(held.aliases, p.aliases)) fields.push('aliases');
  if (!same(held.birth_dates, unique(p.birthDates))) fields.push('birthDates');
  if (!same(held.nationalities, unique(p.nationalities))) fields.push('nationalities');
  if (held.gender !== p.gender) fields.push('gender');
  const identifiers = held.identifiers.map(({ type, number, country }) => ({ type, number, country }));
  if (!same(identifiers, JSON.parse(identifiersJson(p.identifiers)))) fields.push('identifiers');
  if (!incoming.carriesCase) return fields;
  if (!same(held.offences, unique(p.offences))) fields.push('offences');
  if (held.amount !== (p.amount?.value ?? null) || held.currency !== (p.amount?.currency ?? null)) fields.push('amount');
  if (
    held.fx_rate !== (p.conversion?.rate ?? null) ||
    held.fx_rate_on !== (p.conversion?.rateOn ?? null) ||
    held.converted_currency !== (p.conversion?.currency ?? null)
  )
    fields.push('conversion');
  if (!same(held.case_references, p.caseReferences)) fields.push('caseReferences');
  if (held.fled_on !== p.fledOn) fields.push('fledOn');
  if (held.fled_from !== p.fledFrom) fields.push('fledFrom');
  return fields;
}

function refuse(problems: { line: number; message: string }[], count: number): never {
  throw new AppError('INVALID_INPUT', `${count} line${count === 1 ? '' : 's'} refused; nothing was imported`, {
    errors: problems,
    errorCount: count,
  });
}

/** Authorises the signed-in actor (the `create` right on its own agency's persons) and imports. */
export function importPersonsAsActor(ctx: Ctx, input: z.infer<typeof importPersonsInput>): Promise<ImportSummary> {
  authorize(ctx.actor, fugitivePolicy, 'create', { agency_id: ctx.actor.agencyId, shared: false });
  return importPersons(ctx, input.content, { author: ctx.actor.userId });
}

/** Imports into the agency of `ctx.actor`, in the caller's one transaction. */
export async function importPersons(ctx: Ctx, content: string, options: ImportOptions): Promise<ImportSummary> {
  const agencyId = ctx.actor.agencyId;
  const { persons, problems, problemCount } = parseFtmLines(content, ctx.now);
  if (problemCount > 0) refuse(problems, problemCount);

  const ftmIds = persons.map((person) => person.ftmId);
  const concordIds = persons.flatMap((person) => concordIdOf(person.ftmId) ?? []);
  const held: HeldPerson[] = await ctx.trx
    .selectFrom('fugitives')
    .select(personColumns)
    .where('agency_id', '=', agencyId)
    .where((eb) =>
      eb.or([eb(sql<boolean>`ftm_id = any (${ftmIds}::text[])`, '=', true), eb(sql<boolean>`id = any (${concordIds}::uuid[])`, '=', true)]),
    )
    .execute();
  const byFtmId = new Map(held.flatMap((person) => (person.ftm_id ? [[person.ftm_id, person]] : [])));
  const byId = new Map(held.map((person) => [person.id, person]));
  const matchOf = (incoming: ImportedPerson): HeldPerson | undefined => {
    const concordId = concordIdOf(incoming.ftmId);
    return byFtmId.get(incoming.ftmId) ?? (concordId ? byId.get(concordId) : undefined);
  };

  // A merged person's flight cannot move after its first return step (as updatePerson refuses it): checked for every
  // line before anything is written.
  const firstSteps = new Map(
    held.length === 0
      ? []
      : (
          await ctx.trx
            .selectFrom('fugitive_return_steps')
            .select(['fugitive_id', sql<string>`min(occurred_on)::text`.as('first_on')])
            .where('agency_id', '=', agencyId)
            .where(
              'fugitive_id',
              'in',
              held.map((person) => person.id),
            )
            .groupBy('fugitive_id')
            .execute()
        ).map((row) => [row.fugitive_id, row.first_on]),
  );
  // Two lines naming the same person (its FtM id and its `concord-<id>`) would overwrite each other.
  const matchedOn = new Map<string, number>();
  const conflicts = persons.flatMap((incoming) => {
    const match = matchOf(incoming);
    if (!match) return [];
    const earlier = matchedOn.get(match.id);
    if (earlier !== undefined) return [{ line: incoming.line, message: `names the same person as line ${earlier}` }];
    matchedOn.set(match.id, incoming.line);
    const first = firstSteps.get(match.id);
    return incoming.carriesCase && incoming.person.fledOn && first && first < incoming.person.fledOn
      ? [{ line: incoming.line, message: `concord:case.fledOn: cannot be later than the first return step (${first})` }]
      : [];
  });
  if (conflicts.length > 0) refuse(conflicts.slice(0, MAX_REPORTED_ERRORS), conflicts.length);

  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0 };
  const audit = { agencyId, actorUserId: options.author };
  let done = 0;
  for (const incoming of persons) {
    const p = incoming.person;
    const match = matchOf(incoming);
    if (!match) {
      const created = await ctx.trx
        .insertInto('fugitives')
        .values({
          agency_id: agencyId,
          ftm_id: incoming.ftmId,
          names: p.names,
          aliases: p.aliases,
          birth_dates: unique(p.birthDates),
          nationalities: unique(p.nationalities),
          gender: p.gender,
          identifiers: identifiersJson(p.identifiers),
          offences: unique(p.offences),
          ...moneyColumns(p.amount, p.conversion),
          case_references: p.caseReferences,
          fled_on: p.fledOn,
          fled_from: p.fledFrom,
          created_by: options.author,
          updated_by: options.author,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(ctx, { type: 'fugitives.person_created', version: 1, data: { fugitiveId: created.id } }, audit);
      summary.created += 1;
    } else {
      const fields = changedFields(match, incoming);
      if (fields.length === 0) summary.unchanged += 1;
      else {
        const has = (field: keyof PersonInput) => fields.includes(field);
        await ctx.trx
          .updateTable('fugitives')
          .set({
            ...(has('names') ? { names: p.names } : {}),
            ...(has('aliases') ? { aliases: p.aliases } : {}),
            ...(has('birthDates') ? { birth_dates: unique(p.birthDates) } : {}),
            ...(has('nationalities') ? { nationalities: unique(p.nationalities) } : {}),
            ...(has('gender') ? { gender: p.gender } : {}),
            ...(has('identifiers') ? { identifiers: identifiersJson(p.identifiers) } : {}),
            ...(has('offences') ? { offences: unique(p.offences) } : {}),
            ...(has('amount') || has('conversion') ? moneyColumns(p.amount, p.conversion) : {}),
            ...(has('caseReferences') ? { case_references: p.caseReferences } : {}),
            ...(has('fledOn') ? { fled_on: p.fledOn } : {}),
            ...(has('fledFrom') ? { fled_from: p.fledFrom } : {}),
            updated_at: ctx.now,
            updated_by: options.author,
          })
          .where('agency_id', '=', agencyId)
          .where('id', '=', match.id)
          .execute();
        await recordAudit(ctx, { type: 'fugitives.person_updated', version: 1, data: { fugitiveId: match.id, fields } }, audit);
        summary.updated += 1;
      }
    }
    done += 1;
    options.onProgress?.(done, persons.length);
  }
  await recordAudit(
    ctx,
    {
      type: 'fugitives.persons_imported',
      version: 1,
      data: { ...summary, sha256: crypto.createHash('sha256').update(content).digest('hex') },
    },
    audit,
  );
  return summary;
}
