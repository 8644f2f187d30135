import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../platform/audit/record-audit.ts';
import type { Ctx } from '../platform/context.ts';
import { authorize } from '../platform/policy.ts';
import { declarationPolicy } from './policies.ts';
import { registryWriteOf, type RegistryWrite } from './repository.ts';
import type { DeclarationInput } from './schemas.ts';

/** Inserts or replaces the declaration of a state under an instrument, one per (instrument, state, kind, article). */
export async function saveDeclaration(ctx: RegistryWrite, input: DeclarationInput): Promise<string> {
  const instrument = await ctx.trx
    .selectFrom('legal_instruments')
    .select(['id', 'kind', 'parties'])
    .where('id', '=', input.instrumentId)
    .executeTakeFirst();
  if (!instrument) throw notFound('Instrument');
  if (instrument.kind !== 'multilateral_convention') {
    throw new AppError('INVALID_INPUT', 'Declarations and reservations are made under multilateral instruments');
  }
  if (!instrument.parties.map((party) => party.trim()).includes(input.state)) {
    throw new AppError('INVALID_INPUT', `${input.state} is not a party to this instrument`);
  }
  const values = {
    value: JSON.stringify(input.value),
    text: input.text,
    updated_at: ctx.now,
    updated_by: ctx.userId,
  };
  const row = await ctx.trx
    .insertInto('legal_declarations')
    .values({
      ...(input.id ? { id: input.id } : {}),
      instrument_id: input.instrumentId,
      state: input.state,
      kind: input.kind,
      article: input.article,
      ...values,
      created_by: ctx.userId,
    })
    .onConflict((oc) => oc.columns(['instrument_id', 'state', 'kind', 'article']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function putDeclaration(ctx: Ctx, input: DeclarationInput) {
  authorize(ctx.actor, declarationPolicy, 'edit');
  const id = await saveDeclaration(registryWriteOf(ctx), input);
  await recordAudit(ctx, {
    type: 'legal.declaration_saved',
    version: 1,
    data: { declarationId: id, instrumentId: input.instrumentId, state: input.state, kind: input.kind, article: input.article },
  });
  return { id, ...input };
}

export async function removeDeclaration(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, declarationPolicy, 'edit');
  const row = await ctx.trx
    .deleteFrom('legal_declarations')
    .where('id', '=', id)
    .returning(['id', 'instrument_id', 'state'])
    .executeTakeFirst();
  if (!row) throw notFound('Declaration');
  await recordAudit(ctx, {
    type: 'legal.declaration_removed',
    version: 1,
    data: { declarationId: row.id, instrumentId: row.instrument_id, state: row.state },
  });
}
