import { z } from 'zod';
import { calendarDate } from '../platform/schema-parts.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../platform/audit/record-audit.ts';
import type { Ctx } from '../platform/context.ts';
import { allows, authorize } from '../platform/policy.ts';
import { statusOn } from './engine/check-legal-basis.ts';
import { instrumentKinds, instrumentStatuses } from './engine/types.ts';
import { instrumentPolicy } from './policies.ts';
import { loadDeclarations, loadInstruments, registryWriteOf, type RegistryWrite, type StoredInstrument } from './repository.ts';
import { instrumentInputSchema, instrumentUpdateSchema, statusEventSchema, type InstrumentInput } from './schemas.ts';

export const listInstrumentsQuery = z.object({
  kind: z.enum(instrumentKinds).optional(),
  state: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  status: z.enum(instrumentStatuses).optional(),
  date: calendarDate.optional(),
});

const today = (now: Date) => now.toISOString().slice(0, 10);

export function presentInstrument(ctx: Ctx, instrument: StoredInstrument, date: string) {
  const inForce = instrument.statusHistory.find((event) => event.status === 'in_force');
  return {
    ...instrument,
    currentStatus: statusOn(instrument, date),
    inForceSince: inForce?.date ?? null,
    policies: { read: true, edit: allows(ctx.actor, instrumentPolicy, 'edit') },
  };
}
export type InstrumentView = ReturnType<typeof presentInstrument>;

export async function listInstruments(ctx: Ctx, query: z.infer<typeof listInstrumentsQuery>): Promise<InstrumentView[]> {
  authorize(ctx.actor, instrumentPolicy, 'read');
  const date = query.date ?? today(ctx.now);
  const instruments = await loadInstruments(ctx.trx, query.state ? { state: query.state } : {});
  return instruments
    .filter((instrument) => !query.kind || instrument.kind === query.kind)
    .map((instrument) => presentInstrument(ctx, instrument, date))
    .filter((instrument) => !query.status || instrument.currentStatus === query.status);
}

export async function getInstrument(ctx: Ctx, id: string) {
  authorize(ctx.actor, instrumentPolicy, 'read');
  const [instrument] = await loadInstruments(ctx.trx, { ids: [id] });
  if (!instrument) throw notFound('Instrument');
  return { ...presentInstrument(ctx, instrument, today(ctx.now)), declarations: await loadDeclarations(ctx.trx, { instrumentId: id }) };
}

async function assertStatesKnown(ctx: RegistryWrite, codes: string[]): Promise<void> {
  const known = await ctx.trx.selectFrom('legal_states').select('code').where('code', 'in', codes).execute();
  const missing = codes.filter((code) => !known.some((row) => row.code === code));
  if (missing.length > 0)
    throw new AppError('INVALID_INPUT', `Unknown state(s): ${missing.join(', ')}; add them first`, { states: missing });
}

/** Inserts or replaces one instrument and its status history (also used by import). */
export async function saveInstrument(ctx: RegistryWrite, input: InstrumentInput): Promise<string> {
  await assertStatesKnown(ctx, input.parties);
  const values = {
    kind: input.kind,
    title: input.title,
    short_title: input.shortTitle,
    parties: input.parties,
    coverage: input.coverage,
    offences: JSON.stringify(input.offences),
    conditions: JSON.stringify(input.conditions),
    languages: input.languages,
    central_authority: input.centralAuthority,
    articles: JSON.stringify(input.articles),
    text_reference: input.textReference,
    demo: input.demo,
    updated_at: ctx.now,
    updated_by: ctx.userId,
  };
  const existing = input.id
    ? await ctx.trx.selectFrom('legal_instruments').select('id').where('id', '=', input.id).executeTakeFirst()
    : undefined;
  let id: string;
  if (existing) {
    id = existing.id;
    await ctx.trx.updateTable('legal_instruments').set(values).where('id', '=', id).execute();
  } else {
    const row = await ctx.trx
      .insertInto('legal_instruments')
      .values({ ...values, ...(input.id ? { id: input.id } : {}), created_by: ctx.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  for (const event of input.statusHistory) {
    await ctx.trx
      .insertInto('legal_instrument_status')
      .values({ instrument_id: id, status: event.status, effective_on: event.date, note: event.note ?? null, recorded_by: ctx.userId })
      .onConflict((oc) => oc.columns(['instrument_id', 'effective_on', 'status']).doUpdateSet({ note: event.note ?? null }))
      .execute();
  }
  return id;
}

export async function createInstrument(ctx: Ctx, input: z.infer<typeof instrumentInputSchema>) {
  authorize(ctx.actor, instrumentPolicy, 'edit');
  const id = await saveInstrument(registryWriteOf(ctx), { ...input, id: undefined });
  await recordAudit(ctx, {
    type: 'legal.instrument_created',
    version: 1,
    data: { instrumentId: id, title: input.title, kind: input.kind },
  });
  return getInstrument(ctx, id);
}

export async function updateInstrument(ctx: Ctx, id: string, input: z.infer<typeof instrumentUpdateSchema>) {
  authorize(ctx.actor, instrumentPolicy, 'edit');
  const [existing] = await loadInstruments(ctx.trx, { ids: [id] });
  if (!existing) throw notFound('Instrument');
  const merged = instrumentInputSchema.safeParse({ ...existing, ...input, statusHistory: [] });
  if (!merged.success) throw new AppError('INVALID_INPUT', 'The instrument would not be valid', { issues: merged.error.issues });
  await saveInstrument(registryWriteOf(ctx), { ...merged.data, id });
  await recordAudit(ctx, { type: 'legal.instrument_updated', version: 1, data: { instrumentId: id, changes: input } });
  return getInstrument(ctx, id);
}

/** Records a change of status (signed, ratified, in force, suspended, terminated …) effective on a date. */
export async function addInstrumentStatus(ctx: Ctx, id: string, input: z.infer<typeof statusEventSchema>) {
  authorize(ctx.actor, instrumentPolicy, 'edit');
  const [existing] = await loadInstruments(ctx.trx, { ids: [id] });
  if (!existing) throw notFound('Instrument');
  const clash = existing.statusHistory.some((event) => event.date === input.date && event.status === input.status);
  if (clash) throw new AppError('CONFLICT', `The instrument already has status ${input.status} on ${input.date}`);
  await ctx.trx
    .insertInto('legal_instrument_status')
    .values({ instrument_id: id, status: input.status, effective_on: input.date, note: input.note ?? null, recorded_by: ctx.actor.userId })
    .execute();
  await recordAudit(ctx, {
    type: 'legal.instrument_status_added',
    version: 1,
    data: { instrumentId: id, status: input.status, date: input.date },
  });
  return getInstrument(ctx, id);
}
