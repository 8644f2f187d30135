import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyAccess, runUseCase } from '../../server/access.ts';
import type { Services } from '../platform/context.ts';
import {
  batchResultsCsv,
  batchSchema,
  getBatch,
  listBatches,
  listBatchesQuery,
  startBatch,
  startBatchInput,
  startedBatchSchema,
} from './batches/batches.ts';
import { registerScreeningCards } from './dashboard-cards.ts';
import { decideHit, decideHitInput, getHit, hitListSchema, hitSchema, listHits, listHitsQuery } from './hits/hits.ts';
import { matchBody, matchEntities, matchParams, matchQuerystring, matchResponseSchema } from './match/match-entities.ts';
import { batchPolicy, hitPolicy, screeningPolicy, watchlistPolicy } from './policies.ts';
import { FILE_BODY_LIMIT } from './schemas.ts';
import { entryListSchema, entrySchema, listEntries, listEntriesQuery, removeEntry } from './watchlists/entries.ts';
import { exportWatchlistFtm } from './watchlists/export-watchlist.ts';
import { importResultSchema, importWatchlist, importWatchlistInput } from './watchlists/import-watchlist.ts';
import { createWatchlist, createWatchlistInput, getWatchlist, listWatchlists, watchlistSchema } from './watchlists/watchlists.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['screening'];

/** The screening module's HTTP routes (docs/screening.md): thin pipelines from access check and validation to one use case. */
export function registerScreeningRoutes(app: FastifyInstance, services: Services): void {
  registerScreeningCards();
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/screening/match', {
    config: { access: policyAccess(screeningPolicy, 'match') },
    schema: {
      tags,
      summary: 'Match persons and companies against every watchlist visible to your agency (yente-compatible request and response)',
      querystring: matchQuerystring,
      body: matchBody,
      response: { 200: matchResponseSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => matchEntities(ctx, request.body, request.query)),
  });
  api.post('/api/screening/match/:watchlistId', {
    config: { access: policyAccess(watchlistPolicy, 'match') },
    schema: {
      tags,
      summary: 'Match against one watchlist, or every visible one with `default` (yente: POST /match/{dataset})',
      params: matchParams,
      querystring: matchQuerystring,
      body: matchBody,
      response: { 200: matchResponseSchema },
    },
    handler: (request) =>
      runUseCase(services, request, (ctx) => matchEntities(ctx, request.body, request.query, request.params.watchlistId)),
  });

  api.get('/api/screening/watchlists', {
    config: { access: policyAccess(watchlistPolicy, 'list') },
    schema: {
      tags,
      summary: 'Your agency’s watchlists and the platform-wide ones',
      response: { 200: z.object({ items: z.array(watchlistSchema) }) },
    },
    handler: async (request) => ({ items: await runUseCase(services, request, listWatchlists) }),
  });
  api.post('/api/screening/watchlists', {
    config: { access: policyAccess(watchlistPolicy, 'create') },
    schema: { tags, summary: 'Create a watchlist', body: createWatchlistInput, response: { 201: watchlistSchema } },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => createWatchlist(ctx, request.body))),
  });
  api.get('/api/screening/watchlists/:id', {
    config: { access: policyAccess(watchlistPolicy, 'read') },
    schema: { tags, summary: 'One watchlist', params: idParams, response: { 200: watchlistSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getWatchlist(ctx, request.params.id)),
  });
  api.post('/api/screening/watchlists/:id/import', {
    config: { access: policyAccess(watchlistPolicy, 'import') },
    bodyLimit: FILE_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Import a CSV or FollowTheMoney file into a watchlist, all or nothing',
      params: idParams,
      body: importWatchlistInput,
      response: { 200: importResultSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => importWatchlist(ctx, request.params.id, request.body)),
  });
  api.get('/api/screening/watchlists/:id/entries', {
    config: { access: policyAccess(watchlistPolicy, 'read') },
    schema: {
      tags,
      summary: 'Entries of a watchlist, searched by name',
      params: idParams,
      querystring: listEntriesQuery,
      response: { 200: entryListSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => listEntries(ctx, request.params.id, request.query)),
  });
  api.get('/api/screening/watchlists/:id/export.ftm.jsonl', {
    config: { access: policyAccess(watchlistPolicy, 'read') },
    schema: {
      tags,
      summary: 'The current entries of a watchlist as FollowTheMoney JSON lines, properties as imported (re-importable)',
      params: idParams,
    },
    handler: async (request, reply) => {
      const { fileName, content } = await runUseCase(services, request, (ctx) => exportWatchlistFtm(ctx, request.params.id));
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(content);
    },
  });
  api.delete('/api/screening/watchlists/:id/entries/:entryId', {
    config: { access: policyAccess(watchlistPolicy, 'remove_entry') },
    schema: {
      tags,
      summary: 'Remove an entry from a watchlist (it stays on record as removed)',
      params: z.object({ id: z.uuid(), entryId: z.uuid() }),
      response: { 200: entrySchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => removeEntry(ctx, request.params.id, request.params.entryId)),
  });

  api.post('/api/screening/batches', {
    config: { access: policyAccess(batchPolicy, 'create') },
    bodyLimit: FILE_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Screen a CSV of people as a background job; the file is checked first',
      body: startBatchInput,
      response: { 202: startedBatchSchema },
    },
    handler: async (request, reply) => reply.status(202).send(await runUseCase(services, request, (ctx) => startBatch(ctx, request.body))),
  });
  api.get('/api/screening/batches', {
    config: { access: policyAccess(batchPolicy, 'list') },
    schema: {
      tags,
      summary: 'Your agency’s batch screenings, latest first',
      querystring: listBatchesQuery,
      response: { 200: z.object({ items: z.array(batchSchema) }) },
    },
    handler: async (request) => ({ items: await runUseCase(services, request, (ctx) => listBatches(ctx, request.query)) }),
  });
  api.get('/api/screening/batches/:id', {
    config: { access: policyAccess(batchPolicy, 'read') },
    schema: { tags, summary: 'Status and progress of one batch screening', params: idParams, response: { 200: batchSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getBatch(ctx, request.params.id)),
  });
  api.get('/api/screening/batches/:id/results.csv', {
    config: { access: policyAccess(batchPolicy, 'read') },
    schema: {
      tags,
      summary:
        'Results of a finished batch as CSV: the input columns, then matched_id, matched_name, watchlist, score, match, hit_id, hit_status',
      params: idParams,
    },
    handler: async (request, reply) => {
      const { fileName, csv } = await runUseCase(services, request, (ctx) => batchResultsCsv(ctx, request.params.id));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(csv);
    },
  });

  api.get('/api/screening/hits', {
    config: { access: policyAccess(hitPolicy, 'list') },
    schema: { tags, summary: 'Hits of your agency’s batches, for review', querystring: listHitsQuery, response: { 200: hitListSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => listHits(ctx, request.query)),
  });
  api.get('/api/screening/hits/:id', {
    config: { access: policyAccess(hitPolicy, 'read') },
    schema: { tags, summary: 'One hit with its explanation', params: idParams, response: { 200: hitSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getHit(ctx, request.params.id)),
  });
  api.post('/api/screening/hits/:id/decision', {
    config: { access: policyAccess(hitPolicy, 'decide') },
    schema: {
      tags,
      summary: 'Confirm or dismiss a hit, with a reason; a dismissal suppresses the pair until either record changes',
      params: idParams,
      body: decideHitInput,
      response: { 200: hitSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => decideHit(ctx, request.params.id, request.body)),
  });
}
