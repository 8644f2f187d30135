/**
 * Shapes and calls of the fugitives API (src/modules/fugitives: the zod schemas of persons, notices, sightings,
 * return steps, notes, photos, timeline and campaigns). The overview and progress figures are in fugitives-stats.ts.
 */
import { api, withQuery } from './client.ts';
import type { Items } from './types.ts';

export const OFFENCES = ['embezzlement', 'bribery', 'abuse_of_office', 'money_laundering', 'fraud', 'other'] as const;
export type Offence = (typeof OFFENCES)[number];
export const STAGES = ['at_large', 'located', 'returned', 'on_trial', 'sentenced'] as const;
export type Stage = (typeof STAGES)[number];
export const RETURN_MEANS = ['extradition', 'deportation', 'repatriation', 'voluntary_return'] as const;
export type ReturnMeans = (typeof RETURN_MEANS)[number];
export const STEP_KINDS = [
  'located',
  'provisional_arrest',
  'detention',
  'extradition_proceedings',
  'deportation',
  'repatriation',
  'voluntary_return',
  'returned',
  'trial',
  'verdict',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const NOTICE_KINDS = ['red', 'yellow', 'silver', 'diffusion'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type NoticeStatus = 'requested' | 'published' | 'withdrawn' | 'cancelled' | 'no_longer_public';
/** The statuses a user may move a notice to, by its current status (src/modules/fugitives/engine/lifecycle.ts). */
export const NOTICE_ACTIONS: Record<NoticeStatus, readonly ('published' | 'withdrawn' | 'cancelled')[]> = {
  requested: ['published', 'cancelled'],
  published: ['withdrawn', 'cancelled'],
  no_longer_public: ['withdrawn', 'cancelled'],
  withdrawn: [],
  cancelled: [],
};
export const IDENTIFIER_TYPES = ['passport', 'national_id', 'other'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];
export const GENDERS = ['male', 'female', 'other'] as const;
export type Gender = (typeof GENDERS)[number];
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

export interface Location {
  state: string;
  city: string | null;
  on: string;
  source: 'sighting' | 'located';
}

interface Figures {
  stage: Stage;
  atLarge: boolean;
  returned: { on: string; from: string; means: ReturnMeans } | null;
  daysOnTheRun: number | null;
  lastKnownLocation: Location | null;
}

export interface PersonPolicies {
  read: boolean;
  list: boolean;
  create: boolean;
  update: boolean;
  read_notes: boolean;
  add_note: boolean;
  manage_notices: boolean;
  record_step: boolean;
  report_sighting: boolean;
}

export interface Notice {
  id: string;
  kind: NoticeKind;
  reference: string | null;
  interpolEntityId: string | null;
  targetStates: string[];
  status: NoticeStatus;
  statusOn: string;
  createdAt: string;
}

export interface Identifier {
  type: IdentifierType;
  number: string;
  country: string | null;
}

export interface Person extends Figures {
  id: string;
  agencyId: string;
  caption: string;
  names: string[];
  aliases: string[];
  /** Readable Latin forms derived from the names by the server (pinyin, Wade–Giles, RTGS…). */
  transliterations: string[];
  birthDates: string[];
  nationalities: string[];
  gender: Gender | null;
  identifiers: Identifier[];
  offences: Offence[];
  amount: { value: string; currency: string } | null;
  converted: { value: string; currency: string; rate: string; rateOn: string } | null;
  caseReferences: string[];
  fledOn: string | null;
  fledFrom: string | null;
  notices: Notice[];
  createdAt: string;
  updatedAt: string;
  policies: PersonPolicies;
}

export interface PersonSummary extends Figures {
  id: string;
  agencyId: string;
  caption: string;
  names: string[];
  aliases: string[];
  transliterations: string[];
  birthDates: string[];
  nationalities: string[];
  offences: Offence[];
  score: number | null;
  matchedName: string | null;
}

export interface PersonInput {
  names: string[];
  aliases: string[];
  birthDates: string[];
  nationalities: string[];
  gender: Gender | null;
  identifiers: { type: IdentifierType; number: string; country: string | null }[];
  offences: Offence[];
  amount: { value: string; currency: string } | null;
  conversion: { rate: string; rateOn: string; currency: string } | null;
  caseReferences: string[];
  fledOn: string | null;
  fledFrom: string | null;
}

export interface NoticeRequest {
  kind: NoticeKind;
  targetStates: string[];
  reference: string | null;
  requestedOn: string;
  note?: string | null;
}

export interface NoticeStatusChange {
  status: 'published' | 'withdrawn' | 'cancelled';
  on: string;
  reference?: string | null;
  note?: string | null;
}

export interface Sighting {
  id: string;
  fugitiveId: string;
  reportedByAgencyId: string;
  state: string;
  city: string | null;
  seenOn: string;
  source: string;
  confidence: Confidence;
  note: string | null;
  createdAt: string;
}

export interface SightingInput {
  state: string;
  city: string | null;
  seenOn: string;
  source: string;
  confidence: Confidence;
  note: string | null;
}

export interface Step {
  id: string;
  fugitiveId: string;
  seq: number;
  kind: StepKind;
  on: string;
  state: string | null;
  city: string | null;
  means: ReturnMeans | null;
  note: string | null;
  createdAt: string;
  retractedAt?: string | null;
  retractionReason?: string | null;
}

export interface StepInput {
  kind: StepKind;
  on: string;
  state: string | null;
  city: string | null;
  means: ReturnMeans | null;
  note: string | null;
}

export interface TimelineEntry {
  on: string;
  type: 'fled' | 'notice' | 'step' | 'sighting';
  id: string | null;
  kind: string;
  status: string | null;
  state: string | null;
  city: string | null;
  means: string | null;
  source: string | null;
  targetStates: string[];
  note: string | null;
  retracted?: boolean;
  retractionReason?: string | null;
}

export interface Timeline {
  fugitiveId: string;
  entries: TimelineEntry[];
}

export interface Note {
  id: string;
  body: string;
  createdAt: string;
  createdBy: string | null;
}

export interface Photo {
  sha256: string;
  mediaType: PhotoType;
  size: number;
  createdAt: string;
}

export interface Campaign {
  id: string;
  agencyId: string;
  name: string;
  description: string | null;
  memberIds: string[];
  createdAt: string;
  policies: { read: boolean; list: boolean; create: boolean; update: boolean };
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

const base = '/api/fugitives';
const person = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const fugitivesApi = {
  list: (q?: string, limit?: number) => api.get<Items<PersonSummary>>(withQuery(base, { q, limit })),
  create: (input: PersonInput) => api.post<Person>(base, input),
  get: (id: string) => api.get<Person>(person(id)),
  update: (id: string, input: Partial<PersonInput>) => api.patch<Person>(person(id), input),
  timeline: (id: string) => api.get<Timeline>(`${person(id)}/timeline`),
  notes: (id: string) => api.get<Items<Note>>(`${person(id)}/notes`),
  addNote: (id: string, body: string) => api.post<Note>(`${person(id)}/notes`, { body }),
  photos: (id: string) => api.get<Items<Photo>>(`${person(id)}/photos`),
  addPhoto: (id: string, mediaType: PhotoType, content: string) => api.post<Photo>(`${person(id)}/photos`, { mediaType, content }),
  photoUrl: (id: string, hash: string) => `${person(id)}/photos/${encodeURIComponent(hash)}`,
  requestNotice: (id: string, input: NoticeRequest) => api.post<Notice>(`${person(id)}/notices`, input),
  changeNoticeStatus: (id: string, noticeId: string, input: NoticeStatusChange) =>
    api.post<Notice>(`${person(id)}/notices/${encodeURIComponent(noticeId)}/status`, input),
  reportSighting: (id: string, input: SightingInput) => api.post<Sighting>(`${person(id)}/sightings`, input),
  recordStep: (id: string, input: StepInput) => api.post<Step>(`${person(id)}/steps`, input),
  retractStep: (id: string, stepId: string, reason: string) =>
    api.post<Step>(`${person(id)}/steps/${encodeURIComponent(stepId)}/retract`, { reason }),
  campaigns: () => api.get<Items<Campaign>>(`${base}/campaigns`),
  createCampaign: (input: { name: string; description: string | null; fugitiveIds: string[] }) =>
    api.post<Campaign>(`${base}/campaigns`, input),
  campaign: (id: string) => api.get<Campaign>(`${base}/campaigns/${encodeURIComponent(id)}`),
  addCampaignMembers: (id: string, fugitiveIds: string[]) =>
    api.post<Campaign>(`${base}/campaigns/${encodeURIComponent(id)}/members`, { fugitiveIds }),
  importFtm: (content: string) => api.post<ImportResult>(`${base}/import`, { content }),
  exportCsvUrl: (q?: string) => withQuery(`${base}/export.csv`, { q }),
  exportFtmUrl: () => `${base}/export.jsonl`,
};
