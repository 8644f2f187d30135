import type { Database, Trx } from '../../db/database.ts';
import { ScreeningIndex, type MatchOptions, type MatchResult, type ScreeningQuery } from './engine/index.ts';
import { toWatchlistEntry } from './records.ts';

/**
 * One in-memory ScreeningIndex per watchlist, built on first use and then kept up to date incrementally: every change
 * of a watchlist's entries raises its revision and stamps the changed entries with it, so an index at revision r
 * catches up by applying just the entries with revision > r (upsert, or remove for a tombstone) — never by a rebuild.
 * A caller that read the list before another request moved its index on is served the newer index; only a watchlist
 * whose committed revision went backwards (a restored backup) is built again.
 *
 * The cache is shared by every request and job of the process. It is consulted only with a watchlist row that the
 * caller has just read in its own transaction, so row-level security has already decided that the caller may see the
 * list; entries are visible exactly when their list is, so whoever builds an index sees all of its entries.
 */
export interface IndexedWatchlist {
  agency_id: string;
  id: string;
  revision: string | number | bigint;
}

interface CachedIndex {
  index: ScreeningIndex;
  revision: bigint;
}

export interface IndexCacheStats {
  /** Indexes built from all of a watchlist's entries. */
  builds: number;
  /** Catch-ups that applied changed entries to a built index. */
  updates: number;
  /** Entries applied by those catch-ups. */
  entriesApplied: number;
}

const entryColumns = ['id', 'schema', 'names', 'birth_dates', 'nationalities', 'gender', 'identifiers', 'removed'] as const;

export class WatchlistIndexCache {
  readonly #cached = new Map<string, CachedIndex>();
  /** Catch-ups of one watchlist run one after another, so that its index moves forward in order. */
  readonly #pending = new Map<string, Promise<ScreeningIndex>>();
  readonly stats: IndexCacheStats = { builds: 0, updates: 0, entriesApplied: 0 };

  /** The watchlist's index at the revision the caller read (or later). */
  indexFor(trx: Trx, watchlist: IndexedWatchlist): Promise<ScreeningIndex> {
    const previous = this.#pending.get(watchlist.id);
    const next = (previous ? previous.catch(() => undefined) : Promise.resolve(undefined)).then(() => this.#catchUp(trx, watchlist));
    this.#pending.set(watchlist.id, next);
    void next
      .finally(() => {
        if (this.#pending.get(watchlist.id) === next) this.#pending.delete(watchlist.id);
      })
      .catch(() => undefined);
    return next;
  }

  /** The revision the cached index of a watchlist is at, if it has been built. */
  cachedRevision(watchlistId: string): bigint | undefined {
    return this.#cached.get(watchlistId)?.revision;
  }

  async #catchUp(trx: Trx, watchlist: IndexedWatchlist): Promise<ScreeningIndex> {
    const target = BigInt(watchlist.revision);
    const cached = this.#cached.get(watchlist.id);
    if (cached?.revision === target) return cached.index;
    if (cached && cached.revision > target) {
      // The caller read the list before another request moved its index on. A newer index only knows more recent
      // entries, so it serves; only a revision that really went backwards (a restored backup) is built again.
      const latest = await trx.selectFrom('screening_watchlists').select('revision').where('id', '=', watchlist.id).executeTakeFirst();
      if (latest && BigInt(latest.revision) >= cached.revision) return cached.index;
    }
    if (!cached || cached.revision > target) {
      const rows = await trx
        .selectFrom('screening_entries')
        .select(entryColumns)
        .where('agency_id', '=', watchlist.agency_id)
        .where('watchlist_id', '=', watchlist.id)
        .where('removed', '=', false)
        .where('revision', '<=', String(target))
        .execute();
      const index = ScreeningIndex.build(rows.map(toWatchlistEntry));
      this.#cached.set(watchlist.id, { index, revision: target });
      this.stats.builds += 1;
      return index;
    }
    const changed = await trx
      .selectFrom('screening_entries')
      .select(entryColumns)
      .where('agency_id', '=', watchlist.agency_id)
      .where('watchlist_id', '=', watchlist.id)
      .where('revision', '>', String(cached.revision))
      .where('revision', '<=', String(target))
      .orderBy('revision')
      .execute();
    for (const row of changed) {
      if (row.removed) cached.index.remove(row.id);
      else cached.index.upsert(toWatchlistEntry(row));
    }
    cached.revision = target;
    this.stats.updates += 1;
    this.stats.entriesApplied += changed.length;
    return cached.index;
  }
}

const caches = new WeakMap<Database, WatchlistIndexCache>();

/** The index cache of one database (a process normally has one; tests have one per test database). */
export function watchlistIndexes(db: Database): WatchlistIndexCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new WatchlistIndexCache();
    caches.set(db, cache);
  }
  return cache;
}

/** A result of matching across several watchlists: the engine's result and the list it came from. */
export interface WatchlistMatch extends MatchResult {
  watchlistId: string;
}

/**
 * Matches one query against each index and merges the results by score (highest first; equal scores by watchlist
 * and entry id, so the order is stable), keeping each entry once (its best result) and `limit` results in all.
 */
export function matchAcross(
  indexes: readonly { watchlistId: string; index: ScreeningIndex }[],
  query: ScreeningQuery,
  options: Required<Pick<MatchOptions, 'limit' | 'threshold'>> & Pick<MatchOptions, 'cutoff'>,
): WatchlistMatch[] {
  const best = new Map<string, WatchlistMatch>();
  for (const { watchlistId, index } of indexes) {
    for (const result of index.match(query, options)) {
      const key = `${watchlistId}/${result.id}`;
      const known = best.get(key);
      if (!known || result.score > known.score) best.set(key, { ...result, watchlistId });
    }
  }
  const merged = [...best.values()];
  merged.sort((a, b) => b.score - a.score || a.watchlistId.localeCompare(b.watchlistId) || a.id.localeCompare(b.id));
  return merged.slice(0, options.limit);
}
