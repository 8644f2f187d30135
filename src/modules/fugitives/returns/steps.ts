import { z } from 'zod';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { stepRefusal, type StepFact } from '../engine/lifecycle.ts';
import { readerView, type ReaderView } from '../persons/shared-view.ts';
import { findVisiblePerson } from '../persons/visibility.ts';
import { calendarDate, countryCode, dateText, iso, today } from '../schemas.ts';

/**
 * The steps of a wanted person's return, appended in order by the wanting agency: located → provisional arrest or
 * detention → extradition proceedings, deportation, repatriation or voluntary return → returned (from which state, by
 * what means) → trial → verdict. The rules (engine/lifecycle.ts) refuse a step out of order with 409 CONFLICT.
 */
export const stepKinds = [
  'located',
  'provisional_arrest',
  'detention',
  'extradition_proceedings',
  'deportation',
  'repatriation',
  'voluntary_return',
  'returned',
  'trial',
  'verdict',
] as const;
export const returnMeans = ['extradition', 'deportation', 'repatriation', 'voluntary_return'] as const;

export const stepSchema = z.object({
  id: z.uuid(),
  fugitiveId: z.uuid(),
  seq: z.number().int(),
  kind: z.enum(stepKinds),
  on: z.string(),
  state: z.string().nullable(),
  city: z.string().nullable(),
  means: z.enum(returnMeans).nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  /** When the wanting agency retracted the step as recorded in error; a retracted step no longer counts. */
  retractedAt: z.string().nullable(),
  retractionReason: z.string().nullable(),
});
export type Step = z.infer<typeof stepSchema>;

export const recordStepInput = z
  .object({
    kind: z.enum(stepKinds),
    on: calendarDate,
    state: countryCode.nullable().optional().describe('where: required for located and returned (the state the person was returned from)'),
    city: z.string().trim().min(1).max(120).nullable().optional(),
    means: z.enum(returnMeans).nullable().optional().describe('returned only, and required there'),
    note: z.string().trim().min(1).max(2000).nullable().optional().describe('e.g. the verdict’s sentence'),
  })
  .superRefine((input, issues) => {
    if ((input.kind === 'located' || input.kind === 'returned') && !input.state) {
      issues.addIssue({ code: 'custom', path: ['state'], message: `A ${input.kind} step names the state` });
    }
    if (input.kind === 'returned' && !input.means) {
      issues.addIssue({ code: 'custom', path: ['means'], message: 'A return names its means' });
    }
    if (input.kind !== 'returned' && input.means) {
      issues.addIssue({ code: 'custom', path: ['means'], message: 'Only a return has means' });
    }
  });

export const retractStepInput = z.object({
  reason: z.string().trim().min(3).max(2000).describe('why the step was recorded in error'),
});
export const stepParams = z.object({ id: z.uuid(), stepId: z.uuid() });

type StepRow = Awaited<ReturnType<typeof readSteps>>[number];

/** Every step of a person in recording order, retracted ones included, with their retraction. */
export function readSteps(ctx: Ctx, person: { agency_id: string; id: string }) {
  return ctx.trx
    .selectFrom('fugitive_return_steps as s')
    .leftJoin('fugitive_step_retractions as r', (join) => join.onRef('r.agency_id', '=', 's.agency_id').onRef('r.step_id', '=', 's.id'))
    .select([
      's.agency_id',
      's.id',
      's.fugitive_id',
      's.seq',
      's.kind',
      's.state',
      's.city',
      's.means',
      's.note',
      's.created_at',
      's.created_by',
      dateText('s.occurred_on', 'occurred_on'),
      'r.created_at as retracted_at',
      'r.reason as retraction_reason',
    ])
    .where('s.agency_id', '=', person.agency_id)
    .where('s.fugitive_id', '=', person.id)
    .orderBy('s.seq')
    .execute();
}

/** A step as `view`'s reader may see it: another agency sees the facts, not the keeper's note or who recorded it. */
export function presentStep(row: StepRow, view: ReaderView): Step {
  return {
    id: row.id,
    fugitiveId: row.fugitive_id,
    seq: row.seq,
    kind: row.kind,
    on: row.occurred_on,
    state: row.state,
    city: row.city,
    means: row.means,
    note: view.keeper ? row.note : null,
    createdAt: iso(row.created_at),
    createdBy: view.userId(row.agency_id, row.created_by),
    retractedAt: row.retracted_at ? iso(row.retracted_at) : null,
    retractionReason: view.keeper ? row.retraction_reason : null,
  };
}

