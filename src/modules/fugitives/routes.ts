import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyAccess, runUseCase } from '../../server/access.ts';
import type { Services } from '../platform/context.ts';
import {
  addCampaignMembers,
  addMembersInput,
  campaignProgress,
  campaignSchema,
  createCampaign,
  createCampaignInput,
  getCampaign,
  listCampaigns,
  progressSchema,
} from './campaigns/campaigns.ts';
import {
  changeNoticeStatus,
  changeNoticeStatusInput,
  noticeParams,
  noticeWithHistorySchema,
  requestNotice,
  requestNoticeInput,
} from './notices/notices.ts';
import { addNote, addNoteInput, listNotes, noteListSchema, noteSchema } from './persons/notes.ts';
import {
  PHOTO_BODY_LIMIT,
  addPhoto,
  addPhotoInput,
  listPhotos,
  photoListSchema,
  photoParams,
  photoSchema,
  readPhoto,
} from './persons/photos.ts';
import {
  createPerson,
  createPersonInput,
  listPersons,
  listPersonsQuery,
  personListSchema,
  personSchema,
  updatePerson,
  updatePersonInput,
  viewPerson,
} from './persons/persons.ts';
import { registerFugitiveCards } from './dashboard-cards.ts';
import { agencyOverview, overviewSchema } from './overview/overview.ts';
import { campaignPolicy, fugitivePolicy } from './policies.ts';
import { reportSighting, reportSightingInput, sightingSchema } from './returns/sightings.ts';
import { recordStep, recordStepInput, retractStep, retractStepInput, stepParams, stepSchema } from './returns/steps.ts';
import { personTimeline, timelineSchema } from './returns/timeline.ts';
import { idParams } from './schemas.ts';

const tags = ['fugitives'];

