import { z } from 'zod';
import { calendarDate } from '../platform/schema-parts.ts';
import type { Trx } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { authorize } from '../platform/policy.ts';
import { checkLegalBasis } from './engine/check-legal-basis.ts';
import { cooperationTypes, instrumentKinds, offenceCategories, type CheckInput, type CheckResult } from './engine/types.ts';
import { legalBasisPolicy } from './policies.ts';
import { loadDeclarations, loadInstruments, loadStates } from './repository.ts';
import { stateCode } from './schemas.ts';

export const checkInputSchema = z
  .object({
    requestingState: stateCode,
    requestedState: stateCode,
    cooperation: z.enum(cooperationTypes),
    offences: z
      .array(
        z.object({
          category: z.enum(offenceCategories),
          maxPenaltyYears: z.number().min(0).max(100),
          criminalInRequestedState: z.boolean().optional(),
          politicalCharacter: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(20),
    personNationality: stateCode.optional(),
    date: calendarDate.optional(),
  })
  .refine((input) => input.requestingState !== input.requestedState, 'the requesting and requested states must differ');

/**
 * The module's service for other modules (intelligence dissemination, MLA and extradition requests, asset freezing):
 * on what basis may `requestingState` ask `requestedState` for this cooperation, and what could make it refuse?
 * Runs in the caller's transaction.
 */
export async function checkLegalBasisFor(trx: Trx, input: CheckInput): Promise<CheckResult> {
  const [states, instruments, declarations] = await Promise.all([
    loadStates(trx),
    loadInstruments(trx, { state: input.requestedState }),
    loadDeclarations(trx),
  ]);
  for (const code of [input.requestingState, input.requestedState]) {
    if (!states.some((state) => state.code === code)) throw new AppError('INVALID_INPUT', `Unknown state ${code}`, { state: code });
  }
  return checkLegalBasis(input, { states, instruments, declarations });
}

export async function runLegalBasisCheck(ctx: Ctx, input: z.infer<typeof checkInputSchema>): Promise<CheckResult> {
  authorize(ctx.actor, legalBasisPolicy, 'check');
  return checkLegalBasisFor(ctx.trx, { ...input, date: input.date ?? ctx.now.toISOString().slice(0, 10) });
}

const basisSchema = z.object({
  instrumentId: z.string().nullable(),
  title: z.string(),
  kind: z.enum([...instrumentKinds, 'reciprocity']),
  strength: z.enum(['binding_bilateral', 'binding_multilateral', 'non_binding', 'reciprocity']),
  rank: z.number().int(),
  articles: z.array(z.string()),
  conditions: z.array(z.object({ code: z.string(), reason: z.string() })),
  reason: z.string(),
});

/** The checker's answer, as documented in the OpenAPI document. */
export const checkResultSchema = z.object({
  input: z.object({
    requestingState: z.string(),
    requestedState: z.string(),
    cooperation: z.enum(cooperationTypes),
    offences: z.array(
      z.object({
        category: z.enum(offenceCategories),
        maxPenaltyYears: z.number(),
        criminalInRequestedState: z.boolean().optional(),
        politicalCharacter: z.boolean().optional(),
      }),
    ),
    personNationality: z.string().optional(),
    date: z.string(),
  }),
  bases: z.array(basisSchema),
  risks: z.array(
    z.object({
      code: z.enum([
        'nationals_not_extradited',
        'below_penalty_threshold',
        'offence_not_covered',
        'no_dual_criminality',
        'dual_criminality_unknown',
        'political_offence',
        'death_penalty_assurance',
        'language_requirement',
        'not_in_force_on_date',
        'non_binding_only',
      ]),
      severity: z.enum(['bar', 'high', 'medium']),
      instrumentId: z.string().nullable(),
      reason: z.string(),
    }),
  ),
  fallback: basisSchema.nullable(),
  summary: z.string(),
  possible: z.boolean(),
});
