import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { ScreeningIndex } from '../../screening/engine/index.ts';
import { visibleToActor } from './visibility.ts';

/**
 * The name-search index of the persons an agency sees, kept in memory between searches (docs/fugitives.md,
 * "Search"). A search first asks the database for a fingerprint of the visible set — the count, and a sum of hashes
 * of each visible person's id, last change and indexed fields — read in the searcher's own transaction, so
 * row-level security decides what it covers. When the fingerprint matches the cached index's, the index answers at
 * once; otherwise the persons changed, added or no longer visible since are read (ids and stamps, then the names of
 * the changed ones) and applied in place. A change of visibility (a notice published or withdrawn) changes the
 * visible set, and a change of names changes the stamp, so the fingerprint moves with both.
 *
 * An index holds only names the agency's own transaction could read, and serves only that agency. Refreshes of one
 * agency's index run one at a time; a few agencies' indexes are kept (least recently used first out).
 */
const MAX_AGENCIES = 16;

interface CachedIndex {
  index: ScreeningIndex;
  fingerprint: string;
  /** Each indexed person's stamp (`rowStamp`). */
  stamps: Map<string, string>;
  /** Upserts since the index was built: replaced entries leave dead slots, so a busy index is rebuilt now and then. */
  churn: number;
}

/** What the index holds of a person, hashed: a change to any of it (or a new `updated_at`) gives a new stamp. */
const rowStamp = sql<string>`hashtextextended(concat_ws('|', updated_at::text, names::text, aliases::text, birth_dates::text,
  nationalities::text, gender), 0)::text`;

const cache = new Map<string, CachedIndex>();
const refreshing = new Map<string, Promise<unknown>>();

async function fingerprintOf(ctx: Ctx): Promise<string> {
  const row = await ctx.trx
    .selectFrom('fugitives')
    .select([
      sql<string>`count(*)::text`.as('n'),
      sql<string>`coalesce(sum(hashtextextended(id::text || ${rowStamp}, 0)::numeric), 0)::text`.as('h'),
    ])
    .where(visibleToActor(ctx))
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.h}`;
}

async function namesOf(ctx: Ctx, ids: readonly string[]) {
  const rows = [];
  for (let start = 0; start < ids.length; start += 5000) {
    rows.push(
      ...(await ctx.trx
        .selectFrom('fugitives')
        .select(['id', 'names', 'aliases', 'birth_dates', 'nationalities', 'gender'])
        .where(visibleToActor(ctx))
        .where('id', 'in', ids.slice(start, start + 5000))
        .execute()),
    );
  }
  return rows;
}

const entryOf = (row: Awaited<ReturnType<typeof namesOf>>[number]) => ({
  id: row.id,
  schema: 'Person' as const,
  names: [...row.names, ...row.aliases],
  birthDates: row.birth_dates,
  nationalities: row.nationalities,
  gender: row.gender,
});

async function refresh(ctx: Ctx, agencyId: string, fingerprint: string): Promise<CachedIndex> {
  const current = cache.get(agencyId);
  const visible = await ctx.trx
    .selectFrom('fugitives')
    .select(['id', rowStamp.as('stamp')])
    .where(visibleToActor(ctx))
    .execute();
  const rebuild = !current || current.churn > Math.max(1000, current.index.size);
  const stamps = new Map(visible.map((row) => [row.id, row.stamp]));
  const changed = visible.filter((row) => rebuild || current.stamps.get(row.id) !== row.stamp).map((row) => row.id);
  const rows = await namesOf(ctx, changed);
  // Synchronous from here on: no search sees a half-applied change.
  if (rebuild) {
    const entry: CachedIndex = { index: ScreeningIndex.build(rows.map(entryOf)), fingerprint, stamps, churn: 0 };
    cache.set(agencyId, entry);
    return entry;
  }
  for (const id of current.stamps.keys()) if (!stamps.has(id)) current.index.remove(id);
  for (const row of rows) current.index.upsert(entryOf(row));
  current.churn += rows.length;
  current.stamps = stamps;
  current.fingerprint = fingerprint;
  return current;
}

/** The search index of the persons the actor's agency sees, brought up to date first. */
export async function searchIndexFor(ctx: Ctx): Promise<ScreeningIndex> {
  const agencyId = ctx.actor.agencyId;
  // One refresh of an agency's index at a time: a later one waits, then finds the index already current.
  while (refreshing.has(agencyId)) await refreshing.get(agencyId)!.catch(() => undefined);
  const fingerprint = await fingerprintOf(ctx);
  let entry = cache.get(agencyId);
  if (entry?.fingerprint !== fingerprint) {
    while (refreshing.has(agencyId)) await refreshing.get(agencyId)!.catch(() => undefined);
    entry = cache.get(agencyId);
    if (entry?.fingerprint !== fingerprint) {
      const work = refresh(ctx, agencyId, fingerprint);
      refreshing.set(agencyId, work);
      try {
        entry = await work;
      } finally {
        refreshing.delete(agencyId);
      }
    }
  }
  // Least recently used out.
  cache.delete(agencyId);
  cache.set(agencyId, entry);
  for (const stale of cache.keys()) {
    if (cache.size <= MAX_AGENCIES) break;
    cache.delete(stale);
  }
  return entry.index;
}

/** Forgets every cached index (tests; a restore). */
export function clearSearchIndexes(): void {
  cache.clear();
}
