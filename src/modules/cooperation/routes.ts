import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyAccess, runUseCase } from '../../server/access.ts';
import type { Services } from '../platform/context.ts';
import {
  cooperationEventSchema,
  createEvent,
  createEventInput,
  getEvent,
  listEvents,
  listEventsQuery,
  updateEvent,
  updateEventInput,
} from './events/events.ts';
import {
  createJointOperation,
  createJointOperationInput,
  getJointOperation,
  jointOperationSchema,
  listJointOperations,
  listJointOperationsQuery,
  updateJointOperation,
  updateJointOperationInput,
} from './joint-operations/joint-operations.ts';
import {
  cooperationEventPolicy,
  cooperationSummaryPolicy,
  jointOperationPolicy,
  technicalSupportPolicy,
  trainingParticipationPolicy,
  trainingProgrammePolicy,
  trainingSessionPolicy,
} from './policies.ts';
import './summary/dashboard-cards.ts';
import { cooperationSummarySchema, summariseCooperation } from './summary/summary.ts';
import {
  createTechnicalSupport,
  createTechnicalSupportInput,
  getTechnicalSupport,
  listTechnicalSupport,
  listTechnicalSupportQuery,
  technicalSupportSchema,
  updateTechnicalSupport,
  updateTechnicalSupportInput,
} from './technical-support/technical-support.ts';
import {
  createProgramme,
  createProgrammeInput,
  getProgramme,
  listProgrammes,
  listProgrammesQuery,
  updateProgramme,
  updateProgrammeInput,
} from './trainings/programmes.ts';
import {
  addSession,
  createSessionInput,
  getSession,
  recordParticipation,
  recordParticipationInput,
  updateParticipation,
  updateParticipationInput,
  updateSession,
  updateSessionInput,
} from './trainings/sessions.ts';
import {
  trainingParticipationSchema,
  trainingProgrammeDetailSchema,
  trainingProgrammeSchema,
  trainingSessionSchema,
} from './trainings/training-views.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['cooperation'];

