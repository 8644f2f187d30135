import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { AgenciesTable } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { isPlatformAdmin, type Actor, type Ctx } from '../context.ts';
import { authorize, definePolicy, presentPolicies } from '../policy.ts';

type AgencyRow = Selectable<AgenciesTable>;

export const agencyPolicy = definePolicy<AgencyRow, 'read' | 'list' | 'create' | 'update' | 'deactivate'>('agency', {
  read: { roles: 'any', when: (actor, agency) => isPlatformAdmin(actor) || agency.id === actor.agencyId },
  list: { roles: 'any' },
  create: { roles: ['platform_admin'] },
  update: { roles: ['platform_admin'] },
  // Nobody deactivates their own agency: it would end their own session and lock the platform out.
  deactivate: { roles: ['platform_admin'], when: (actor, agency) => agency.active && agency.id !== actor.agencyId },
});

export const agencySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string(),
  state: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  policies: z.object({ read: z.boolean(), list: z.boolean(), create: z.boolean(), update: z.boolean(), deactivate: z.boolean() }),
});
export type Agency = z.infer<typeof agencySchema>;

const stateCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. MY');
export const createAgencyInput = z.object({
  name: z.string().trim().min(2).max(200),
  shortName: z.string().trim().min(2).max(20),
  state: stateCode,
});
export const updateAgencyInput = z.object({
  name: z.string().trim().min(2).max(200).optional(),
  shortName: z.string().trim().min(2).max(20).optional(),
  active: z.boolean().optional(),
});

export function presentAgency(actor: Actor, row: AgencyRow): Agency {
  return {
    id: row.id,
    name: row.name,
    shortName: row.short_name,
    state: row.state,
    active: row.active,
    createdAt: new Date(row.created_at).toISOString(),
    policies: presentPolicies(actor, agencyPolicy, row),
  };
}

/** Row-level security already limits the rows to what the actor's scope may see. */
export async function listAgencies(ctx: Ctx): Promise<Agency[]> {
  authorize(ctx.actor, agencyPolicy, 'list');
  const rows = await ctx.trx.selectFrom('agencies').selectAll().orderBy('state').orderBy('name').execute();
  return rows.filter((row) => agencyPolicy.actions.read.when?.(ctx.actor, row) ?? true).map((row) => presentAgency(ctx.actor, row));
}

export async function getAgency(ctx: Ctx, id: string): Promise<Agency> {
  const row = await ctx.trx.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Agency');
  authorize(ctx.actor, agencyPolicy, 'read', row);
  return presentAgency(ctx.actor, row);
}

export async function createAgency(ctx: Ctx, input: z.infer<typeof createAgencyInput>): Promise<Agency> {
  authorize(ctx.actor, agencyPolicy, 'create');
  const clash = await ctx.trx
    .selectFrom('agencies')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['short_name']), '=', input.shortName.toLowerCase()))
    .executeTakeFirst();
  if (clash) throw new AppError('CONFLICT', 'An agency with this short name exists', { field: 'shortName' });
  const row = await ctx.trx
    .insertInto('agencies')
    .values({
      name: input.name,
      short_name: input.shortName,
      state: input.state,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    { type: 'agency.created', version: 1, data: { agencyId: row.id, name: row.name, shortName: row.short_name, state: row.state } },
    { agencyId: row.id },
  );
  return presentAgency(ctx.actor, row);
}

export async function updateAgency(ctx: Ctx, id: string, input: z.infer<typeof updateAgencyInput>): Promise<Agency> {
  const existing = await ctx.trx.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!existing) throw notFound('Agency');
  authorize(ctx.actor, agencyPolicy, 'update', existing);
  if (input.active === false) authorize(ctx.actor, agencyPolicy, 'deactivate', existing);
  const row = await ctx.trx
    .updateTable('agencies')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.shortName !== undefined ? { short_name: input.shortName } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.active === false) {
    await ctx.trx
      .updateTable('sessions')
      .set({ ended_at: ctx.now, end_reason: 'agency_deactivated' })
      .where('agency_id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
  }
  await recordAudit(ctx, { type: 'agency.updated', version: 1, data: { agencyId: id, changes: input } }, { agencyId: id });
  return presentAgency(ctx.actor, row);
}
