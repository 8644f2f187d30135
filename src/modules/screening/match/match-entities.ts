import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { DEFAULT_THRESHOLD } from '../engine/index.ts';
import type { ScreeningIndex } from '../engine/index.ts';
import { matchAcross, watchlistIndexes } from '../index-cache.ts';
import { screeningPolicy, watchlistPolicy } from '../policies.ts';
import {
  SCREENING_SCHEMAS,
  canonicalHash,
  canonicalProperties,
  isScreeningSchema,
  toScreeningQuery,
  type ScreeningRecord,
} from '../records.ts';
import { explanationSchema, thresholdValue } from '../schemas.ts';
import { findWatchlist, visibleWatchlistsQuery, type WatchlistRow } from '../watchlists/watchlists.ts';

/**
 * Matching in the shape of yente's `POST /match/{dataset}` (OpenSanctions), so that a yente client works unchanged:
 * `{"queries":{"q1":{"schema":"Person","properties":{"name":[…],"birthDate":[…]}}}}` in, one response per query
 * key out, each result with its score, match flag and the features that made the score.
 */
export const MAX_QUERIES = 100;
export const DEFAULT_LIMIT = 5;

/** FtM property values are lists of strings; a single string is taken as a list of one, as yente does. */
const propertyValues = z.union([z.string().max(1000), z.array(z.string().max(1000)).max(50)]);

const entityExample = z.object({
  id: z.string().max(200).optional(),
  schema: z
    .string()
    .max(50)
    .describe(`one of ${SCREENING_SCHEMAS.join(', ')}`),
  properties: z
    .object({
      name: propertyValues.optional(),
      alias: propertyValues.optional(),
      firstName: propertyValues.optional(),
      middleName: propertyValues.optional(),
      lastName: propertyValues.optional(),
      birthDate: propertyValues.optional().describe('YYYY, YYYY-MM or YYYY-MM-DD'),
      nationality: propertyValues.optional().describe('ISO 3166-1 alpha-2 code or country name'),
      gender: propertyValues.optional().describe('male, female or other'),
      passportNumber: propertyValues.optional(),
      idNumber: propertyValues.optional(),
    })
    .catchall(propertyValues),
});

export const matchBody = z.object({
  queries: z
    .record(z.string().min(1).max(100), entityExample)
    .refine((queries) => Object.keys(queries).length > 0, 'give at least one query')
    .refine((queries) => Object.keys(queries).length <= MAX_QUERIES, `at most ${MAX_QUERIES} queries per request`),
  limit: z.number().int().min(1).max(100).optional().describe(`results per query (default ${DEFAULT_LIMIT})`),
  threshold: thresholdValue.optional().describe(`score at which a result is a match (default ${DEFAULT_THRESHOLD})`),
});

/** yente takes limit, threshold and cutoff from the query string; the body's values win when both are given. */
export const matchQuerystring = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  threshold: z.coerce.number().gt(0).max(1).optional(),
  cutoff: z.coerce.number().min(0).max(1).optional().describe('results below this score are not returned (default 0.5)'),
});

/** A watchlist id, or `default` for every visible watchlist (a yente client's `/match/default`). */
export const matchParams = z.object({
  watchlistId: z.union([z.uuid(), z.literal('default')]).describe('a watchlist id, or default for every watchlist visible to your agency'),
});

const propertiesOut = z.record(z.string(), z.array(z.string()));

export const matchResultSchema = z.object({
  id: z.uuid(),
  caption: z.string(),
  schema: z.string(),
  properties: propertiesOut,
  /** The watchlists the entry comes from (yente: datasets). */
  datasets: z.array(z.uuid()),
  score: z.number(),
  match: z.boolean(),
  /** Feature code → its value 0–1, as in yente. */
  features: z.record(z.string(), z.number()),
  explanations: z.array(explanationSchema),
  matchedName: z.string(),
  queryName: z.string(),
});

export const matchResponseSchema = z.object({
  responses: z.record(
    z.string(),
    z.object({
      status: z.number().int(),
      results: z.array(matchResultSchema),
      total: z.object({ value: z.number().int(), relation: z.literal('eq') }),
      query: z.object({ id: z.string().optional(), schema: z.string(), properties: propertiesOut }),
    }),
  ),
  limit: z.number().int(),
});
export type MatchResponse = z.infer<typeof matchResponseSchema>;

type EntityExample = z.infer<typeof entityExample>;

