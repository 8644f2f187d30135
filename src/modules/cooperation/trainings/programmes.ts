import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { trainingProgrammePolicy } from '../policies.ts';
import { changesSomething, countryCode, listLimit, longText, trainingTopic, yearFilter } from '../schemas.ts';
import { agencyStates, owningAgency, visibleTo } from '../sharing.ts';
import {
  loadSessions,
  presentProgramme,
  programmeColumns,
  type ProgrammeRow,
  type TrainingProgramme,
  type TrainingProgrammeDetail,
} from './training-views.ts';

/** Training programmes: organised by one agency, hosted in one state, run as sessions that member agencies attend. */

const topicList = z
  .array(trainingTopic)
  .min(1)
  .max(8)
  .transform((topics) => [...new Set(topics)]);

export const listProgrammesQuery = z.object({ year: yearFilter, topic: trainingTopic.optional(), limit: listLimit });

export const createProgrammeInput = z.object({
  agencyId: z.uuid().optional().describe('organising agency (platform administrators only; default: your own)'),
  title: z.string().trim().min(3).max(300),
  topics: topicList,
  hostState: countryCode,
  year: z.number().int().min(2000).max(2100),
  description: longText.nullable().optional(),
});

export const updateProgrammeInput = z.object({
  title: z.string().trim().min(3).max(300).optional(),
  topics: topicList.optional(),
  hostState: countryCode.optional(),
  year: z.number().int().min(2000).max(2100).optional(),
  description: longText.nullable().optional(),
  cancelled: z.boolean().optional(),
});

export async function listProgrammes(ctx: Ctx, query: z.infer<typeof listProgrammesQuery>): Promise<TrainingProgramme[]> {
  authorize(ctx.actor, trainingProgrammePolicy, 'list');
  let select = ctx.trx
    .selectFrom('training_programmes')
    .select(programmeColumns)
    .where(visibleTo(ctx.actor, 'agency_id', 'participant_agency_ids', 'array'))
    .orderBy('year', 'desc')
    .orderBy('title')
    .orderBy('id')
    .limit(query.limit);
  if (query.year) select = select.where('year', '=', query.year);
  if (query.topic) select = select.where(sql<SqlBool>`topics @> array[${query.topic}]::text[]`);
  const rows = await select.execute();
  return rows.map((row) => presentProgramme(ctx.actor, row));
}

export async function findProgramme(ctx: Ctx, id: string): Promise<ProgrammeRow> {
  const row = await ctx.trx.selectFrom('training_programmes').select(programmeColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Training programme');
  authorize(ctx.actor, trainingProgrammePolicy, 'read', row);
  return row;
}

export async function getProgramme(ctx: Ctx, id: string): Promise<TrainingProgrammeDetail> {
  const row = await findProgramme(ctx, id);
  return { ...presentProgramme(ctx.actor, row), sessions: await loadSessions(ctx, row) };
}

export async function createProgramme(ctx: Ctx, input: z.infer<typeof createProgrammeInput>): Promise<TrainingProgrammeDetail> {
  const agencyId = owningAgency(ctx, input.agencyId);
  authorize(ctx.actor, trainingProgrammePolicy, 'create', { agency_id: agencyId, participant_agency_ids: [], cancelled: false });
  await agencyStates(ctx, [agencyId], 'agencyId');
  const row = await ctx.trx
    .insertInto('training_programmes')
    .values({
      agency_id: agencyId,
      title: input.title,
      topics: input.topics,
      host_state: input.hostState,
      year: input.year,
      description: input.description ?? null,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning(programmeColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    {
      type: 'cooperation.training_created',
      version: 1,
      data: { programmeId: row.id, title: row.title, year: row.year, topics: row.topics },
    },
    { agencyId },
  );
  return { ...presentProgramme(ctx.actor, row), sessions: [] };
}

export async function updateProgramme(ctx: Ctx, id: string, input: z.infer<typeof updateProgrammeInput>): Promise<TrainingProgrammeDetail> {
  const existing = await findProgramme(ctx, id);
  authorize(ctx.actor, trainingProgrammePolicy, 'update', existing);
  if (!changesSomething(input)) return { ...presentProgramme(ctx.actor, existing), sessions: await loadSessions(ctx, existing) };
  const row = await ctx.trx
    .updateTable('training_programmes')
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.topics !== undefined ? { topics: input.topics } : {}),
      ...(input.hostState !== undefined ? { host_state: input.hostState } : {}),
      ...(input.year !== undefined ? { year: input.year } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.cancelled !== undefined ? { cancelled: input.cancelled } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', existing.agency_id)
    .where('id', '=', id)
    .returning(programmeColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    { type: 'cooperation.training_updated', version: 1, data: { programmeId: id, changes: input } },
    { agencyId: existing.agency_id },
  );
  return { ...presentProgramme(ctx.actor, row), sessions: await loadSessions(ctx, row) };
}
