import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { ScreeningIndex } from '../../screening/engine/index.ts';
import { visibleToActor } from './visibility.ts';

/**
 * The name-search index of the persons an agency sees, kept in memory between searches (docs/fugitives.md,
 * "Search"). A search first reads the search revision (migration 0010: one counter that every statement able to
 * change a person's indexed fields or who sees a person moves). While it has not moved since the agency's index was
 * brought up to date, the index is current and answers at once. When it has, the persons visible now are listed
 * with a stamp of their indexed fields, read in the searcher's own transaction (so row-level security decides what
 * the index covers), and the persons added, changed or no longer visible are applied in place. The revision is read
 * before the list, so a change committed in between is caught by the next search.
 *
 * An index holds only names the agency's own transaction could read, and serves only that agency. Refreshes of one
 * agency's index run one at a time; a few agencies' indexes are kept (least recently used first out).
 */
const MAX_AGENCIES = 16;

interface CachedIndex {
  index: ScreeningIndex;
  /** The search revision the index was brought up to date at. */
  revision: string;
  /** Each indexed person's stamp (`rowStamp`). */
  stamps: Map<string, string>;
  /** Upserts since the index was built: replaced entries leave dead slots, so a busy index is rebuilt now and then. */
  churn: number;
}

/** What the index holds of a person, hashed: a change to any of it gives a new stamp. */
const rowStamp = sql<string>`hashtextextended(concat_ws('|', names::text, aliases::text, birth_dates::text, nationalities::text,
  gender), 0)::text`;

const cache = new Map<string, CachedIndex>();
const refreshing = new Map<string, Promise<unknown>>();

async function revisionNow(ctx: Ctx): Promise<string> {
  const row = await ctx.trx.selectFrom('fugitive_search_revision').select('revision').executeTakeFirstOrThrow();
  return String(row.revision);
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

async function refresh(ctx: Ctx, agencyId: string, revision: string): Promise<CachedIndex> {
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
    const entry: CachedIndex = { index: ScreeningIndex.build(rows.map(entryOf)), revision, stamps, churn: 0 };
    cache.set(agencyId, entry);
    return entry;
  }
  for (const id of current.stamps.keys()) if (!stamps.has(id)) current.index.remove(id);
  for (const row of rows) current.index.upsert(entryOf(row));
  current.churn += rows.length;
  current.stamps = stamps;
  current.revision = revision;
  return current;
}

/** The search index of the persons the actor's agency sees, brought up to date first. */
export async function searchIndexFor(ctx: Ctx): Promise<ScreeningIndex> {
  const agencyId = ctx.actor.agencyId;
  // One refresh of an agency's index at a time: a later one waits, then finds the index already current.
  while (refreshing.has(agencyId)) await refreshing.get(agencyId)!.catch(() => undefined);
  const revision = await revisionNow(ctx);
  let entry = cache.get(agencyId);
  if (entry?.revision !== revision) {
    while (refreshing.has(agencyId)) await refreshing.get(agencyId)!.catch(() => undefined);
    entry = cache.get(agencyId);
    if (entry?.revision !== revision) {
      const work = refresh(ctx, agencyId, revision);
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
