import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyAccess, runUseCase } from '../../server/access.ts';
import {
  agencyPolicy,
  agencySchema,
  createAgency,
  createAgencyInput,
  getAgency,
  listAgencies,
  updateAgency,
  updateAgencyInput,
} from './agencies/agencies.ts';
import { auditEntrySchema, auditPolicy, listAudit, listAuditQuery } from './audit/list-audit.ts';
import { startAuditVerification } from './audit/audit-verification-job.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import type { Services } from './context.ts';
import { dashboardCardSchema, dashboardPolicy, loadDashboard } from './dashboard/dashboard.ts';
import { cancelJob, getJob, jobPolicy, jobSchema, listJobs } from './jobs/jobs.ts';
import { platformSettingsSchema, readSettings, settingsPolicy, updateSettings, updateSettingsInput } from './settings/platform-settings.ts';
import {
  createUser,
  createUserInput,
  getUser,
  listUsers,
  listUsersQuery,
  updateUser,
  updateUserInput,
  userPolicy,
  userSchema,
} from './users/users.ts';

const idParams = z.object({ id: z.uuid() });

/** The platform module's HTTP routes: thin pipelines from access check and validation to one use case. */
export function registerPlatformRoutes(app: FastifyInstance, services: Services): void {
  registerAuthRoutes(app, services);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/dashboard', {
    config: { access: policyAccess(dashboardPolicy, 'read') },
    schema: {
      tags: ['dashboard'],
      summary: 'Home dashboard cards for the actor',
      response: { 200: z.object({ cards: z.array(dashboardCardSchema) }) },
    },
    handler: async (request) => ({ cards: await runUseCase(services, request, loadDashboard) }),
  });

  api.get('/api/agencies', {
    config: { access: policyAccess(agencyPolicy, 'list') },
    schema: { tags: ['agencies'], summary: 'Agencies the actor may see', response: { 200: z.object({ items: z.array(agencySchema) }) } },
    handler: async (request) => ({ items: await runUseCase(services, request, listAgencies) }),
  });
  api.post('/api/agencies', {
    config: { access: policyAccess(agencyPolicy, 'create') },
    schema: {
      tags: ['agencies'],
      summary: 'Register an agency (platform administrator)',
      body: createAgencyInput,
      response: { 201: agencySchema },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await runUseCase(services, request, (ctx) => createAgency(ctx, request.body))),
  });
  api.get('/api/agencies/:id', {
    config: { access: policyAccess(agencyPolicy, 'read') },
    schema: { tags: ['agencies'], summary: 'One agency', params: idParams, response: { 200: agencySchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getAgency(ctx, request.params.id)),
  });
  api.patch('/api/agencies/:id', {
    config: { access: policyAccess(agencyPolicy, 'update') },
    schema: {
      tags: ['agencies'],
      summary: 'Rename or (de)activate an agency',
      params: idParams,
      body: updateAgencyInput,
      response: { 200: agencySchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateAgency(ctx, request.params.id, request.body)),
  });

  api.get('/api/users', {
    config: { access: policyAccess(userPolicy, 'list') },
    schema: {
      tags: ['users'],
      summary: "Users of the actor's agency (platform administrator: any agency)",
      querystring: listUsersQuery,
      response: { 200: z.object({ items: z.array(userSchema) }) },
    },
    handler: async (request) => ({ items: await runUseCase(services, request, (ctx) => listUsers(ctx, request.query)) }),
  });
  api.post('/api/users', {
    config: { access: policyAccess(userPolicy, 'create') },
    schema: { tags: ['users'], summary: 'Create a user', body: createUserInput, response: { 201: userSchema } },
    handler: async (request, reply) => reply.status(201).send(await runUseCase(services, request, (ctx) => createUser(ctx, request.body))),
  });
  api.get('/api/users/:id', {
    config: { access: policyAccess(userPolicy, 'read') },
    schema: { tags: ['users'], summary: 'One user', params: idParams, response: { 200: userSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getUser(ctx, request.params.id)),
  });
  api.patch('/api/users/:id', {
    config: { access: policyAccess(userPolicy, 'update') },
    schema: {
      tags: ['users'],
      summary: 'Change roles or name, unlock, or (de)activate a user (deactivation ends their sessions)',
      params: idParams,
      body: updateUserInput,
      response: { 200: userSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateUser(ctx, request.params.id, request.body)),
  });

  api.get('/api/audit', {
    config: { access: policyAccess(auditPolicy, 'list') },
    schema: {
      tags: ['audit'],
      summary: 'Audit entries, newest first (agency administrator: own agency; platform administrator: all)',
      querystring: listAuditQuery,
      response: { 200: z.object({ items: z.array(auditEntrySchema), nextBefore: z.number().nullable() }) },
    },
    handler: (request) => runUseCase(services, request, (ctx) => listAudit(ctx, request.query)),
  });
  api.post('/api/audit/verify', {
    config: { access: policyAccess(auditPolicy, 'verify') },
    schema: { tags: ['audit'], summary: 'Verify the whole audit chain as a background job', response: { 202: jobSchema } },
    handler: async (request, reply) => reply.status(202).send(await runUseCase(services, request, startAuditVerification)),
  });

  api.get('/api/jobs', {
    config: { access: policyAccess(jobPolicy, 'list') },
    schema: {
      tags: ['jobs'],
      summary: 'Your jobs (agency administrator: the agency’s)',
      response: { 200: z.object({ items: z.array(jobSchema) }) },
    },
    handler: async (request) => ({ items: await runUseCase(services, request, listJobs) }),
  });
  api.get('/api/jobs/:id', {
    config: { access: policyAccess(jobPolicy, 'read') },
    schema: { tags: ['jobs'], summary: 'Status and progress of one job', params: idParams, response: { 200: jobSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => getJob(ctx, request.params.id)),
  });
  api.post('/api/jobs/:id/cancel', {
    config: { access: policyAccess(jobPolicy, 'cancel') },
    schema: { tags: ['jobs'], summary: 'Cancel a queued or running job', params: idParams, response: { 200: jobSchema } },
    handler: (request) => runUseCase(services, request, (ctx) => cancelJob(ctx, request.params.id)),
  });

  api.get('/api/settings', {
    config: { access: policyAccess(settingsPolicy, 'read') },
    schema: { tags: ['settings'], summary: 'Platform settings', response: { 200: platformSettingsSchema } },
    handler: (request) => runUseCase(services, request, readSettings),
  });
  api.patch('/api/settings', {
    config: { access: policyAccess(settingsPolicy, 'update') },
    schema: {
      tags: ['settings'],
      summary: 'Change platform settings (platform administrator)',
      body: updateSettingsInput,
      response: { 200: platformSettingsSchema },
    },
    handler: (request) => runUseCase(services, request, (ctx) => updateSettings(ctx, request.body)),
  });
}
