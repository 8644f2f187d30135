/**
 * The Interpol import (docs/interpol-import.md): documents saved from Interpol's public notices API, sent as their
 * text, and the agency's snapshots of what was imported.
 */
import { api, withQuery } from './client.ts';

export interface InterpolDocumentUpload {
  fileName: string;
  content: string;
  /** ISO 8601; the browser knows only the file's modification time (File.lastModified). */
  fetchedAt?: string;
}

export interface InterpolImportSummary {
  importId: string;
  files: number;
  new: number;
  updated: number;
  unchanged: number;
  noLongerPublic: number;
  unmatched: number;
}

/** A refused import's details: each refused file with its problems and their JSON paths. */
export interface InterpolRefusedFile {
  fileName: string;
  problems: { path: string; message: string }[];
}

export interface InterpolSnapshot {
  id: string;
  importId: string;
  fileName: string;
  sha256: string;
  fetchedAt: string | null;
  documentKind: 'list' | 'detail';
  noticeKind: 'red' | 'yellow' | 'un' | null;
  complete: boolean;
  notices: number;
  listTotal: number | null;
  listPage: number | null;
  warnings: number;
  createdAt: string;
}

export const fugitivesInterpolApi = {
  importDocuments: (documents: InterpolDocumentUpload[], complete: boolean) =>
    api.post<InterpolImportSummary>('/api/fugitives/interpol/import', { documents, complete }),
  snapshots: (limit = 100) => api.get<{ snapshots: InterpolSnapshot[] }>(withQuery('/api/fugitives/interpol/snapshots', { limit })),
};
