import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyAccess, runUseCase } from '../../server/access.ts';
import type { Services } from '../platform/context.ts';
import { checkInputSchema, checkResultSchema, runLegalBasisCheck } from './check.ts';
import { registerLegalBasisCards } from './dashboard-cards.ts';
import { coverageMatrix, coverageQuery } from './coverage.ts';
import { putDeclaration, removeDeclaration } from './declarations.ts';
import { exportLegalBasis, importLegalBasis } from './import-export.ts';
import {
  addInstrumentStatus,
  createInstrument,
  getInstrument,
  listInstruments,
  listInstrumentsQuery,
  updateInstrument,
} from './instruments.ts';
import { declarationPolicy, instrumentPolicy, legalBasisPolicy, statePolicy } from './policies.ts';
import {
  declarationInputSchema,
  exportFileSchema,
  instrumentInputSchema,
  instrumentUpdateSchema,
  stateCode,
  stateSchema,
  statusEventSchema,
} from './schemas.ts';
import { getStateProfile, listStates, putState } from './states.ts';

const tags = ['legal-basis'];
const idParams = z.object({ id: z.uuid() });
const codeParams = z.object({ code: stateCode });

/** Legal-basis registry and checker: /api/legal-basis/… */
export function registerLegalBasisRoutes(app: FastifyInstance, services: Services): void {
  registerLegalBasisCards();
  const api = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/legal-basis';

  api.post(`${base}/check`, {
    config: { access: policyAccess(legalBasisPolicy, 'check') },
    schema: {
      tags,
      summary: 'On what basis may one state ask another for this cooperation, and what could make it refuse?',
      body: checkInputSchema,
      response: { 200: checkResultSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => runLegalBasisCheck(ctx, request.body)),
  });

  api.get(`${base}/coverage`, {
    config: { access: policyAccess(legalBasisPolicy, 'read') },
    schema: { tags, summary: 'States × states matrix of the most advanced instrument of one kind', querystring: coverageQuery },
    handler: (request) => runUseCase(services, request, (ctx) => coverageMatrix(ctx, request.query)),
  });

  api.get(`${base}/states`, {
    config: { access: policyAccess(statePolicy, 'read') },
    schema: { tags, summary: 'States with their authorities' },
    handler: async (request) => ({ items: await runUseCase(services, request, listStates) }),
  });
  api.get(`${base}/states/:code`, {
    config: { access: policyAccess(statePolicy, 'read') },
    schema: { tags, summary: 'State profile: authorities, instruments, declarations', params: codeParams },
    handler: (request) => runUseCase(services, request, (ctx) => getStateProfile(ctx, request.params.code)),
  });
  api.put(`${base}/states/:code`, {
    config: { access: policyAccess(statePolicy, 'edit') },
    schema: {
      tags,
      summary: 'Add or replace a state and its authorities (legal officer)',
      params: codeParams,
      body: stateSchema.omit({ code: true }),
    },
    handler: (request) => runUseCase(services, request, (ctx) => putState(ctx, request.params.code, request.body)),
  });

  api.get(`${base}/instruments`, {
    config: { access: policyAccess(instrumentPolicy, 'read') },
    schema: { tags, summary: 'Instruments, filtered by kind, party state and status on a date', querystring: listInstrumentsQuery },
    handler: async (request) => ({ items: await runUseCase(services, request, (ctx) => listInstruments(ctx, request.query)) }),
  });
  api.post(`${base}/instruments`, {
    config: { access: policyAccess(instrumentPolicy, 'edit') },
    schema: { tags, summary: 'Register an instrument with its status history (legal officer)', body: instrumentInputSchema },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => createInstrument(ctx, request.body))),
  });
  api.get(`${base}/instruments/:id`, {
    config: { access: policyAccess(instrumentPolicy, 'read') },
    schema: { tags, summary: 'One instrument with its status history and declarations', params: idParams },
    handler: (request) => runUseCase(services, request, (ctx) => getInstrument(ctx, request.params.id)),
  });
  api.patch(`${base}/instruments/:id`, {
    config: { access: policyAccess(instrumentPolicy, 'edit') },
    schema: { tags, summary: 'Change an instrument (legal officer)', params: idParams, body: instrumentUpdateSchema },
    handler: (request) => runUseCase(services, request, (ctx) => updateInstrument(ctx, request.params.id, request.body)),
  });
  api.post(`${base}/instruments/:id/status`, {
    config: { access: policyAccess(instrumentPolicy, 'edit') },
    schema: { tags, summary: 'Record a status change effective on a date (legal officer)', params: idParams, body: statusEventSchema },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => addInstrumentStatus(ctx, request.params.id, request.body))),
  });

  api.put(`${base}/declarations`, {
    config: { access: policyAccess(legalBasisPolicy, 'edit') },
    schema: {
      tags,
      summary: "Add or replace a state's declaration under a multilateral instrument (legal officer)",
      body: declarationInputSchema,
    },
    handler: (request) => runUseCase(services, request, (ctx) => putDeclaration(ctx, request.body)),
  });
  api.delete(`${base}/declarations/:id`, {
    config: { access: policyAccess(declarationPolicy, 'edit') },
    schema: { tags, summary: 'Remove a declaration (legal officer)', params: idParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await runUseCase(services, request, (ctx) => removeDeclaration(ctx, request.params.id));
      return reply.status(204).send(null);
    },
  });

  api.get(`${base}/export`, {
    config: { access: policyAccess(legalBasisPolicy, 'read') },
    schema: { tags, summary: 'The whole registry as one JSON document (see docs/legal-basis.md)' },
    handler: (request) => runUseCase(services, request, exportLegalBasis),
  });
  api.post(`${base}/import`, {
    config: { access: policyAccess(legalBasisPolicy, 'edit') },
    schema: {
      tags,
      summary: 'Add or replace states, instruments and declarations from an export file; all or nothing (legal officer)',
      body: exportFileSchema,
    },
    handler: (request) => runUseCase(services, request, (ctx) => importLegalBasis(ctx, request.body)),
  });
}
