import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { stepRefusal, type StepFact } from '../engine/lifecycle.ts';
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

export const stepColumns = [
  'id',
  'fugitive_id',
  'seq',
  'kind',
  'state',
  'city',
  'means',
  'note',
  'created_at',
  'created_by',
  dateText('occurred_on', 'occurred_on'),
] as const;

export function presentStep(row: {
  id: string;
  fugitive_id: string;
  seq: number;
  kind: Step['kind'];
  state: string | null;
  city: string | null;
  means: Step['means'];
  note: string | null;
  created_at: Date;
  created_by: string | null;
  occurred_on: string;
}): Step {
  return {
    id: row.id,
    fugitiveId: row.fugitive_id,
    seq: row.seq,
    kind: row.kind,
    on: row.occurred_on,
    state: row.state,
    city: row.city,
    means: row.means,
    note: row.note,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
  };
}

export async function recordStep(ctx: Ctx, personId: string, input: z.infer<typeof recordStepInput>): Promise<Step> {
  // The person's row is locked, so that steps of one person are appended one at a time.
  const person = await findVisiblePerson(ctx, personId, 'record_step', true);
  if (input.on > today(ctx.now)) throw new AppError('INVALID_INPUT', 'A step’s date cannot be in the future', { field: 'on' });
  const previous = await ctx.trx
    .selectFrom('fugitive_return_steps')
    .select(stepColumns)
    .where('agency_id', '=', person.agency_id)
    .where('fugitive_id', '=', person.id)
    .orderBy('seq')
    .execute();
  const facts: StepFact[] = previous.map((step) => ({
    kind: step.kind,
    on: step.occurred_on,
    state: step.state,
    city: step.city,
    means: step.means,
  }));
  const refusal = stepRefusal(facts, { kind: input.kind, on: input.on }, person.fled_on);
  if (refusal) throw new AppError('CONFLICT', refusal, { kind: input.kind, on: input.on });
  const row = await ctx.trx
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
    .returning(stepColumns)
    .executeTakeFirstOrThrow();
  await ctx.trx
    .updateTable('fugitives')
    .set({ updated_at: ctx.now, updated_by: ctx.actor.userId })
    .where('agency_id', '=', person.agency_id)
    .where('id', '=', person.id)
    .execute();
  await recordAudit(ctx, {
    type: 'fugitives.return_step_recorded',
    version: 1,
    data: { fugitiveId: person.id, stepId: row.id, kind: row.kind, on: row.occurred_on },
  });
  return presentStep(row);
}
