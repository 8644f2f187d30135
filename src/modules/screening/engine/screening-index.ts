/**
 * The screening index: watchlist entries analysed once, an inverted index of their name keys (spellings, run-
 * together spellings, consonant skeletons) and a deletion neighbourhood of their spellings for typos, so that a
 * query is compared in full only with the few entries that share something distinctive with it.
 */
import { analyseName, type AnalysedName, type NameUnit } from './analyse.ts';
import { compareNames, explainComparison, type NameComparison } from './compare-names.ts';
import { prepareFacts, qualify, type Facts } from './qualifiers.ts';
import { editDistance } from './text.ts';
import type { FeatureExplanation, MatchOptions, MatchResult, NamePairScore, ScreeningQuery, WatchlistEntry } from './types.ts';

/** Score at or above which a result is a match. Chosen on the evaluation set and benchmark (docs/screening.md). */
export const DEFAULT_THRESHOLD = 0.72;
const DEFAULT_CUTOFF = 0.5;
/** Entries compared in full per query (more when entries tie with the last): issue 5 raised it from 12 (docs/benchmarks.md). */
const CANDIDATES = 24;
/** At most this many candidates in all when entries tie with the last of the best CANDIDATES. */
const TIED_CANDIDATES = 48;
/** Keys in more entries than this only add weight to entries found by rarer keys. */
const COMMON_KEY = 1500;
/** Sound and near-spelling keys in more entries than this only add weight too. */
const LOOSE_KEY = 300;
/** Candidates whose shared-key weight is below this share of the best candidate's are not compared in full. */
const CANDIDATE_RATIO = 0.35;
const MAX_HAN_FORMS = 8;
/** Names of one query that are matched (a person's name and aliases); further ones are ignored. */
const MAX_QUERY_NAMES = 20;

interface Slot {
  entry: WatchlistEntry;
  names: AnalysedName[];
  facts: Facts;
  alive: boolean;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

/** Index keys of one analysed name. */
function nameKeys(name: AnalysedName, keys: Set<string>, fuzzy: Set<string>): void {
  const units = name.units;
  for (const unit of units) {
    const forms = unit.source === 'han' ? unit.forms.slice(0, MAX_HAN_FORMS) : unit.forms;
    for (const form of forms) {
      keys.add(form);
      if (unit.source !== 'han' && form.length >= 4) fuzzy.add(form);
    }
    const space = unit.source === 'latin' ? '@' : '#';
    for (const skel of unit.skeletons) if (skel.length >= 2) keys.add(space + skel);
  }
  for (let i = 0; i + 1 < units.length; i++) {
    const left = units[i]!;
    const right = units[i + 1]!;
    const lf = left.source === 'han' ? left.forms.slice(0, 4) : left.forms.slice(0, 1);
    const rf = right.source === 'han' ? right.forms.slice(0, 4) : right.forms.slice(0, 1);
    for (const a of lf) for (const b of rf) keys.add(a + b);
  }
}

interface QueryKey {
  key: string;
  quality: number;
}

export class ScreeningIndex {
  readonly #slots: Slot[] = [];
  readonly #byId = new Map<string, number>();
  readonly #postings = new Map<string, number[]>();
  /** Deletion neighbourhood: a spelling with one letter removed → the indexed spellings it came from. */
  readonly #deletes = new Map<string, string[]>();
  #alive = 0;
  #scores = new Float64Array(1024);
  /** 1 for a slot whose entry is current, 0 for a replaced or removed one (checked without touching the slot). */
  #live = new Uint8Array(1024);
  /** The fewest and most units among each slot's names (capped at 255): ranks candidates that tie on shared keys. */
  #fewestUnits = new Uint8Array(1024);
  #mostUnits = new Uint8Array(1024);

  static build(entries: Iterable<WatchlistEntry>): ScreeningIndex {
    const index = new ScreeningIndex();
    for (const entry of entries) index.upsert(entry);
    return index;
  }