/** A query as a screening record; refuses an unknown schema or a query without a name, naming its key. */
function toRecord(key: string, example: EntityExample): ScreeningRecord {
  if (!isScreeningSchema(example.schema)) {
    throw new AppError('INVALID_INPUT', `queries.${key}: schema "${example.schema}" is not one of ${SCREENING_SCHEMAS.join(', ')}`, {
      query: key,
      field: 'schema',
    });
  }
  const properties: Record<string, string[]> = {};
  for (const [property, values] of Object.entries(example.properties) as [string, string | string[] | undefined][]) {
    if (values !== undefined) properties[property] = typeof values === 'string' ? [values] : values;
  }
  const canonical = canonicalProperties(properties);
  if (!canonical.name && !canonical.alias) {
    // yente builds a name from its parts when none is given.
    const parts = [canonical.firstName?.[0], canonical.middleName?.[0], canonical.lastName?.[0]].filter((part) => part !== undefined);
    if (parts.length > 0) canonical.name = [parts.join(' ')];
  }
  if (!canonical.name && !canonical.alias) {
    throw new AppError('INVALID_INPUT', `queries.${key}: properties.name is empty`, { query: key, field: 'properties.name' });
  }
  return { schema: example.schema, properties: canonical };
}

/** Feature code → value; when a feature fired more than once, its strongest value. */
export function featuresOf(result: { explanations: readonly { code: string; value: number }[] }): Record<string, number> {
  const features: Record<string, number> = {};
  for (const explanation of result.explanations) {
    features[explanation.code] = Math.max(features[explanation.code] ?? 0, explanation.value);
  }
  return features;
}

export async function matchEntities(
  ctx: Ctx,
  body: z.infer<typeof matchBody>,
  querystring: z.infer<typeof matchQuerystring>,
  watchlistId?: string,
): Promise<MatchResponse> {
  let watchlists: WatchlistRow[];
  if (watchlistId === undefined || watchlistId === 'default') {
    authorize(ctx.actor, screeningPolicy, 'match');
    watchlists = await visibleWatchlistsQuery(ctx, ctx.actor.agencyId).orderBy('id').execute();
  } else {
    const watchlist = await findWatchlist(ctx, watchlistId);
    authorize(ctx.actor, watchlistPolicy, 'match', watchlist);
    watchlists = [watchlist];
  }
  const records = Object.entries(body.queries).map(([key, example]) => ({ key, example, record: toRecord(key, example) }));
  const limit = body.limit ?? querystring.limit ?? DEFAULT_LIMIT;
  const threshold = body.threshold ?? querystring.threshold ?? DEFAULT_THRESHOLD;
  const cache = watchlistIndexes(ctx.services.db);
  const indexes: { watchlistId: string; index: ScreeningIndex }[] = [];
  for (const watchlist of watchlists) indexes.push({ watchlistId: watchlist.id, index: await cache.indexFor(ctx.trx, watchlist) });

  const matched = records.map(({ key, example, record }) => ({
    key,
    example,
    record,
    results: matchAcross(indexes, toScreeningQuery(record), {
      limit,
      threshold,
      ...(querystring.cutoff !== undefined ? { cutoff: querystring.cutoff } : {}),
    }),
  }));
  const entryIds = [...new Set(matched.flatMap(({ results }) => results.map((result) => result.id)))];
  const entries = new Map(
    entryIds.length === 0
      ? []
      : (await ctx.trx.selectFrom('screening_entries').select(['id', 'schema', 'properties']).where('id', 'in', entryIds).execute()).map(
          (row) => [row.id, row],
        ),
  );

  const response: MatchResponse = { responses: {}, limit };
  let resultCount = 0;
  let matchCount = 0;
  for (const { key, example, record, results } of matched) {
    const presented = results.map((result) => {
      const entry = entries.get(result.id);
      return {
        id: result.id,
        caption: result.caption,
        schema: entry?.schema ?? 'Person',
        properties: entry?.properties ?? {},
        datasets: [result.watchlistId],
        score: result.score,
        match: result.match,
        features: featuresOf(result),
        explanations: result.explanations.map(({ code, value, effect, detail }) => ({ code, value, effect, detail })),
        matchedName: result.matchedName,
        queryName: result.queryName,
      };
    });
    resultCount += presented.length;
    matchCount += presented.filter((result) => result.match).length;
    response.responses[key] = {
      status: 200,
      results: presented,
      total: { value: presented.length, relation: 'eq' },
      query: { ...(example.id !== undefined ? { id: example.id } : {}), schema: record.schema, properties: record.properties },
    };
  }
  await recordAudit(ctx, {
    type: 'screening.match',
    version: 1,
    data: {
      queries: records.length,
      results: resultCount,
      matches: matchCount,
      watchlists: watchlists.length,
      queryHash: canonicalHash(body.queries),
    },
  });
  return response;
}