/** The fugitives module's HTTP routes (docs/fugitives.md): thin pipelines from access check and validation to one use case. */
export function registerFugitiveRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  registerFugitiveCards();

  api.get('/api/fugitives', {
    config: { access: policyAccess(fugitivePolicy, 'list') },
    schema: {
      tags,
      summary: 'Wanted persons you see; with q, those whose names match it in any script or spelling, best first',
      querystring: listPersonsQuery,
      response: { 200: personListSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => listPersons(ctx, request.query)),
  });
  api.post('/api/fugitives', {
    config: { access: policyAccess(fugitivePolicy, 'create') },
    schema: { tags, summary: 'Record a wanted person of your agency', body: createPersonInput, response: { 201: personSchema } },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => createPerson(ctx, request.body))),
  });

  api.get('/api/fugitives/overview', {
    config: { access: policyAccess(fugitivePolicy, 'list') },
    schema: {
      tags,
      summary: 'Your agency’s wanted persons summarised: returned by state, year and means; at large by last known state; time on the run',
      response: { 200: overviewSchema },
    },
    handler: (request) => runUseCase(services, request, agencyOverview),
  });

  api.get('/api/fugitives/campaigns', {
    config: { access: policyAccess(campaignPolicy, 'list') },
    schema: { tags, summary: 'Your agency’s campaigns', response: { 200: z.object({ items: z.array(campaignSchema) }) } },
    handler: (request) => runUseCase(services, request, listCampaigns),
  });
  api.post('/api/fugitives/campaigns', {
    config: { access: policyAccess(campaignPolicy, 'create') },
    schema: {
      tags,
      summary: 'Create a campaign, a named set of wanted persons',
      body: createCampaignInput,
      response: { 201: campaignSchema },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => createCampaign(ctx, request.body))),
  });
  api.get('/api/fugitives/campaigns/:id', {
    config: { access: policyAccess(campaignPolicy, 'read') },
    schema: { tags, summary: 'One campaign and its members', params: idParams, response: { 200: campaignSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getCampaign(ctx, request.params.id)),
  });
  api.post('/api/fugitives/campaigns/:id/members', {
    config: { access: policyAccess(campaignPolicy, 'update') },
    schema: {
      tags,
      summary: 'Add wanted persons you see to a campaign',
      params: idParams,
      body: addMembersInput,
      response: { 200: campaignSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => addCampaignMembers(ctx, request.params.id, request.body)),
  });
  api.get('/api/fugitives/campaigns/:id/progress', {
    config: { access: policyAccess(campaignPolicy, 'read') },
    schema: {
      tags,
      summary: 'Live progress: returned by state, year and means; at large by last known state; median time to return',
      params: idParams,
      response: { 200: progressSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => campaignProgress(ctx, request.params.id)),
  });

  api.get('/api/fugitives/:id', {
    config: { access: policyAccess(fugitivePolicy, 'read') },
    schema: {
      tags,
      summary: 'One wanted person with notices, figures and last known location (audited)',
      params: idParams,
      response: { 200: personSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => viewPerson(ctx, request.params.id)),
  });
  api.patch('/api/fugitives/:id', {
    config: { access: policyAccess(fugitivePolicy, 'update') },
    schema: {
      tags,
      summary: 'Change a wanted person of your agency',
      params: idParams,
      body: updatePersonInput,
      response: { 200: personSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updatePerson(ctx, request.params.id, request.body)),
  });
  api.get('/api/fugitives/:id/timeline', {
    config: { access: policyAccess(fugitivePolicy, 'read') },
    schema: {
      tags,
      summary: 'Flight, notices, sightings and return steps in date order (audited)',
      params: idParams,
      response: { 200: timelineSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => personTimeline(ctx, request.params.id)),
  });
  api.get('/api/fugitives/:id/notes', {
    config: { access: policyAccess(fugitivePolicy, 'read_notes') },
    schema: { tags, summary: 'Internal notes (the wanting agency only; audited)', params: idParams, response: { 200: noteListSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => listNotes(ctx, request.params.id)),
  });
  api.post('/api/fugitives/:id/notes', {
    config: { access: policyAccess(fugitivePolicy, 'add_note') },
    schema: { tags, summary: 'Add an internal note', params: idParams, body: addNoteInput, response: { 201: noteSchema } },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => addNote(ctx, request.params.id, request.body))),
  });
  api.get('/api/fugitives/:id/photos', {
    config: { access: policyAccess(fugitivePolicy, 'read') },
    schema: {
      tags,
      summary: 'Photographs of a wanted person, named by their SHA-256',
      params: idParams,
      response: { 200: photoListSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => listPhotos(ctx, request.params.id)),
  });
  api.post('/api/fugitives/:id/photos', {
    config: { access: policyAccess(fugitivePolicy, 'update') },
    bodyLimit: PHOTO_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Add a photograph (JPEG, PNG or WebP, base64); stored once per content, named by its SHA-256',
      params: idParams,
      body: addPhotoInput,
      response: { 201: photoSchema },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => addPhoto(ctx, request.params.id, request.body))),
  });
  api.get('/api/fugitives/:id/photos/:hash', {
    config: { access: policyAccess(fugitivePolicy, 'read') },
    schema: { tags, summary: 'One photograph’s bytes (audited as a view of the person)', params: photoParams },
    handler: async (request, reply) => {
      const photo = await runUseCase(services, request, (ctx) => readPhoto(ctx, request.params.id, request.params.hash));
      return reply.type(photo.mediaType).header('etag', `"${request.params.hash}"`).send(photo.bytes);
    },
  });
  api.post('/api/fugitives/:id/notices', {
    config: { access: policyAccess(fugitivePolicy, 'manage_notices') },
    schema: {
      tags,
      summary: 'Record the request of an Interpol notice or diffusion',
      params: idParams,
      body: requestNoticeInput,
      response: { 201: noticeWithHistorySchema },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => requestNotice(ctx, request.params.id, request.body))),
  });
  api.post('/api/fugitives/:id/notices/:noticeId/status', {
    config: { access: policyAccess(fugitivePolicy, 'manage_notices') },
    schema: {
      tags,
      summary: 'Record a notice’s publication, withdrawal or cancellation (409 for a transition that is not allowed)',
      params: noticeParams,
      body: changeNoticeStatusInput,
      response: { 200: noticeWithHistorySchema },
    },
    handler: (request) =>
      runUseCase(services, request, (ctx) => changeNoticeStatus(ctx, request.params.id, request.params.noticeId, request.body)),
  });
  api.post('/api/fugitives/:id/sightings', {
    config: { access: policyAccess(fugitivePolicy, 'report_sighting') },
    schema: {
      tags,
      summary: 'Report a sighting of a wanted person you see',
      params: idParams,
      body: reportSightingInput,
      response: { 201: sightingSchema },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => reportSighting(ctx, request.params.id, request.body))),
  });
  api.post('/api/fugitives/:id/steps', {
    config: { access: policyAccess(fugitivePolicy, 'record_step') },
    schema: {
      tags,
      summary: 'Record the next step of the return (409 when it is out of order)',
      params: idParams,
      body: recordStepInput,
      response: { 201: stepSchema },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => recordStep(ctx, request.params.id, request.body))),
  });
  api.post('/api/fugitives/:id/steps/:stepId/retract', {
    config: { access: policyAccess(fugitivePolicy, 'record_step') },
    schema: {
      tags,
      summary: 'Retract the latest standing return step as recorded in error, with a reason (409 for an earlier step)',
      params: stepParams,
      body: retractStepInput,
      response: { 200: stepSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => retractStep(ctx, request.params.id, request.params.stepId, request.body)),
  });
}
