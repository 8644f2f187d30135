import { z } from 'zod';
import { notFound } from '../../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { authorize, definePolicy, presentPolicies } from '../policy.ts';
import type { JobRow, NewJob } from './job-queue.ts';

const ownOrAgencyAdmin = (actor: Actor, job: JobRow) =>
  job.agency_id === actor.agencyId && (job.created_by === actor.userId || actor.roles.includes('agency_admin'));

/** A user sees and cancels the jobs they started; an agency administrator those of the whole agency. */
export const jobPolicy = definePolicy<JobRow, 'read' | 'list' | 'cancel'>('job', {
  read: { roles: 'any', when: ownOrAgencyAdmin },
  list: { roles: 'any' },
  cancel: {
    roles: 'any',
    when: (actor, job) => ownOrAgencyAdmin(actor, job) && (job.status === 'queued' || job.status === 'running') && !job.cancel_requested,
  },
});

export const jobSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.number(),
  message: z.string().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  createdBy: z.uuid(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  policies: z.object({ read: z.boolean(), list: z.boolean(), cancel: z.boolean() }),
});
export type Job = z.infer<typeof jobSchema>;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function presentJob(actor: Actor, row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    progress: row.progress,
    message: row.message,
    result: row.result ?? null,
    error: row.error,
    cancelRequested: row.cancel_requested,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    policies: presentPolicies(actor, jobPolicy, row),
  };
}

export async function listJobs(ctx: Ctx): Promise<Job[]> {
  authorize(ctx.actor, jobPolicy, 'list');
  let select = ctx.trx.selectFrom('jobs').selectAll().where('agency_id', '=', ctx.actor.agencyId).orderBy('created_at', 'desc').limit(100);
  if (!ctx.actor.roles.includes('agency_admin')) select = select.where('created_by', '=', ctx.actor.userId);
  const rows = await select.execute();
  return rows.map((row) => presentJob(ctx.actor, row));
}

async function findJob(ctx: Ctx, id: string): Promise<JobRow> {
  const row = await ctx.trx.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Job');
  authorize(ctx.actor, jobPolicy, 'read', row);
  return row;
}

export async function getJob(ctx: Ctx, id: string): Promise<Job> {
  return presentJob(ctx.actor, await findJob(ctx, id));
}

export async function cancelJob(ctx: Ctx, id: string): Promise<Job> {
  const row = await findJob(ctx, id);
  authorize(ctx.actor, jobPolicy, 'cancel', row);
  const updated = await ctx.trx
    .updateTable('jobs')
    .set(
      row.status === 'queued'
        ? { cancel_requested: true, status: 'cancelled', finished_at: ctx.now, message: 'Cancelled before it started', updated_at: ctx.now }
        : { cancel_requested: true, message: 'Cancelling…', updated_at: ctx.now },
    )
    .where('agency_id', '=', row.agency_id)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, { type: 'job.cancel_requested', version: 1, data: { jobId: id } });
  return presentJob(ctx.actor, updated);
}

/**
 * The status of jobs of the acting agency, by id, for modules whose own records follow a job (e.g. a screening batch):
 * a job that ended without its handler's knowledge (its process stopped) shows as failed there too. The caller has
 * authorised its own record; row-level security limits the answer to the acting agency's jobs.
 */
export async function jobStatuses(
  ctx: Pick<Ctx, 'trx'>,
  ids: readonly string[],
): Promise<Map<string, { status: JobRow['status']; error: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.trx
    .selectFrom('jobs')
    .select(['id', 'status', 'error'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, { status: row.status, error: row.error }]));
}

/** Starts a job for the actor's agency, in the use case's transaction, and audits it. */
export async function startJob(ctx: Ctx, job: Omit<NewJob, 'agencyId' | 'createdBy'>): Promise<Job> {
  const row = await ctx.services.jobs.enqueue(ctx.trx, { ...job, agencyId: ctx.actor.agencyId, createdBy: ctx.actor.userId });
  await recordAudit(ctx, { type: 'job.created', version: 1, data: { jobId: row.id, jobType: row.type } });
  return presentJob(ctx.actor, row);
}
