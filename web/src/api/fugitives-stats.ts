/**
 * Figures of the fugitives module (src/modules/fugitives/overview): the agency overview and a campaign's live
 * progress share one summary shape. The campaign calls themselves are in fugitives.ts.
 */
import { api } from './client.ts';
import { fugitivesApi } from './fugitives.ts';

export const TIME_ON_RUN_BUCKETS = ['under_1y', '1_2y', '2_5y', '5_10y', '10y_plus'] as const;
export type TimeOnRunBucket = (typeof TIME_ON_RUN_BUCKETS)[number];

export interface StateCount {
  state: string;
  count: number;
}

/** What an overview and a campaign's progress both answer, over the persons the reader sees, as of `asOf`. */
export interface Summary {
  returned: number;
  atLarge: number;
  returnedByState: StateCount[];
  returnedByYear: { year: number; count: number }[];
  returnedByMeans: { means: string; count: number }[];
  /** Persons at large by the state of their last known location; null: no known location. */
  atLargeByLastKnownState: { state: string | null; count: number }[];
  /** Median days from flight to return; null while nobody with a flight date has returned. */
  medianDaysToReturn: number | null;
  timeOnRun: { bucket: TimeOnRunBucket; returned: number; atLarge: number }[];
  /** YYYY-MM-DD */
  asOf: string;
}

/** GET /api/fugitives/overview: the actor agency's own wanted persons. */
export interface Overview extends Summary {
  persons: number;
}

/** GET /api/fugitives/campaigns/:id/progress */
export interface CampaignProgress extends Summary {
  campaignId: string;
  /** Members the reader sees now. */
  members: number;
  /** Members the reader no longer sees (e.g. a notice was withdrawn). */
  notVisible: number;
}

const campaignPath = (id: string) => `/api/fugitives/campaigns/${encodeURIComponent(id)}`;

export const fugitivesStatsApi = {
  overview: () => api.get<Overview>('/api/fugitives/overview'),
  campaignProgress: (id: string) => api.get<CampaignProgress>(`${campaignPath(id)}/progress`),
  campaigns: fugitivesApi.campaigns,
  campaign: fugitivesApi.campaign,
  createCampaign: fugitivesApi.createCampaign,
  addCampaignMembers: fugitivesApi.addCampaignMembers,
  campaignExportUrl: (id: string) => `${campaignPath(id)}/export.csv`,
};
