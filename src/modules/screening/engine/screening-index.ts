// Provisional implementation: replaced by the indexed engine. Keeps the public signatures stable.
import anyAscii from 'any-ascii';
import type { MatchOptions, MatchResult, NamePairScore, ScreeningQuery, WatchlistEntry } from './types.ts';

export const DEFAULT_THRESHOLD = 0.7;

const simple = (name: string): string =>
  anyAscii(name).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').sort().join(' ');

export function scoreNamePair(a: string, b: string, threshold = DEFAULT_THRESHOLD): NamePairScore {
  const score = simple(a) === simple(b) ? 1 : 0;
  return { score, match: score >= threshold, explanations: [] };
}

export class ScreeningIndex {
  readonly #entries = new Map<string, WatchlistEntry>();

  static build(entries: Iterable<WatchlistEntry>): ScreeningIndex {
    const index = new ScreeningIndex();
    for (const entry of entries) index.upsert(entry);
    return index;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  upsert(entry: WatchlistEntry): void {
    this.#entries.set(entry.id, entry);
  }

  remove(id: string): boolean {
    return this.#entries.delete(id);
  }

  match(query: ScreeningQuery, options: MatchOptions = {}): MatchResult[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const results: MatchResult[] = [];
    for (const entry of this.#entries.values()) {
      for (const name of entry.names) {
        for (const queryName of query.names) {
          const { score, explanations } = scoreNamePair(queryName, name, threshold);
          if (score >= (options.cutoff ?? 0.5)) {
            results.push({ id: entry.id, caption: entry.names[0] ?? '', score, match: score >= threshold, matchedName: name, queryName, explanations });
          }
        }
      }
    }
    return results.sort((x, y) => y.score - x.score).slice(0, options.limit ?? 5);
  }
}