  get size(): number {
    return this.#alive;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  get(id: string): WatchlistEntry | undefined {
    const slot = this.#byId.get(id);
    return slot === undefined ? undefined : this.#slots[slot]!.entry;
  }

  /** Adds an entry, or replaces the entry with the same id (the old one stops matching at once). */
  upsert(entry: WatchlistEntry): void {
    this.remove(entry.id);
    const names = entry.names.filter((name) => name.trim() !== '').map((name) => analyseName(name, entry.schema));
    const slotNumber = this.#slots.length;
    this.#slots.push({ entry, names, facts: prepareFacts(entry), alive: true });
    if (this.#live.length <= slotNumber) {
      const grow = (array: Uint8Array) => {
        const grown = new Uint8Array(array.length * 2);
        grown.set(array);
        return grown;
      };
      this.#live = grow(this.#live);
      this.#fewestUnits = grow(this.#fewestUnits);
      this.#mostUnits = grow(this.#mostUnits);
    }
    this.#live[slotNumber] = 1;
    const counts = names.map((name) => Math.min(255, name.units.length));
    this.#fewestUnits[slotNumber] = counts.length > 0 ? Math.min(...counts) : 0;
    this.#mostUnits[slotNumber] = counts.length > 0 ? Math.max(...counts) : 0;
    this.#byId.set(entry.id, slotNumber);
    this.#alive++;
    const keys = new Set<string>();
    const fuzzy = new Set<string>();
    for (const name of names) nameKeys(name, keys, fuzzy);
    for (const key of keys) {
      let list = this.#postings.get(key);
      if (!list) {
        list = [];
        this.#postings.set(key, list);
        if (fuzzy.has(key)) {
          for (const deleted of deletions(key)) {
            const sources = this.#deletes.get(deleted);
            if (sources) sources.push(key);
            else this.#deletes.set(deleted, [key]);
          }
        }
      }
      list.push(slotNumber);
    }
  }

  /** Removes an entry; its postings are skipped from now on. */
  remove(id: string): boolean {
    const slot = this.#byId.get(id);
    if (slot === undefined) return false;
    this.#slots[slot]!.alive = false;
    this.#live[slot] = 0;
    this.#byId.delete(id);
    this.#alive--;
    return true;
  }

  #queryKeys(name: AnalysedName): QueryKey[] {
    const out = new Map<string, number>();
    const put = (key: string, quality: number): void => {
      if ((out.get(key) ?? 0) < quality) out.set(key, quality);
    };
    const units = name.units;
    for (const unit of units) {
      const forms = unit.source === 'han' ? unit.forms.slice(0, MAX_HAN_FORMS) : unit.forms;
      for (const form of forms) {
        put(form, 1);
        if (unit.source !== 'han' && form.length >= 4) this.#fuzzyKeys(form, put);
      }
      for (const skel of unit.skeletons) {
        if (skel.length < 2 || (unit.source === 'latin' && skel.length < 3)) continue;
        put(`#${skel}`, 0.7);
        if (unit.source !== 'latin') put(`@${skel}`, 0.7);
      }
    }
    for (let i = 0; i + 1 < units.length; i++) {
      const left = units[i]!;
      const right = units[i + 1]!;
      const lf = left.source === 'han' ? left.forms.slice(0, 4) : left.forms.slice(0, 1);
      const rf = right.source === 'han' ? right.forms.slice(0, 4) : right.forms.slice(0, 1);
      for (const a of lf) for (const b of rf) put(a + b, 1);
    }
    if (units.length >= 2) {
      // The family name written last (Wei Pan for 潘伟): the last unit and the first, as a pair in the other order.
      const last = units[units.length - 1]!;
      const first = units[0]!;
      const lf = last.source === 'han' ? last.forms.slice(0, 4) : last.forms.slice(0, 1);
      const ff = first.source === 'han' ? first.forms.slice(0, 4) : first.forms.slice(0, 1);
      for (const a of lf) for (const b of ff) put(a + b, 1);
    }
    return [...out].map(([key, quality]) => ({ key, quality }));
  }