/** The steps `view`'s reader sees: all for the keeper, the standing ones for another agency. */
export const stepsFor = (rows: readonly StepRow[], view: ReaderView): Step[] =>
  rows.filter((row) => view.keeper || !row.retracted_at).map((row) => presentStep(row, view));

const standingFacts = (rows: readonly StepRow[]): StepFact[] =>
  rows
    .filter((row) => !row.retracted_at)
    .map((row) => ({ kind: row.kind, on: row.occurred_on, state: row.state, city: row.city, means: row.means }));

const touchPerson = (ctx: Ctx, person: { agency_id: string; id: string }) =>
  ctx.trx
    .updateTable('fugitives')
    .set({ updated_at: ctx.now, updated_by: ctx.actor.userId })
    .where('agency_id', '=', person.agency_id)
    .where('id', '=', person.id)
    .execute();

export async function recordStep(ctx: Ctx, personId: string, input: z.infer<typeof recordStepInput>): Promise<Step> {
  // The person's row is locked, so that steps of one person are appended one at a time.
  const person = await findVisiblePerson(ctx, personId, 'record_step', true);
  if (input.on > today(ctx.now)) throw new AppError('INVALID_INPUT', 'A step’s date cannot be in the future', { field: 'on' });
  const previous = await readSteps(ctx, person);
  const facts = standingFacts(previous);
  const refusal = stepRefusal(facts, { kind: input.kind, on: input.on }, person.fled_on);
  if (refusal) throw new AppError('CONFLICT', refusal, { kind: input.kind, on: input.on });
  const inserted = await ctx.trx
    .insertInto('fugitive_return_steps')
    .values({
      agency_id: person.agency_id,
      fugitive_id: person.id,
      seq: previous.length + 1,
      kind: input.kind,
      occurred_on: input.on,
      state: input.state ?? null,
      city: input.city ?? null,
      means: input.means ?? null,
      note: input.note ?? null,
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await touchPerson(ctx, person);
  const row = (await readSteps(ctx, person)).find((step) => step.id === inserted.id)!;
  await recordAudit(ctx, {
    type: 'fugitives.return_step_recorded',
    version: 1,
    data: { fugitiveId: person.id, stepId: row.id, kind: row.kind, on: row.occurred_on },
  });
  return presentStep(row, readerView(ctx, person.agency_id));
}

/**
 * Retracts the latest standing step of a person as recorded in error, with a reason. Only the latest may be
 * retracted, so that the standing steps stay a sequence the rules accepted; to correct an earlier step, retract the
 * steps after it first. The step stays in the timeline, marked retracted; the correct step is then recorded anew.
 */
export async function retractStep(ctx: Ctx, personId: string, stepId: string, input: z.infer<typeof retractStepInput>): Promise<Step> {
  const person = await findVisiblePerson(ctx, personId, 'record_step', true);
  const steps = await readSteps(ctx, person);
  const step = steps.find((candidate) => candidate.id === stepId);
  if (!step) throw notFound('Return step');
  if (step.retracted_at) throw new AppError('CONFLICT', 'This step has already been retracted', { stepId });
  const latest = steps.filter((candidate) => !candidate.retracted_at).at(-1);
  if (latest?.id !== step.id) {
    throw new AppError('CONFLICT', 'Only the latest standing step can be retracted; retract the later steps first', {
      stepId,
      latestStepId: latest?.id ?? null,
    });
  }
  await ctx.trx
    .insertInto('fugitive_step_retractions')
    .values({
      agency_id: person.agency_id,
      step_id: step.id,
      fugitive_id: person.id,
      reason: input.reason,
      created_by: ctx.actor.userId,
    })
    .execute();
  await touchPerson(ctx, person);
  await recordAudit(ctx, {
    type: 'fugitives.return_step_retracted',
    version: 1,
    data: { fugitiveId: person.id, stepId: step.id, kind: step.kind },
  });
  return presentStep(
    (await readSteps(ctx, person)).find((candidate) => candidate.id === stepId)!,
    readerView(ctx, person.agency_id),
  );
}
