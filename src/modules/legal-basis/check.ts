import { z } from 'zod';
import type { Trx } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { authorize } from '../platform/policy.ts';
import { checkLegalBasis } from './engine/check-legal-basis.ts';
import { cooperationTypes, offenceCategories, type CheckInput, type CheckResult } from './engine/types.ts';
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
    date: z.iso.date().optional(),
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