  /** Indexed spellings one edit away from a query spelling. */
  #fuzzyKeys(form: string, put: (key: string, quality: number) => void): void {
    const near = new Set<string>();
    for (const source of this.#deletes.get(form) ?? []) near.add(source);
    for (const deleted of deletions(form)) {
      if (this.#postings.has(deleted) && deleted.length >= 4) near.add(deleted);
      for (const source of this.#deletes.get(deleted) ?? []) near.add(source);
    }
    near.delete(form);
    for (const candidate of near) if (editDistance(form, candidate, 1) <= 1) put(candidate, 0.8);
  }

  /** Entries most likely to match, by the summed rarity of the keys they share with the query. */
  #candidates(names: AnalysedName[]): number[] {
    if (this.#scores.length < this.#slots.length) this.#scores = new Float64Array(Math.max(this.#slots.length, this.#scores.length * 2));
    const scores = this.#scores;
    const live = this.#live;
    const touched: number[] = [];
    const total = Math.max(this.#alive, 1);
    const lookups: { list: number[]; weight: number; opens: boolean }[] = [];
    for (const name of names) {
      for (const { key, quality } of this.#queryKeys(name)) {
        const list = this.#postings.get(key);
        if (!list) continue;
        // A spelling opens candidates unless it is very common; a sound or a near spelling only when it is rare.
        const opens = quality >= 1 ? list.length <= COMMON_KEY : list.length <= LOOSE_KEY;
        lookups.push({ list, weight: quality * Math.log(1 + total / list.length), opens });
      }
    }
    // Rare keys first; other keys only add to entries found by the keys that open candidates.
    lookups.sort((x, y) => x.list.length - y.list.length);
    for (const { list, weight, opens } of lookups) {
      if (!opens && touched.length > 0) {
        for (const slot of list) if (scores[slot]! > 0) scores[slot]! += weight;
        continue;
      }
      for (const slot of list) {
        if (scores[slot] === 0) touched.push(slot);
        scores[slot]! += weight;
      }
    }
    // Keep the best CANDIDATES by accumulated weight (a small insertion-sorted buffer). Entries that share the same
    // keys tie: among them, those with as many units as the query come first (袁刚 before 袁刚明 for "Gang Yuan"),
    // by a small penalty per unit of difference that cannot outweigh a key shared or not.
    const queryUnits = Math.min(...names.map((name) => name.units.length));
    const fewest = this.#fewestUnits;
    const most = this.#mostUnits;
    const best: number[] = [];
    const bestScores: number[] = [];
    for (const slot of touched) {
      const shared = scores[slot]!;
      scores[slot] = 0;
      if (live[slot] === 0) continue;
      const difference = queryUnits < fewest[slot]! ? fewest[slot]! - queryUnits : queryUnits > most[slot]! ? queryUnits - most[slot]! : 0;
      const value = shared * (1 - 0.02 * Math.min(difference, 5));
      if (best.length === TIED_CANDIDATES && value <= bestScores[TIED_CANDIDATES - 1]!) continue;
      let position = best.length < TIED_CANDIDATES ? best.length : TIED_CANDIDATES - 1;
      while (position > 0 && bestScores[position - 1]! < value) {
        if (position < TIED_CANDIDATES) {
          best[position] = best[position - 1]!;
          bestScores[position] = bestScores[position - 1]!;
        }
        position--;
      }
      best[position] = slot;
      bestScores[position] = value;
    }
    // The best CANDIDATES, and those tied with the last of them (a dense list holds many names of the same keys).
    let kept = Math.min(best.length, CANDIDATES);
    const last = bestScores[kept - 1] ?? 0;
    while (kept < best.length && bestScores[kept]! >= last * (1 - 1e-9)) kept++;
    // Entries far behind the leader share only a light key with the query: not worth a full comparison.
    const floor = (bestScores[0] ?? 0) * CANDIDATE_RATIO;
    while (kept > 1 && bestScores[kept - 1]! < floor) kept--;
    return best.slice(0, kept);
  }

  match(query: ScreeningQuery, options: MatchOptions = {}): MatchResult[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const cutoff = options.cutoff ?? DEFAULT_CUTOFF;
    const limit = options.limit ?? 5;
    const names = query.names
      .filter((name) => name.trim() !== '')
      .slice(0, MAX_QUERY_NAMES)
      .map((name) => analyseName(name, query.schema));
    if (names.length === 0) return [];
    const queryFacts = prepareFacts(query);
    const scored: Scored[] = [];
    for (const slotNumber of this.#candidates(names)) {
      const slot = this.#slots[slotNumber]!;
      const result = scoreEntry(queryFacts, names, slot.entry, slot.names, slot.facts);
      if (result && result.score >= cutoff) scored.push(result);
    }
    scored.sort((x, y) => y.score - x.score || y.raw - x.raw || x.entry.id.localeCompare(y.entry.id));
    return scored.slice(0, limit).map((result) => toResult(result, threshold));
  }
}

interface Scored {
  score: number;
  /** The score before it is bounded to 0–1: ranks equal scores (an exact name with and without the same birth date). */
  raw: number;
  entry: WatchlistEntry;
  queryName: AnalysedName;
  entryName: AnalysedName;
  comparison: NameComparison;
  qualifiers: FeatureExplanation[];
}

/** Scores one query against one entry: the best pair of their names, then the qualifiers. */
function scoreEntry(
  queryFacts: Facts,
  queryNames: readonly AnalysedName[],
  entry: WatchlistEntry,
  entryNames: readonly AnalysedName[],
  entryFacts: Facts,
): Scored | null {
  let best: { queryName: AnalysedName; entryName: AnalysedName; comparison: NameComparison } | null = null;
  for (const queryName of queryNames) {
    for (const entryName of entryNames) {
      const comparison = compareNames(queryName, entryName);
      if (!best || comparison.score > best.comparison.score) best = { queryName, entryName, comparison };
    }
  }
  if (!best) return null;
  const qualifiers = qualify(queryFacts, entryFacts);
  let score = best.comparison.score;
  for (const qualifier of qualifiers) score += qualifier.effect;
  return { ...best, entry, qualifiers, raw: score, score: round(Math.max(0, Math.min(1, score))) };
}

/** A scored entry as a result, with its explanation. */
function toResult(scored: Scored, threshold: number): MatchResult {
  const { comparison } = scored;
  const explanations: FeatureExplanation[] = [
    {
      code: 'name_similarity',
      value: round(comparison.score),
      effect: round(comparison.score),
      detail: `name similarity ${scored.queryName.original} ↔ ${scored.entryName.original}`,
    },
    ...explainComparison(comparison).map((feature) => ({ ...feature, value: round(feature.value), effect: 0 })),
    ...scored.qualifiers.map((qualifier) => ({ ...qualifier, value: round(qualifier.value), effect: round(qualifier.effect) })),
  ];
  return {
    id: scored.entry.id,
    caption: scored.entry.names[0] ?? '',
    score: scored.score,
    match: scored.score >= threshold,
    matchedName: scored.entryName.original,
    queryName: scored.queryName.original,
    explanations,
  };
}

/** Scores two names alone (no other facts): the plain way to evaluate the engine on labelled pairs. */
export function scoreNamePair(name1: string, name2: string, threshold = DEFAULT_THRESHOLD): NamePairScore {
  const a = analyseName(name1);
  const b = analyseName(name2);
  const schema = a.company || b.company ? 'Company' : 'Person';
  const entry: WatchlistEntry = { id: 'pair', schema, names: [name2] };
  const scored = scoreEntry(prepareFacts({ schema }), [a], entry, [b], prepareFacts(entry));
  if (!scored) return { score: 0, match: false, explanations: [] };
  const result = toResult(scored, threshold);
  return { score: result.score, match: result.match, explanations: result.explanations };
}

export type { NameUnit };
