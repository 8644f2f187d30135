/**
 * Plain data of the name-matching engine. The engine has no database or HTTP inside: a caller builds a
 * `ScreeningIndex` from watchlist entries, keeps it up to date with `upsert`/`remove`, and asks `match`.
 */

export type EntitySchema = 'Person' | 'Company' | 'Organization' | 'LegalEntity';

/** One record of a watchlist, in FollowTheMoney terms. Names are kept exactly as given (original script). */
export interface WatchlistEntry {
  /** Stable id within the index (e.g. the watchlist entry's id). */
  id: string;
  schema: EntitySchema;
  /** All names and aliases in their original script; the first is the caption. */
  names: readonly string[];
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  birthDates?: readonly string[];
  /** ISO 3166-1 alpha-2 codes or country names in English; normalised by the engine. */
  nationalities?: readonly string[];
  gender?: 'male' | 'female' | 'other' | null;
  /** Passport, national id and similar numbers; compared after removing spaces and punctuation. */
  identifiers?: readonly string[];
}

/** A screening query: the same shape as an entry without the id. */
export type ScreeningQuery = Omit<WatchlistEntry, 'id'>;

/** Codes of the named features and qualifiers that make up a score. */
export type FeatureCode =
  | 'name_similarity'
  | 'name_literal'
  | 'name_token_set'
  | 'name_phonetic'
  | 'name_transliteration'
  | 'name_initials'
  | 'name_fuzzy'
  | 'name_unmatched'
  | 'name_order'
  | 'birth_date_exact'
  | 'birth_year'
  | 'birth_date_swap'
  | 'birth_date_mismatch'
  | 'nationality_match'
  | 'nationality_mismatch'
  | 'gender_mismatch'
  | 'identifier_match'
  | 'identifier_mismatch'
  | 'schema_mismatch';

/** One line of a score's explanation: which feature fired, its value 0–1, and its effect on the score. */
export interface FeatureExplanation {
  code: FeatureCode;
  /** Strength of the feature, 0–1 (for qualifiers 1 when it applies). */
  value: number;
  /** Signed contribution to the final score (name features: their share; qualifiers: the adjustment). */
  effect: number;
  /** Human-readable detail in English, e.g. "陈 ↔ Tan (Hokkien romanisation of 陈)". */
  detail: string;
}

export interface MatchResult {
  id: string;
  /** The entry's first name, in its original script. */
  caption: string;
  score: number;
  match: boolean;
  /** The entry's name that matched best (original script) and the query's name it matched. */
  matchedName: string;
  queryName: string;
  explanations: FeatureExplanation[];
}

export interface MatchOptions {
  /** Highest number of results (default 5). */
  limit?: number;
  /** Score at or above which `match` is true (default DEFAULT_THRESHOLD). */
  threshold?: number;
  /** Results with a score below this are not returned at all (default 0.5). */
  cutoff?: number;
}

export interface NamePairScore {
  score: number;
  match: boolean;
  explanations: FeatureExplanation[];
}
