/** Shapes of the screening API (src/modules/screening: its zod schemas; the match endpoint follows yente's). */

export const SCREENING_SCHEMAS = ['Person', 'Company'] as const;
export type ScreeningSchema = (typeof SCREENING_SCHEMAS)[number];

/** Codes of the named features and qualifiers that make up a score (src/modules/screening/engine/types.ts). */
export const FEATURE_CODES = [
  'name_similarity',
  'name_literal',
  'name_token_set',
  'name_phonetic',
  'name_transliteration',
  'name_initials',
  'name_fuzzy',
  'name_unmatched',
  'name_order',
  'birth_date_exact',
  'birth_year',
  'birth_date_swap',
  'birth_date_mismatch',
  'nationality_match',
  'nationality_mismatch',
  'gender_mismatch',
  'identifier_match',
  'identifier_mismatch',
  'schema_mismatch',
] as const;

export interface FeatureExplanation {
  code: string;
  /** Strength of the feature, 0–1. */
  value: number;
  /** Signed contribution to the score. */
  effect: number;
  /** Detail in English, naming the names or dates compared in their original script. */
  detail: string;
}

export interface MatchQuery {
  schema: ScreeningSchema;
  properties: {
    name: string[];
    birthDate?: string[];
    nationality?: string[];
    gender?: string[];
    passportNumber?: string[];
  };
}

export interface MatchRequest {
  queries: Record<string, MatchQuery>;
  limit?: number;
  threshold?: number;
}

export interface MatchResultItem {
  id: string;
  caption: string;
  schema: string;
  properties: Partial<Record<'name' | 'birthDate' | 'nationality' | 'gender', string[]>>;
  /** Ids of the watchlists the entry comes from. */
  datasets: string[];
  score: number;
  match: boolean;
  features: Record<string, number>;
  explanations: FeatureExplanation[];
  matchedName: string;
  queryName: string;
}

export interface MatchQueryResponse {
  status: number;
  results: MatchResultItem[];
  total: { value: number; relation: string };
}

export interface MatchResponse {
  responses: Record<string, MatchQueryResponse>;
  limit: number;
}

export const WATCHLIST_VISIBILITIES = ['agency', 'platform'] as const;
export type WatchlistVisibility = (typeof WATCHLIST_VISIBILITIES)[number];

export interface Watchlist {
  id: string;
  agencyId: string;
  name: string;
  description: string | null;
  visibility: WatchlistVisibility;
  /** Raised by every import or removal that changes entries. */
  revision: number;
  entryCount: number;
  createdAt: string;
  updatedAt: string;
  policies: { read: boolean; list: boolean; create: boolean; import: boolean; remove_entry: boolean; match: boolean };
}

/** One entry of a watchlist (src/modules/screening/watchlists/entries.ts); a removed entry stays on record. */
export interface WatchlistEntry {
  id: string;
  watchlistId: string;
  sourceId: string | null;
  schema: 'Person' | 'Company' | 'Organization' | 'LegalEntity';
  /** The first name, in its original script; `names` holds it and the aliases. */
  caption: string;
  names: string[];
  birthDates: string[];
  nationalities: string[];
  gender: 'male' | 'female' | 'other' | null;
  identifiers: string[];
  properties: Record<string, string[]>;
  fingerprint: string;
  revision: number;
  removed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WatchlistEntryList {
  items: WatchlistEntry[];
  total: number;
}

export type ImportFormat = 'csv' | 'ftm';
export type ImportMode = 'merge' | 'replace';

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** FollowTheMoney entities of other schemata (Sanction, Address …), not screened. */
  skipped: number;
  watchlist: Watchlist;
}

export type BatchStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface Batch {
  id: string;
  fileName: string;
  status: BatchStatus;
  /** Share of the rows screened, 0–1. */
  progress: number;
  rows: number;
  processed: number;
  /** Hits recorded, suppressed ones included. */
  hits: number;
  /** Hits recorded as suppressed by an earlier dismissal of the same pair. */
  suppressed: number;
  threshold: number;
  jobId: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  policies: { read: boolean; list: boolean; create: boolean };
}

export const isBatchActive = (batch: Pick<Batch, 'status'>): boolean => batch.status === 'queued' || batch.status === 'running';

export const HIT_STATUSES = ['open', 'confirmed', 'dismissed', 'suppressed'] as const;
export type HitStatus = (typeof HIT_STATUSES)[number];
export type HitDecision = 'confirmed' | 'dismissed';

export interface Hit {
  id: string;
  batchId: string;
  /** 1-based data row of the batch file, and the line of the file it is on. */
  rowNumber: number;
  line: number;
  status: HitStatus;
  score: number;
  /** The screened record's name that matched, and its first birth date. */
  queryName: string;
  queryBirthDate: string | null;
  watchlistId: string;
  watchlistName: string;
  /** The entry's first name, and the name of it that matched, in their original script. */
  caption: string;
  matchedName: string;
  explanations: FeatureExplanation[];
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  policies: { read: boolean; list: boolean; decide: boolean };
}

export interface HitList {
  items: Hit[];
  total: number;
}

/** The columns a batch file has, in this order. */
export const BATCH_CSV_HEADER = 'full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality';
