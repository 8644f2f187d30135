import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { ScreeningEntriesTable } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { watchlistPolicy } from '../policies.ts';
import { iso, pageQuery } from '../schemas.ts';
import { bumpRevision } from './import-watchlist.ts';
import { findWatchlist, lockWatchlist } from './watchlists.ts';

/** The entries of one watchlist: listed and searched by name, removed one by one (a tombstone, not a DELETE). */
type EntryRow = Pick<Selectable<ScreeningEntriesTable>, (typeof entryColumns)[number]>;

export const entryColumns = [
  'agency_id',
  'id',
  'watchlist_id',
  'source_id',
  'schema',
  'names',
  'birth_dates',
  'nationalities',
  'gender',
  'identifiers',
  'properties',
  'fingerprint',
  'revision',
  'removed',
  'created_at',
  'updated_at',
] as const;

export const entrySchema = z.object({
  id: z.uuid(),
  watchlistId: z.uuid(),
  sourceId: z.string().nullable(),
  schema: z.enum(['Person', 'Company', 'Organization', 'LegalEntity']),
  /** The first name, in its original script. */
  caption: z.string(),
  names: z.array(z.string()),
  birthDates: z.array(z.string()),
  nationalities: z.array(z.string()),
  gender: z.enum(['male', 'female', 'other']).nullable(),
  identifiers: z.array(z.string()),
  /** The FollowTheMoney properties as imported. */
  properties: z.record(z.string(), z.array(z.string())),
  fingerprint: z.string(),
  revision: z.number().int(),
  removed: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Entry = z.infer<typeof entrySchema>;

export const listEntriesQuery = z.object({
  q: z.string().trim().max(200).optional().describe('part of any name (case-insensitive)'),
  includeRemoved: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('also list removed entries'),
  ...pageQuery,
});

export const entryListSchema = z.object({ items: z.array(entrySchema), total: z.number().int() });

export function presentEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    watchlistId: row.watchlist_id,
    sourceId: row.source_id,
    schema: row.schema,
    caption: row.names[0] ?? '',
    names: row.names,
    birthDates: row.birth_dates,
    nationalities: row.nationalities,
    gender: row.gender,
    identifiers: row.identifiers,
    properties: row.properties,
    fingerprint: row.fingerprint,
    revision: Number(row.revision),
    removed: row.removed,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function listEntries(
  ctx: Ctx,
  watchlistId: string,
  query: z.infer<typeof listEntriesQuery>,
): Promise<z.infer<typeof entryListSchema>> {
  const watchlist = await findWatchlist(ctx, watchlistId);
  let select = ctx.trx
    .selectFrom('screening_entries')
    .where('agency_id', '=', watchlist.agency_id)
    .where('watchlist_id', '=', watchlist.id);
  if (!query.includeRemoved) select = select.where('removed', '=', false);
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, '\\$&')}%`;
    select = select.where(sql<boolean>`exists (select 1 from unnest(names) as n where n ilike ${pattern})`);
  }
  const total = await select.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await select
    .select(entryColumns)
    .orderBy(sql`names[1]`)
    .orderBy('id')
    .offset(query.offset)
    .limit(query.limit)
    .execute();
  await recordAudit(ctx, {
    type: 'screening.entries_listed',
    version: 1,
    data: { watchlistId: watchlist.id, count: rows.length, filtered: Boolean(query.q) },
  });
  return { items: rows.map(presentEntry), total: Number(total.n) };
}

/** Removes an entry from its watchlist: a tombstone with the watchlist's next revision, so indexes drop it. */
export async function removeEntry(ctx: Ctx, watchlistId: string, entryId: string): Promise<Entry> {
  const watchlist = await findWatchlist(ctx, watchlistId);
  authorize(ctx.actor, watchlistPolicy, 'remove_entry', watchlist);
  const locked = await lockWatchlist(ctx, watchlist);
  const entry = await ctx.trx
    .selectFrom('screening_entries')
    .select(['id', 'removed'])
    .where('agency_id', '=', locked.agency_id)
    .where('watchlist_id', '=', locked.id)
    .where('id', '=', entryId)
    .executeTakeFirst();
  if (!entry) throw notFound('Watchlist entry');
  if (entry.removed) throw new AppError('CONFLICT', 'This entry has already been removed');
  const revision = (BigInt(locked.revision) + 1n).toString();
  const stamps = { updated_at: ctx.now, updated_by: ctx.actor.userId };
  const row = await ctx.trx
    .updateTable('screening_entries')
    .set({ removed: true, revision, ...stamps })
    .where('agency_id', '=', locked.agency_id)
    .where('id', '=', entryId)
    .returning(entryColumns)
    .executeTakeFirstOrThrow();
  await bumpRevision(ctx.trx, locked, revision, stamps);
  await recordAudit(ctx, { type: 'screening.entry_removed', version: 1, data: { watchlistId: locked.id, entryId, revision } });
  return presentEntry(row);
}
