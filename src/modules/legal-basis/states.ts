import type { Trx } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../platform/audit/record-audit.ts';
import type { Ctx } from '../platform/context.ts';
import { allows, authorize } from '../platform/policy.ts';
import { presentInstrument } from './instruments.ts';
import { statePolicy } from './policies.ts';
import { loadDeclarations, loadInstruments, loadStates, registryWriteOf, type RegistryWrite } from './repository.ts';
import type { StateInput } from './schemas.ts';

export async function authoritiesOf(ctx: { trx: Trx }, code?: string) {
  let query = ctx.trx.selectFrom('legal_authorities').selectAll().orderBy('state').orderBy('kind').orderBy('name');
  if (code) query = query.where('state', '=', code);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    state: row.state,
    kind: row.kind,
    name: row.name,
    agencyId: row.agency_id,
    contact: row.contact,
  }));
}

export async function listStates(ctx: Ctx) {
  authorize(ctx.actor, statePolicy, 'read');
  const [states, authorities] = await Promise.all([loadStates(ctx.trx), authoritiesOf(ctx)]);
  const edit = allows(ctx.actor, statePolicy, 'edit');
  return states.map((state) => ({
    ...state,
    authorities: authorities.filter((authority) => authority.state === state.code),
    policies: { read: true, edit },
  }));
}

/** A state's profile: the state, its authorities, every instrument it is party to (with status today), its declarations. */
export async function getStateProfile(ctx: Ctx, code: string) {
  authorize(ctx.actor, statePolicy, 'read');
  const state = (await loadStates(ctx.trx)).find((candidate) => candidate.code === code);
  if (!state) throw notFound('State');
  const date = ctx.now.toISOString().slice(0, 10);
  return {
    ...state,
    authorities: await authoritiesOf(ctx, code),
    instruments: (await loadInstruments(ctx.trx, { state: code })).map((instrument) => presentInstrument(ctx, instrument, date)),
    declarations: await loadDeclarations(ctx.trx, { state: code }),
    policies: { read: true, edit: allows(ctx.actor, statePolicy, 'edit') },
  };
}

/** Inserts or replaces a state and its list of authorities (also used by import). */
export async function saveState(ctx: RegistryWrite, input: StateInput): Promise<void> {
  const values = {
    name: input.name,
    name_zh: input.nameZh,
    languages: input.languages,
    extradites_nationals: input.extraditesNationals,
    reciprocity: input.reciprocity,
    death_penalty: input.deathPenalty,
    notes: input.notes,
    demo: input.demo,
    updated_at: ctx.now,
    updated_by: ctx.userId,
  };
  await ctx.trx
    .insertInto('legal_states')
    .values({ code: input.code, ...values, created_by: ctx.userId })
    .onConflict((oc) => oc.column('code').doUpdateSet(values))
    .execute();
  await ctx.trx.deleteFrom('legal_authorities').where('state', '=', input.code).execute();
  for (const authority of input.authorities) {
    await ctx.trx
      .insertInto('legal_authorities')
      .values({
        ...(authority.id ? { id: authority.id } : {}),
        state: input.code,
        kind: authority.kind,
        name: authority.name,
        agency_id: authority.agencyId,
        contact: authority.contact,
        created_by: ctx.userId,
        updated_by: ctx.userId,
      })
      .execute();
  }
}

export async function putState(ctx: Ctx, code: string, input: Omit<StateInput, 'code'>) {
  authorize(ctx.actor, statePolicy, 'edit');
  await saveState(registryWriteOf(ctx), { ...input, code });
  await recordAudit(ctx, { type: 'legal.state_saved', version: 1, data: { state: code, name: input.name } });
  return getStateProfile(ctx, code);
}
