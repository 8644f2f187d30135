import crypto from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { stringifySpreadsheetCsv, type CsvCell } from '../../platform/csv-safe.ts';
import { DEFAULT_THRESHOLD } from '../../screening/engine/index.ts';
import { getCampaign } from '../campaigns/campaigns.ts';
import { deriveFigures, type DerivedFigures, type PersonFacts } from '../persons/facts.ts';
import { presentCase, visiblePersons } from '../persons/persons.ts';
import { searchIndexFor } from '../persons/search-index.ts';
import { fugitivePolicy } from '../policies.ts';
import { today } from '../schemas.ts';
import { personToFtm, type ExchangePerson } from './ftm.ts';

/**
 * Exports of the wanted persons an actor sees (docs/fugitives-exchange.md): FtM JSON lines, and CSV for spreadsheets,
 * of all of them or of those a name query finds (the search of `listPersons`, best first); and CSV of a campaign's
 * members the actor still sees, the others only counted. Every export is audited as `fugitives.persons_exported` with its format, count and the
 * SHA-256 of the query — never a name. Every CSV text cell is neutralised against formulas (platform/csv-safe.ts).
 */
export const exportQuery = z.object({
  q: z.string().trim().min(1).max(200).optional().describe('a name in any script or spelling, as for the list'),
});

type Visible = Awaited<ReturnType<typeof visiblePersons>>[number];
type Row = Visible['row'];

export interface ExportedPerson {
  person: ExchangePerson;
  figures: DerivedFigures;
  facts: PersonFacts;
}

export interface ExportOptions {
  /** The user recorded in the audit entry: the signed-in user, or null for the command line acting for its agency. */
  author: string | null;
}

const hashOf = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Persons in the order the list shows them: all the actor sees, latest changed first; or, for a query, those the
 * list's search finds (the agency's name-search index, persons/search-index.ts), best first, read again through the
 * visibility filter.
 */
async function search(ctx: Ctx, q: string | undefined): Promise<Visible[]> {
  if (!q) return visiblePersons(ctx);
  const index = await searchIndexFor(ctx);
  const results = index.match(
    { schema: 'Person', names: [q] },
    { limit: Math.max(1, index.size), threshold: DEFAULT_THRESHOLD, cutoff: DEFAULT_THRESHOLD },
  );
  const found = new Map(
    (
      await visiblePersons(
        ctx,
        results.map((result) => result.id),
      )
    ).map((person) => [person.row.id, person]),
  );
  return results.flatMap((result) => found.get(result.id) ?? []);
}

/** With the wanting agencies' short names (another agency's through `concord_agency_short_names`) and derived figures. */
async function enrich(ctx: Ctx, persons: Visible[]): Promise<ExportedPerson[]> {
  if (persons.length === 0) return [];
  const agencyIds = [...new Set(persons.map(({ row }) => row.agency_id))];
  const shortNames = new Map(
    (
      await sql<{ id: string; short_name: string }>`select id, short_name from concord_agency_short_names(${agencyIds}::uuid[])`.execute(
        ctx.trx,
      )
    ).rows.map((row) => [row.id, row.short_name]),
  );
  return persons.map(({ row, facts }) => ({
    person: exchangePerson(row, shortNames.get(row.agency_id) ?? null),
    figures: deriveFigures(ctx, row.fled_on, facts),
    facts,
  }));
}

function exchangePerson(row: Row, wantingAgency: string | null): ExchangePerson {
  return {
    id: row.id,
    ftmId: row.ftm_id,
    wantingAgency,
    ...presentCase(row),
  };
}

/** The persons the actor sees, or those a query finds, with what an export writes. */
export async function selectForExport(ctx: Ctx, q: string | undefined): Promise<ExportedPerson[]> {
  authorize(ctx.actor, fugitivePolicy, 'list');
  return enrich(ctx, await search(ctx, q));
}

