import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, policyAccess, runUseCase } from '../../../server/access.ts';
import type { Services } from '../../platform/context.ts';
import { fugitivePolicy } from '../policies.ts';
import {
  INTERPOL_BODY_LIMIT,
  importInterpolAsActor,
  interpolImportInput,
  interpolImportSummary,
  interpolSnapshotList,
  listSnapshots,
  snapshotsQuery,
} from './interpol-api.ts';

const tags = ['fugitives'];

/**
 * The Interpol import and its snapshots (docs/interpol-import.md). Paths are static, so the router prefers them to
 * `/api/fugitives/:id` whatever the registration order.
 */
export function registerInterpolRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/fugitives/interpol/import', {
    config: { access: policyAccess(fugitivePolicy, 'import_interpol') },
    bodyLimit: INTERPOL_BODY_LIMIT,
    schema: {
      tags,
      summary:
        'Import documents saved from Interpol’s public notices API into your agency; all or nothing (400 lists each refused file’s problems)',
      body: interpolImportInput,
      response: { 200: interpolImportSummary },
    },
    handler: (request) => importInterpolAsActor(services, { actor: actorOf(request), requestId: request.id }, request.body),
  });
  api.get('/api/fugitives/interpol/snapshots', {
    config: { access: policyAccess(fugitivePolicy, 'list') },
    schema: {
      tags,
      summary: 'Your agency’s imported Interpol documents, newest first',
      querystring: snapshotsQuery,
      response: { 200: interpolSnapshotList },
    },
    handler: (request) => runUseCase(services, request, (ctx) => listSnapshots(ctx, request.query)),
  });
}