/** The cooperation module's HTTP routes: thin pipelines from access check and validation to one use case. */
export function registerCooperationRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/cooperation/summary', {
    config: { access: policyAccess(cooperationSummaryPolicy, 'read') },
    schema: {
      tags,
      summary: 'Cooperation figures over what the actor may see: training by state and year, events and operations by status',
      response: { 200: cooperationSummarySchema },
    },
    handler: (request) => runUseCase(services, request, summariseCooperation),
  });

  api.get('/api/cooperation/events', {
    config: { access: policyAccess(cooperationEventPolicy, 'list') },
    schema: {
      tags,
      summary: 'Workshops, high-level meetings and conferences the actor’s agency organises or takes part in',
      querystring: listEventsQuery,
      response: { 200: z.object({ items: z.array(cooperationEventSchema) }) },
    },
    handler: async (request) => ({ items: await runUseCase(services, request, (ctx) => listEvents(ctx, request.query)) }),
  });
  api.post('/api/cooperation/events', {
    config: { access: policyAccess(cooperationEventPolicy, 'create') },
    schema: { tags, summary: 'Record an event', body: createEventInput, response: { 201: cooperationEventSchema } },
    handler: async (request, reply) => reply.status(201).send(await runUseCase(services, request, (ctx) => createEvent(ctx, request.body))),
  });
  api.get('/api/cooperation/events/:id', {
    config: { access: policyAccess(cooperationEventPolicy, 'read') },
    schema: { tags, summary: 'One event', params: idParams, response: { 200: cooperationEventSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getEvent(ctx, request.params.id)),
  });
  api.patch('/api/cooperation/events/:id', {
    config: { access: policyAccess(cooperationEventPolicy, 'update') },
    schema: {
      tags,
      summary: 'Change an event, record it as held (with outcomes) or cancel it',
      params: idParams,
      body: updateEventInput,
      response: { 200: cooperationEventSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateEvent(ctx, request.params.id, request.body)),
  });

  api.get('/api/cooperation/trainings', {
    config: { access: policyAccess(trainingProgrammePolicy, 'list') },
    schema: {
      tags,
      summary: 'Training programmes the actor’s agency organises or takes part in',
      querystring: listProgrammesQuery,
      response: { 200: z.object({ items: z.array(trainingProgrammeSchema) }) },
    },
    handler: async (request) => ({ items: await runUseCase(services, request, (ctx) => listProgrammes(ctx, request.query)) }),
  });
  api.post('/api/cooperation/trainings', {
    config: { access: policyAccess(trainingProgrammePolicy, 'create') },
    schema: { tags, summary: 'Record a training programme', body: createProgrammeInput, response: { 201: trainingProgrammeDetailSchema } },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => createProgramme(ctx, request.body))),
  });
  api.get('/api/cooperation/trainings/:id', {
    config: { access: policyAccess(trainingProgrammePolicy, 'read') },
    schema: {
      tags,
      summary: 'One training programme with its sessions and participation',
      params: idParams,
      response: { 200: trainingProgrammeDetailSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => getProgramme(ctx, request.params.id)),
  });
  api.patch('/api/cooperation/trainings/:id', {
    config: { access: policyAccess(trainingProgrammePolicy, 'update') },
    schema: {
      tags,
      summary: 'Change or cancel a training programme',
      params: idParams,
      body: updateProgrammeInput,
      response: { 200: trainingProgrammeDetailSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateProgramme(ctx, request.params.id, request.body)),
  });
  // Sessions and participation lines are created at their own collection, naming their parent in the body: the parent
  // is looked up in the use case, so that another agency's parent is "not found" whatever the body holds.
  api.post('/api/cooperation/training-sessions', {
    config: { access: policyAccess(trainingProgrammePolicy, 'add_session') },
    schema: {
      tags,
      summary: 'Add a session to a training programme, optionally with its participation',
      body: createSessionInput,
      response: { 201: trainingSessionSchema },
    },
    handler: async (request, reply) => reply.status(201).send(await runUseCase(services, request, (ctx) => addSession(ctx, request.body))),
  });

  api.get('/api/cooperation/training-sessions/:id', {
    config: { access: policyAccess(trainingSessionPolicy, 'read') },
    schema: { tags, summary: 'One training session with its participation', params: idParams, response: { 200: trainingSessionSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getSession(ctx, request.params.id)),
  });
  api.patch('/api/cooperation/training-sessions/:id', {
    config: { access: policyAccess(trainingSessionPolicy, 'update') },
    schema: {
      tags,
      summary: 'Change or cancel a training session',
      params: idParams,
      body: updateSessionInput,
      response: { 200: trainingSessionSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateSession(ctx, request.params.id, request.body)),
  });
  api.post('/api/cooperation/training-participation', {
    config: { access: policyAccess(trainingSessionPolicy, 'add_participants') },
    schema: {
      tags,
      summary: 'Record the participants one agency (or state) sent to a session',
      body: recordParticipationInput,
      response: { 201: trainingParticipationSchema },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => recordParticipation(ctx, request.body))),
  });
  api.patch('/api/cooperation/training-participation/:id', {
    config: { access: policyAccess(trainingParticipationPolicy, 'update') },
    schema: {
      tags,
      summary: 'Correct or withdraw a participation line',
      params: idParams,
      body: updateParticipationInput,
      response: { 200: trainingParticipationSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateParticipation(ctx, request.params.id, request.body)),
  });

  api.get('/api/cooperation/technical-support', {
    config: { access: policyAccess(technicalSupportPolicy, 'list') },
    schema: {
      tags,
      summary: 'Technical support the actor’s agency delivered or received',
      querystring: listTechnicalSupportQuery,
      response: { 200: z.object({ items: z.array(technicalSupportSchema) }) },
    },
    handler: async (request) => ({ items: await runUseCase(services, request, (ctx) => listTechnicalSupport(ctx, request.query)) }),
  });
  api.post('/api/cooperation/technical-support', {
    config: { access: policyAccess(technicalSupportPolicy, 'create') },
    schema: {
      tags,
      summary: 'Record technical support delivered to another agency',
      body: createTechnicalSupportInput,
      response: { 201: technicalSupportSchema },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => createTechnicalSupport(ctx, request.body))),
  });
  api.get('/api/cooperation/technical-support/:id', {
    config: { access: policyAccess(technicalSupportPolicy, 'read') },
    schema: { tags, summary: 'One technical support delivery', params: idParams, response: { 200: technicalSupportSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getTechnicalSupport(ctx, request.params.id)),
  });
  api.patch('/api/cooperation/technical-support/:id', {
    config: { access: policyAccess(technicalSupportPolicy, 'update') },
    schema: {
      tags,
      summary: 'Correct or cancel a technical support record',
      params: idParams,
      body: updateTechnicalSupportInput,
      response: { 200: technicalSupportSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateTechnicalSupport(ctx, request.params.id, request.body)),
  });

  api.get('/api/cooperation/joint-operations', {
    config: { access: policyAccess(jointOperationPolicy, 'list') },
    schema: {
      tags,
      summary: 'Joint operations the actor’s agency leads or takes part in',
      querystring: listJointOperationsQuery,
      response: { 200: z.object({ items: z.array(jointOperationSchema) }) },
    },
    handler: async (request) => ({ items: await runUseCase(services, request, (ctx) => listJointOperations(ctx, request.query)) }),
  });
  api.post('/api/cooperation/joint-operations', {
    config: { access: policyAccess(jointOperationPolicy, 'create') },
    schema: { tags, summary: 'Record a joint operation', body: createJointOperationInput, response: { 201: jointOperationSchema } },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => createJointOperation(ctx, request.body))),
  });
  api.get('/api/cooperation/joint-operations/:id', {
    config: { access: policyAccess(jointOperationPolicy, 'read') },
    schema: { tags, summary: 'One joint operation', params: idParams, response: { 200: jointOperationSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getJointOperation(ctx, request.params.id)),
  });
  api.patch('/api/cooperation/joint-operations/:id', {
    config: { access: policyAccess(jointOperationPolicy, 'update') },
    schema: {
      tags,
      summary: 'Change, activate or close a joint operation',
      params: idParams,
      body: updateJointOperationInput,
      response: { 200: jointOperationSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateJointOperation(ctx, request.params.id, request.body)),
  });
}