/** FtM JSON lines, one Person entity per line, UTF-8, each line ending in a newline. */
export async function exportFtm(ctx: Ctx, query: z.infer<typeof exportQuery>, options: ExportOptions): Promise<string> {
  const persons = await selectForExport(ctx, query.q);
  await recordAudit(
    ctx,
    {
      type: 'fugitives.persons_exported',
      version: 1,
      data: { format: 'ftm', count: persons.length, queryHash: query.q ? hashOf(query.q) : null, campaignId: null, notVisible: null },
    },
    { actorUserId: options.author },
  );
  return persons.map(({ person }) => `${JSON.stringify(personToFtm(person))}\n`).join('');
}

export const CSV_COLUMNS = [
  'id',
  'caption',
  'names',
  'aliases',
  'birth_dates',
  'nationalities',
  'gender',
  'wanting_agency',
  'offences',
  'amount',
  'currency',
  'converted_amount',
  'converted_currency',
  'fled_on',
  'stage',
  'at_large',
  'returned_on',
  'returned_from',
  'returned_means',
  'days_on_the_run',
  'last_known_state',
  'last_known_city',
  'notice_references',
] as const;

const list = (values: readonly string[]): string => values.join('; ');

/** One CSV row per person; several values in a cell are separated by "; ". */
export function csvRow({ person, figures, facts }: ExportedPerson): CsvCell[] {
  const notices = facts.notices.flatMap((notice) => (notice.reference ? [`${notice.kind} ${notice.reference} (${notice.status})`] : []));
  return [
    person.id,
    person.names[0] ?? '',
    list(person.names),
    list(person.aliases),
    list(person.birthDates),
    list(person.nationalities),
    person.gender ?? '',
    person.wantingAgency ?? '',
    list(person.offences),
    person.amount?.value ?? '',
    person.amount?.currency ?? '',
    person.converted?.value ?? '',
    person.converted?.currency ?? '',
    person.fledOn ?? '',
    figures.stage,
    figures.atLarge,
    figures.returned?.on ?? '',
    figures.returned?.from ?? '',
    figures.returned?.means ?? '',
    figures.daysOnTheRun === null ? '' : String(figures.daysOnTheRun),
    figures.lastKnownLocation?.state ?? '',
    figures.lastKnownLocation?.city ?? '',
    list(notices),
  ];
}

export const personsCsv = (persons: readonly ExportedPerson[]): string =>
  stringifySpreadsheetCsv([[...CSV_COLUMNS], ...persons.map(csvRow)]);

/** The persons list as CSV (all the actor sees, or those `q` finds, in the list's order). */
export async function exportCsv(ctx: Ctx, query: z.infer<typeof exportQuery>, options: ExportOptions): Promise<string> {
  const persons = await selectForExport(ctx, query.q);
  await recordAudit(
    ctx,
    {
      type: 'fugitives.persons_exported',
      version: 1,
      data: { format: 'csv', count: persons.length, queryHash: query.q ? hashOf(query.q) : null, campaignId: null, notVisible: null },
    },
    { actorUserId: options.author },
  );
  return personsCsv(persons);
}

/**
 * A campaign's members as CSV, in the campaign's member order: those the actor sees now; the others (e.g. another
 * agency's person whose red notice was withdrawn) are only counted. Another agency's campaign is not found.
 */
export async function exportCampaignCsv(
  ctx: Ctx,
  campaignId: string,
  options: ExportOptions,
): Promise<{ csv: string; members: number; notVisible: number; fileName: string }> {
  const campaign = await getCampaign(ctx, campaignId);
  const visible = new Map((await visiblePersons(ctx, campaign.memberIds)).map((person) => [person.row.id, person]));
  const ordered = campaign.memberIds.flatMap((id) => visible.get(id) ?? []);
  const persons = await enrich(ctx, ordered);
  const notVisible = campaign.memberIds.length - persons.length;
  await recordAudit(
    ctx,
    {
      type: 'fugitives.persons_exported',
      version: 1,
      data: { format: 'csv', count: persons.length, queryHash: null, campaignId: campaign.id, notVisible },
    },
    { actorUserId: options.author },
  );
  return { csv: personsCsv(persons), members: persons.length, notVisible, fileName: `campaign-${campaign.id}-${today(ctx.now)}.csv` };
}
