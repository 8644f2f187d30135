import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { ScreeningWatchlistsTable } from '../../../db/schema.ts';
import { notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { authorize, presentPolicies } from '../../platform/policy.ts';
import { watchlistPolicy } from '../policies.ts';
import { iso, recordStamps } from '../schemas.ts';

/** Watchlists: named lists of persons and companies to screen against, owned by an agency, shared or not. */
export type WatchlistRow = Selectable<ScreeningWatchlistsTable>;

export const watchlistColumns = [
  'agency_id',
  'id',
  'name',
  'description',
  'visibility',
  'revision',
  'entry_count',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const;

export const watchlistSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  visibility: z.enum(['agency', 'platform']),
  /** Raised by every import or removal that changes entries. */
  revision: z.number().int(),
  /** Entries that are not removed. */
  entryCount: z.number().int(),
  ...recordStamps,
  policies: z.object({
    read: z.boolean(),
    list: z.boolean(),
    create: z.boolean(),
    import: z.boolean(),
    remove_entry: z.boolean(),
    match: z.boolean(),
  }),
});
export type Watchlist = z.infer<typeof watchlistSchema>;

export const createWatchlistInput = z.object({
  name: z.string().trim().min(3).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  visibility: z
    .enum(['agency', 'platform'])
    .default('agency')
    .describe('platform: every agency screens against it (platform administrators only)'),
});

export function presentWatchlist(actor: Actor, row: WatchlistRow): Watchlist {
  return {
    id: row.id,
    agencyId: row.agency_id,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    revision: Number(row.revision),
    entryCount: row.entry_count,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
    policies: presentPolicies(actor, watchlistPolicy, row),
  };
}

/** The watchlists the actor's agency may screen against: its own and the platform-visible ones. */
export function visibleWatchlistsQuery(ctx: Pick<Ctx, 'trx'>, agencyId: string) {
  return ctx.trx
    .selectFrom('screening_watchlists')
    .select(watchlistColumns)
    .where((eb) => eb.or([eb('agency_id', '=', agencyId), eb('visibility', '=', 'platform')]));
}

export async function listWatchlists(ctx: Ctx): Promise<Watchlist[]> {
  authorize(ctx.actor, watchlistPolicy, 'list');
  const rows = await visibleWatchlistsQuery(ctx, ctx.actor.agencyId).orderBy('name').orderBy('id').execute();
  return rows.map((row) => presentWatchlist(ctx.actor, row));
}

/** A watchlist the actor may read (else not found, whether or not it exists). */
export async function findWatchlist(ctx: Ctx, id: string): Promise<WatchlistRow> {
  const row = await ctx.trx.selectFrom('screening_watchlists').select(watchlistColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Watchlist');
  authorize(ctx.actor, watchlistPolicy, 'read', row);
  return row;
}

/**
 * Locks a watchlist the actor has been authorised to change and reads its current revision: changes of one list's
 * entries are serialised, so revisions are handed out in commit order.
 */
export async function lockWatchlist(ctx: Pick<Ctx, 'trx'>, row: Pick<WatchlistRow, 'agency_id' | 'id'>): Promise<WatchlistRow> {
  const locked = await ctx.trx
    .selectFrom('screening_watchlists')
    .select(watchlistColumns)
    .where('agency_id', '=', row.agency_id)
    .where('id', '=', row.id)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) throw notFound('Watchlist');
  return locked;
}

export async function getWatchlist(ctx: Ctx, id: string): Promise<Watchlist> {
  return presentWatchlist(ctx.actor, await findWatchlist(ctx, id));
}

export async function createWatchlist(ctx: Ctx, input: z.infer<typeof createWatchlistInput>): Promise<Watchlist> {
  authorize(ctx.actor, watchlistPolicy, 'create', { agency_id: ctx.actor.agencyId, visibility: input.visibility });
  const row = await ctx.trx
    .insertInto('screening_watchlists')
    .values({
      agency_id: ctx.actor.agencyId,
      name: input.name,
      description: input.description ?? null,
      visibility: input.visibility,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning(watchlistColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    type: 'screening.watchlist_created',
    version: 1,
    data: { watchlistId: row.id, name: row.name, visibility: row.visibility },
  });
  return presentWatchlist(ctx.actor, row);
}
