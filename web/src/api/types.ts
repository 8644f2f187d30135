/** Shapes of the platform API's responses (see /api/openapi.json; the zod schemas in src/modules/platform). */

export const ROLES = [
  'viewer',
  'analyst',
  'investigator',
  'liaison_officer',
  'approver',
  'legal_officer',
  'agency_admin',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];

export type NavigationItem =
  | 'dashboard'
  | 'legal-basis'
  | 'cooperation'
  | 'screening'
  | 'fugitives'
  | 'jobs'
  | 'account'
  | 'admin.users'
  | 'admin.agencies'
  | 'admin.audit'
  | 'admin.settings';
export type SessionStage = 'active' | 'mfa_pending' | 'mfa_enrol';

export interface SessionView {
  user: {
    id: string;
    email: string;
    displayName: string;
    roles: Role[];
    agencyId: string;
    mfaEnabled: boolean;
    locale: string;
  };
  agency: { id: string; name: string; shortName: string; state: string };
  stage: SessionStage;
  csrfToken: string;
  navigation: string[];
  grantableRoles: Role[];
}

export interface DashboardCard {
  id: string;
  module: string;
  titleKey: string;
  value: number | string;
  href: string | null;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  type: string;
  status: JobStatus;
  progress: number;
  message: string | null;
  result: unknown;
  error: string | null;
  cancelRequested: boolean;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  policies: { read: boolean; list: boolean; cancel: boolean };
}

export const isJobActive = (job: Pick<Job, 'status'>): boolean => job.status === 'queued' || job.status === 'running';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  headSeq: string;
  checkpoints: number;
  firstBadSeq: string | null;
  problem: string | null;
  /** Absent from results of verifications run before audit anchoring. */
  problems?: string[];
  warnings?: string[];
  /** The problems and warnings as data, worded by the page in the reader's language; absent from older results. */
  findings?: {
    problems: AuditProblem[];
    warnings: AuditWarning[];
    unreadableFileLines: number[];
    /** Minutes beyond the checkpoint rule the verifier allows before it calls an unsigned tail a problem. */
    graceMinutes: number;
  };
}

/** One problem of the audit chain, as the server's verifier reports it (`kind` and the values its wording needs). */
export interface AuditProblem {
  kind: string;
  seq: string;
  where?: 'database' | 'file';
  oldestWrittenAt?: string;
  [value: string]: string | number | undefined;
}

export interface AuditWarning {
  kind: 'late-signature';
  seq: string;
  firstSeq: string;
  oldestWrittenAt: string;
  signedAt: string;
  minutes: number;
}

export interface User {
  id: string;
  agencyId: string;
  email: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  mfaEnabled: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  policies: { read: boolean; list: boolean; create: boolean; update: boolean; deactivate: boolean };
}

export interface Agency {
  id: string;
  name: string;
  shortName: string;
  state: string;
  active: boolean;
  createdAt: string;
  policies: { read: boolean; list: boolean; create: boolean; update: boolean; deactivate: boolean };
}

export interface AuditEntry {
  seq: string;
  occurredAt: string;
  agencyId: string | null;
  actorUserId: string | null;
  actorEmail: string | null;
  requestId: string | null;
  type: string;
  version: number;
  data: unknown;
  entryHash: string;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: number | null;
}

export interface PlatformSettings {
  mfaRequired: boolean;
}

export interface MfaSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface Items<T> {
  items: T[];
}
