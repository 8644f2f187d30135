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

export type Role = 'viewer' | 'analyst' | 'investigator' | 'liaison_officer' | 'approver' | 'agency_admin' | 'platform_admin';

export const roles: readonly Role[] = [
  'viewer',
  'analyst',
  'investigator',
  'liaison_officer',
  'approver',
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
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  password_changed_at: DefaultedTimestamp;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
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
}

export interface AuditCheckpointsTable {
  seq: Int8;
  entry_hash: string;
  created_at: DefaultedTimestamp;
  key_id: string;
  signature: string;
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
}
