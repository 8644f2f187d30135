import { z } from 'zod';

/** Building blocks shared by the screening use cases' schemas. */

export const iso = (value: Date | string): string => new Date(value).toISOString();
export const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

/** Who created and last changed a record, and when. */
export const recordStamps = {
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
};

/** A score threshold 0–1 (exclusive of 0). */
export const thresholdValue = z.number().gt(0).max(1);

/** The largest file accepted by an import or a batch: 25 MiB of text. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
/** The body limit of the routes that take such a file (its JSON escaping adds a little). */
export const FILE_BODY_LIMIT = MAX_FILE_BYTES + 1024 * 1024;

export const fileContent = z.string().min(1).max(MAX_FILE_BYTES);

/** Paging of the longer lists (entries, hits). */
export const pageQuery = {
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
};

/** One line of a score's explanation, as the engine gives it. */
export const explanationSchema = z.object({
  code: z.string(),
  value: z.number(),
  effect: z.number(),
  detail: z.string(),
});
