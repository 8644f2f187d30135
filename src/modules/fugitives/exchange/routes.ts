import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { policyAccess, runUseCase } from '../../../server/access.ts';
import type { Services } from '../../platform/context.ts';
import { campaignPolicy, fugitivePolicy } from '../policies.ts';
import { idParams, today } from '../schemas.ts';
import { exportCampaignCsv, exportCsv, exportFtm, exportQuery } from './export-persons.ts';
import { IMPORT_BODY_LIMIT, importPersonsAsActor, importPersonsInput, importSummarySchema } from './import-persons.ts';

const tags = ['fugitives'];

/**
 * FtM and CSV exchange of wanted persons (docs/fugitives-exchange.md). Paths are static (`export.csv`, `import`), so
 * the router prefers them to `/api/fugitives/:id` whatever the registration order.
 */
export function registerFugitiveExchangeRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const attachment = (name: string) => `attachment; filename="${name}"`;

  api.get('/api/fugitives/export.csv', {
    config: { access: policyAccess(fugitivePolicy, 'list') },
    schema: {
      tags,
      summary: 'The wanted persons you see as CSV (with q, those the search finds); cells safe against spreadsheet formulas',
      querystring: exportQuery,
    },
    handler: async (request, reply) => {
      const csv = await runUseCase(services, request, (ctx) => exportCsv(ctx, request.query, { author: ctx.actor.userId }));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`fugitives-${today(new Date())}.csv`))
        .send(csv);
    },
  });
  api.get('/api/fugitives/export.jsonl', {
    config: { access: policyAccess(fugitivePolicy, 'list') },
    schema: {
      tags,
      summary: 'The wanted persons you see as FollowTheMoney JSON lines, one Person entity per line',
      querystring: exportQuery,
    },
    handler: async (request, reply) => {
      const lines = await runUseCase(services, request, (ctx) => exportFtm(ctx, request.query, { author: ctx.actor.userId }));
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', attachment(`fugitives-${today(new Date())}.ftm.jsonl`))
        .send(lines);
    },
  });
  api.post('/api/fugitives/import', {
    config: { access: policyAccess(fugitivePolicy, 'create') },
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Import FollowTheMoney JSON lines of Person entities; merges by entity id; all or nothing (400 lists the bad lines)',
      body: importPersonsInput,
      response: { 200: importSummarySchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => importPersonsAsActor(ctx, request.body)),
  });
  api.get('/api/fugitives/campaigns/:id/export.csv', {
    config: { access: policyAccess(campaignPolicy, 'read') },
    schema: {
      tags,
      summary: 'A campaign’s members you see as CSV; the header x-concord-not-visible counts those you no longer see',
      params: idParams,
    },
    handler: async (request, reply) => {
      const result = await runUseCase(services, request, (ctx) => exportCampaignCsv(ctx, request.params.id, { author: ctx.actor.userId }));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(result.fileName))
        .header('x-concord-not-visible', String(result.notVisible))
        .send(result.csv);
    },
  });
}
