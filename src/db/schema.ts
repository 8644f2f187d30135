import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables that migrations create. Keep in step with src/db/migrations/*.sql. */
/** A timestamp with a database default: optional on insert. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
/**
 * A bigint column. node-postgres returns it as a string (see database.ts); PGlite as a number, or a bigint beyond
 * 2^53. Read it through String() or BigInt().
 */
type Int8<U = never> = ColumnType<string | number | bigint, string | bigint, U>;

export type Role =
  'viewer' | 'analyst' | 'investigator' | 'liaison_officer' | 'approver' | 'legal_officer' | 'agency_admin' | 'platform_admin';

export const roles: readonly Role[] = [
  'viewer',
  'analyst',
  'investigator',
  'liaison_officer',
  'approver',
  'legal_officer',
  'agency_admin',
  'platform_admin',
];

export interface AgenciesTable {
  id: Generated<string>;
  name: string;
  short_name: string;
  state: string;
  active: Generated<boolean>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface UsersTable {
  agency_id: string;
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  active: Generated<boolean>;
  locale: Generated<string>;
  mfa_enabled: Generated<boolean>;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  /** The TOTP time step of the last accepted code (migration 0012): a code is accepted only for a later step. */
  mfa_last_step: ColumnType<string | number | bigint, string | bigint | undefined, string | bigint>;
  last_login_at: Timestamp | null;
  password_changed_at: DefaultedTimestamp;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

/**
 * Failed sign-ins counted per account and source, and per account from every source (migration 0012). Keys are
 * SHA-256 hashes; `source_key` is empty for the per-account row. System scope only.
 */
export interface LoginThrottleTable {
  account_key: Buffer;
  source_key: Buffer;
  failures: number;
  delayed_until: Timestamp | null;
  updated_at: Timestamp;
}

export type SessionStage = 'active' | 'mfa_pending' | 'mfa_enrol';

export interface SessionsTable {
  agency_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: Buffer;
  stage: SessionStage;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface MfaRecoveryCodesTable {
  agency_id: string;
  user_id: string;
  code_hash: Buffer;
  created_at: DefaultedTimestamp;
  used_at: Timestamp | null;
}

export interface PlatformSettingsTable {
  key: string;
  value: Json;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface AuditLogTable {
  seq: Int8;
  occurred_at: Timestamp;
  agency_id: string | null;
  actor_user_id: string | null;
  request_id: string | null;
  event_type: string;
  event_version: number;
  data: Json<Record<string, unknown>>;
  prev_hash: string;
  entry_hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: Int8<string | bigint>;
  entry_hash: string;
  /** The newest checkpoint's seq (0 before the first) and its `every` (null for a version 1 checkpoint or none). */
  checkpoint_seq: ColumnType<string | number | bigint, string | bigint | undefined, string | bigint>;
  checkpoint_every: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Version 1 rows (before migration 0011) have only seq, entry_hash, key_id and signature; version 2 rows all. */
export interface AuditCheckpointsTable {
  seq: Int8;
  entry_hash: string;
  created_at: DefaultedTimestamp;
  key_id: string;
  signature: string;
  version: number;
  prev_seq: ColumnType<string | number | bigint | null, string | bigint | null | undefined, never>;
  /** The 32-byte hashes of entries prev_seq + 1 .. seq, concatenated. */
  entry_hashes: ColumnType<Buffer | null, Buffer | null | undefined, never>;
  every: ColumnType<number | null, number | null | undefined, never>;
  signed_at: ColumnType<Date | null, Date | string | null | undefined, never>;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobsTable {
  agency_id: string;
  id: Generated<string>;
  type: string;
  status: JobStatus;
  progress: Generated<number>;
  message: string | null;
  payload: Json<Record<string, unknown>>;
  result: Json | null;
  error: string | null;
  cancel_requested: Generated<boolean>;
  created_by: string;
  created_at: DefaultedTimestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
}

export interface LegalStatesTable {
  code: string;
  name: string;
  name_zh: string | null;
  languages: string[];
  extradites_nationals: Generated<boolean>;
  reciprocity: Generated<boolean>;
  death_penalty: Generated<boolean>;
  notes: string | null;
  demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface LegalAuthoritiesTable {
  id: Generated<string>;
  state: string;
  kind: 'anti_corruption' | 'central_mla' | 'central_extradition' | 'asset_recovery';
  name: string;
  agency_id: string | null;
  contact: string | null;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface LegalInstrumentsTable {
  id: Generated<string>;
  kind: string;
  title: string;
  short_title: string;
  parties: string[];
  coverage: string[];
  offences: Json;
  conditions: Json;
  languages: string[];
  central_authority: string | null;
  articles: Json;
  text_reference: string | null;
  demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface LegalInstrumentStatusTable {
  instrument_id: string;
  status: string;
  /** A date column: returned as a Date at UTC midnight by both drivers; written as 'YYYY-MM-DD'. */
  effective_on: ColumnType<Date | string, string, string>;
  note: string | null;
  recorded_at: DefaultedTimestamp;
  recorded_by: string | null;
}

export interface LegalDeclarationsTable {
  id: Generated<string>;
  instrument_id: string;
  state: string;
  kind: string;
  article: string;
  value: Json;
  text: string | null;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface DB {
  agencies: AgenciesTable;
  users: UsersTable;
  sessions: SessionsTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  platform_settings: PlatformSettingsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
  jobs: JobsTable;
  login_throttle: LoginThrottleTable;
  legal_states: LegalStatesTable;
  legal_authorities: LegalAuthoritiesTable;
  legal_instruments: LegalInstrumentsTable;
  legal_instrument_status: LegalInstrumentStatusTable;
  legal_declarations: LegalDeclarationsTable;
  cooperation_events: CooperationEventsTable;
  training_programmes: TrainingProgrammesTable;
  training_sessions: TrainingSessionsTable;
  training_participants: TrainingParticipantsTable;
  technical_support: TechnicalSupportTable;
  joint_operations: JointOperationsTable;
  screening_watchlists: ScreeningWatchlistsTable;
  screening_entries: ScreeningEntriesTable;
  screening_batches: ScreeningBatchesTable;
  screening_hits: ScreeningHitsTable;
  screening_suppressions: ScreeningSuppressionsTable;
  fugitives: FugitivesTable;
  fugitive_notes: FugitiveNotesTable;
  fugitive_photos: FugitivePhotosTable;
  fugitive_notices: FugitiveNoticesTable;
  fugitive_notice_events: FugitiveNoticeEventsTable;
  fugitive_sightings: FugitiveSightingsTable;
  fugitive_return_steps: FugitiveReturnStepsTable;
  fugitive_step_retractions: FugitiveStepRetractionsTable;
  fugitive_search_revision: { singleton: Generated<boolean>; revision: Int8 };
  fugitive_campaigns: FugitiveCampaignsTable;
  fugitive_campaign_members: FugitiveCampaignMembersTable;
  interpol_snapshots: InterpolSnapshotsTable;
}

/**
 * Cooperation (migration 0004). Date columns are calendar dates: the module selects them as `column::text`, so that
 * drivers do not turn them into timezone-dependent Date objects. Numeric columns are exact decimals, read and written
 * as strings, never JS numbers.
 */
type CalendarDateText = ColumnType<string, string, string>;
type DecimalText = ColumnType<string, string, string>;

export type CooperationEventKind = 'workshop' | 'high_level_meeting' | 'conference';
export type CooperationEventStatus = 'planned' | 'held' | 'cancelled';
export type TrainingTopic =
  | 'cross_border_bribery'
  | 'fugitive_tracking'
  | 'asset_recovery'
  | 'financial_investigation'
  | 'mla_drafting'
  | 'procurement_integrity'
  | 'digital_evidence'
  | 'money_laundering_typologies';
export type TechnicalSupportKind = 'equipment' | 'facility' | 'expert_mission' | 'software' | 'other';
export type JointOperationStatus = 'planned' | 'active' | 'closed';

export interface CooperationEventsTable {
  agency_id: string;
  id: Generated<string>;
  kind: CooperationEventKind;
  title: string;
  city: string;
  country: string;
  starts_on: CalendarDateText;
  ends_on: CalendarDateText;
  participant_agency_ids: ColumnType<string[], string[] | undefined, string[]>;
  outcomes: string | null;
  status: ColumnType<CooperationEventStatus, CooperationEventStatus | undefined, CooperationEventStatus>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface TrainingProgrammesTable {
  agency_id: string;
  id: Generated<string>;
  title: string;
  topics: TrainingTopic[];
  host_state: string;
  year: number;
  description: string | null;
  cancelled: Generated<boolean>;
  /** Kept by a trigger from the participation lines; never written by the application. */
  participant_agency_ids: ColumnType<string[], never, never>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface TrainingSessionsTable {
  agency_id: string;
  id: Generated<string>;
  programme_id: string;
  starts_on: CalendarDateText;
  ends_on: CalendarDateText;
  city: string;
  country: string;
  hours: DecimalText;
  cancelled: Generated<boolean>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface TrainingParticipantsTable {
  agency_id: string;
  id: Generated<string>;
  programme_id: string;
  session_id: string;
  participant_agency_id: string | null;
  state: string;
  participants: number;
  hours: DecimalText;
  withdrawn: Generated<boolean>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface TechnicalSupportTable {
  agency_id: string;
  id: Generated<string>;
  recipient_agency_id: string;
  kind: TechnicalSupportKind;
  description: string;
  value: DecimalText;
  currency: string;
  delivered_on: CalendarDateText;
  cancelled: Generated<boolean>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface JointOperationsTable {
  agency_id: string;
  id: Generated<string>;
  name: string;
  status: ColumnType<JointOperationStatus, JointOperationStatus | undefined, JointOperationStatus>;
  participant_agency_ids: ColumnType<string[], string[] | undefined, string[]>;
  objectives: string | null;
  starts_on: CalendarDateText;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

/**
 * Screening (migration 0005). Revisions are bigints (see Int8 above). The jsonb columns are written as JSON text and
 * read back parsed.
 */
export type WatchlistVisibility = 'agency' | 'platform';
export type ScreeningSchema = 'Person' | 'Company' | 'Organization' | 'LegalEntity';
export type ScreeningGender = 'male' | 'female' | 'other';
export type ScreeningBatchStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type ScreeningHitStatus = 'open' | 'confirmed' | 'dismissed' | 'suppressed';

export interface ScreeningWatchlistsTable {
  agency_id: string;
  id: Generated<string>;
  name: string;
  description: string | null;
  visibility: ColumnType<WatchlistVisibility, WatchlistVisibility | undefined, WatchlistVisibility>;
  revision: ColumnType<string | number | bigint, string | bigint | undefined, string | bigint>;
  entry_count: ColumnType<number, number | undefined, number>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface ScreeningEntriesTable {
  agency_id: string;
  id: Generated<string>;
  watchlist_id: string;
  source_id: string | null;
  schema: ScreeningSchema;
  names: string[];
  birth_dates: string[];
  nationalities: string[];
  gender: ScreeningGender | null;
  identifiers: string[];
  properties: Json<Record<string, string[]>>;
  fingerprint: string;
  revision: Int8<string | bigint>;
  removed: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface ScreeningBatchesTable {
  agency_id: string;
  id: Generated<string>;
  file_name: string;
  content: string;
  threshold: number;
  watchlist_ids: string[] | null;
  job_id: string | null;
  status: ColumnType<ScreeningBatchStatus, ScreeningBatchStatus | undefined, ScreeningBatchStatus>;
  row_count: number;
  processed: ColumnType<number, number | undefined, number>;
  hit_count: ColumnType<number, number | undefined, number>;
  suppressed_count: ColumnType<number, number | undefined, number>;
  error: string | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface ScreeningHitsTable {
  agency_id: string;
  id: Generated<string>;
  batch_id: string;
  row_number: number;
  line: number;
  query: Json<Record<string, unknown>>;
  query_fingerprint: string;
  watchlist_id: string;
  entry_id: string;
  entry_fingerprint: string;
  entry: Json<Record<string, unknown>>;
  score: number;
  matched_name: string;
  query_name: string;
  explanations: Json<unknown[]>;
  status: ScreeningHitStatus;
  suppression_id: string | null;
  reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ScreeningSuppressionsTable {
  agency_id: string;
  id: Generated<string>;
  query_fingerprint: string;
  entry_id: string;
  entry_fingerprint: string;
  hit_id: string;
  reason: string;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  lifted_at: Timestamp | null;
  lifted_by: string | null;
  lifted_by_hit_id: string | null;
}

/**
 * Fugitives (migration 0006). Date columns are calendar dates and numeric columns exact decimals: the module selects
 * them as `column::text` (see the cooperation note above). jsonb is written as JSON text and read back parsed.
 */
export type FugitiveGender = 'male' | 'female' | 'other';
export type FugitiveOffence = 'embezzlement' | 'bribery' | 'abuse_of_office' | 'money_laundering' | 'fraud' | 'other';
export type FugitiveIdentifierType = 'passport' | 'national_id' | 'other';
export interface FugitiveIdentifier {
  type: FugitiveIdentifierType;
  number: string;
  country: string | null;
}
export type FugitiveNoticeKind = 'red' | 'yellow' | 'silver' | 'diffusion';
export type FugitiveNoticeStatus = 'requested' | 'published' | 'withdrawn' | 'cancelled' | 'no_longer_public';
export type FugitiveConfidence = 'low' | 'medium' | 'high';
export type FugitiveStepKind =
  | 'located'
  | 'provisional_arrest'
  | 'detention'
  | 'extradition_proceedings'
  | 'deportation'
  | 'repatriation'
  | 'voluntary_return'
  | 'returned'
  | 'trial'
  | 'verdict';
export type FugitiveReturnMeans = 'extradition' | 'deportation' | 'repatriation' | 'voluntary_return';

type DefaultedList<T> = ColumnType<T[], T[] | undefined, T[]>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
type NullableDecimal = ColumnType<string | null, string | null | undefined, string | null>;

export interface FugitivesTable {
  agency_id: string;
  id: Generated<string>;
  names: string[];
  aliases: DefaultedList<string>;
  birth_dates: DefaultedList<string>;
  nationalities: DefaultedList<string>;
  gender: FugitiveGender | null;
  identifiers: ColumnType<FugitiveIdentifier[], string | undefined, string>;
  offences: DefaultedList<FugitiveOffence>;
  amount: NullableDecimal;
  currency: string | null;
  fx_rate: NullableDecimal;
  fx_rate_on: NullableDate;
  converted_currency: string | null;
  converted_amount: NullableDecimal;
  case_references: DefaultedList<string>;
  fled_on: NullableDate;
  fled_from: string | null;
  /** The FollowTheMoney entity id of an imported person, unique within its agency (migration 0009). */
  ftm_id: string | null;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface FugitiveNotesTable {
  agency_id: string;
  id: Generated<string>;
  fugitive_id: string;
  body: string;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface FugitivePhotosTable {
  agency_id: string;
  fugitive_id: string;
  sha256: string;
  media_type: string;
  bytes: Buffer;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface FugitiveNoticesTable {
  agency_id: string;
  id: Generated<string>;
  fugitive_id: string;
  kind: FugitiveNoticeKind;
  reference: string | null;
  interpol_entity_id: string | null;
  target_states: DefaultedList<string>;
  status: ColumnType<FugitiveNoticeStatus, FugitiveNoticeStatus | undefined, FugitiveNoticeStatus>;
  status_on: CalendarDateText;
  interpol_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
  interpol_summary_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
  /** The Interpol notice as last imported (an InterpolNotice of parse-interpol.ts). */
  interpol_data: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface FugitiveNoticeEventsTable {
  agency_id: string;
  id: Generated<string>;
  notice_id: string;
  fugitive_id: string;
  status: FugitiveNoticeStatus;
  occurred_on: CalendarDateText;
  note: string | null;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface FugitiveSightingsTable {
  agency_id: string;
  id: Generated<string>;
  fugitive_id: string;
  reported_by_agency_id: string;
  state: string;
  city: string | null;
  seen_on: CalendarDateText;
  source: string;
  confidence: FugitiveConfidence;
  note: string | null;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface FugitiveReturnStepsTable {
  agency_id: string;
  id: Generated<string>;
  fugitive_id: string;
  seq: number;
  kind: FugitiveStepKind;
  occurred_on: CalendarDateText;
  state: string | null;
  city: string | null;
  means: FugitiveReturnMeans | null;
  note: string | null;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface FugitiveStepRetractionsTable {
  agency_id: string;
  step_id: string;
  fugitive_id: string;
  reason: string;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface FugitiveCampaignsTable {
  agency_id: string;
  id: Generated<string>;
  name: string;
  description: string | null;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface FugitiveCampaignMembersTable {
  agency_id: string;
  campaign_id: string;
  fugitive_agency_id: string;
  fugitive_id: string;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface InterpolSnapshotsTable {
  agency_id: string;
  id: Generated<string>;
  import_id: string;
  file_name: string;
  sha256: string;
  fetched_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  document_kind: 'list' | 'detail';
  notice_kind: 'red' | 'yellow' | 'un' | null;
  complete: boolean;
  notices: number;
  list_total: number | null;
  list_page: number | null;
  warnings: ColumnType<number, number | undefined, number>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}
