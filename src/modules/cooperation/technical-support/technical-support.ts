import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { TechnicalSupportTable } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { authorize, presentPolicies } from '../../platform/policy.ts';
import { technicalSupportPolicy } from '../policies.ts';
import {
  calendarDate,
  changesSomething,
  currencyCode,
  dateText,
  decimalPlaces,
  listLimit,
  minorUnits,
  moneyValue,
  presentStamps,
  recordStamps,
  today,
  yearFilter,
} from '../schemas.ts';
import { agencyStates, owningAgency, visibleTo } from '../sharing.ts';

/**
 * Technical support one agency delivered to another: equipment, facilities, expert missions, software. Its value is an
 * exact decimal with an ISO 4217 currency, carried as a string end to end. A record made in error is cancelled.
 */
type SupportRow = Selectable<TechnicalSupportTable>;

const supportKinds = ['equipment', 'facility', 'expert_mission', 'software', 'other'] as const;

export const technicalSupportSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid().describe('providing agency'),
  recipientAgencyId: z.uuid(),
  kind: z.enum(supportKinds),
  description: z.string(),
  value: z.string().describe('exact decimal, as a string'),
  currency: z.string(),
  deliveredOn: z.string(),
  cancelled: z.boolean(),
  ...recordStamps,
  policies: z.object({ read: z.boolean(), list: z.boolean(), create: z.boolean(), update: z.boolean() }),
});
export type TechnicalSupport = z.infer<typeof technicalSupportSchema>;

export const listTechnicalSupportQuery = z.object({
  kind: z.enum(supportKinds).optional(),
  year: yearFilter,
  recipientAgencyId: z.uuid().optional(),
  limit: listLimit,
});

export const createTechnicalSupportInput = z.object({
  agencyId: z.uuid().optional().describe('providing agency (platform administrators only; default: your own)'),
  recipientAgencyId: z.uuid(),
  kind: z.enum(supportKinds),
  description: z.string().trim().min(3).max(2000),
  value: moneyValue,
  currency: currencyCode,
  deliveredOn: calendarDate,
});

export const updateTechnicalSupportInput = z.object({
  kind: z.enum(supportKinds).optional(),
  description: z.string().trim().min(3).max(2000).optional(),
  value: moneyValue.optional(),
  currency: currencyCode.optional(),
  deliveredOn: calendarDate.optional(),
  cancelled: z.boolean().optional(),
});

const supportColumns = [
  'agency_id',
  'id',
  'recipient_agency_id',
  'kind',
  'description',
  'value',
  'currency',
  'cancelled',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  dateText('delivered_on', 'delivered_on'),
] as const;

export function presentTechnicalSupport(actor: Actor, row: SupportRow): TechnicalSupport {
  return {
    id: row.id,
    agencyId: row.agency_id,
    recipientAgencyId: row.recipient_agency_id,
    kind: row.kind,
    description: row.description,
    value: row.value,
    currency: row.currency,
    deliveredOn: row.delivered_on,
    cancelled: row.cancelled,
    ...presentStamps(row),
    policies: presentPolicies(actor, technicalSupportPolicy, row),
  };
}

/** A value may not be finer than its currency's minor unit (no "10.005 USD"); it is never rounded silently. */
function assertValueFitsCurrency(value: string, currency: string): void {
  if (decimalPlaces(value) > minorUnits(currency)) {
    throw new AppError('INVALID_INPUT', `${currency} values have at most ${minorUnits(currency)} decimal places`, { field: 'value' });
  }
}

function assertDelivered(ctx: Ctx, deliveredOn: string): void {
  if (deliveredOn > today(ctx.now)) {
    throw new AppError('INVALID_INPUT', 'deliveredOn is in the future: record support once it is delivered', { field: 'deliveredOn' });
  }
}

export async function listTechnicalSupport(ctx: Ctx, query: z.infer<typeof listTechnicalSupportQuery>): Promise<TechnicalSupport[]> {
  authorize(ctx.actor, technicalSupportPolicy, 'list');
  let select = ctx.trx
    .selectFrom('technical_support')
    .select(supportColumns)
    .where(visibleTo(ctx.actor, 'agency_id', 'recipient_agency_id', 'single'))
    .orderBy('delivered_on', 'desc')
    .orderBy('id')
    .limit(query.limit);
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.recipientAgencyId) select = select.where('recipient_agency_id', '=', query.recipientAgencyId);
  if (query.year) select = select.where('delivered_on', '>=', `${query.year}-01-01`).where('delivered_on', '<', `${query.year + 1}-01-01`);
  const rows = await select.execute();
  return rows.map((row) => presentTechnicalSupport(ctx.actor, row));
}

async function findTechnicalSupport(ctx: Ctx, id: string): Promise<SupportRow> {
  const row = await ctx.trx.selectFrom('technical_support').select(supportColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Technical support');
  authorize(ctx.actor, technicalSupportPolicy, 'read', row);
  return row;
}

export async function getTechnicalSupport(ctx: Ctx, id: string): Promise<TechnicalSupport> {
  return presentTechnicalSupport(ctx.actor, await findTechnicalSupport(ctx, id));
}

export async function createTechnicalSupport(ctx: Ctx, input: z.infer<typeof createTechnicalSupportInput>): Promise<TechnicalSupport> {
  const agencyId = owningAgency(ctx, input.agencyId);
  authorize(ctx.actor, technicalSupportPolicy, 'create', { agency_id: agencyId, recipient_agency_id: input.recipientAgencyId });
  if (input.recipientAgencyId === agencyId) {
    throw new AppError('INVALID_INPUT', 'An agency does not deliver technical support to itself', { field: 'recipientAgencyId' });
  }
  assertValueFitsCurrency(input.value, input.currency);
  assertDelivered(ctx, input.deliveredOn);
  await agencyStates(ctx, [agencyId], 'agencyId');
  await agencyStates(ctx, [input.recipientAgencyId], 'recipientAgencyId');
  const row = await ctx.trx
    .insertInto('technical_support')
    .values({
      agency_id: agencyId,
      recipient_agency_id: input.recipientAgencyId,
      kind: input.kind,
      description: input.description,
      value: input.value,
      currency: input.currency,
      delivered_on: input.deliveredOn,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning(supportColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    {
      type: 'cooperation.technical_support_recorded',
      version: 1,
      data: { supportId: row.id, recipientAgencyId: row.recipient_agency_id, kind: row.kind, value: row.value, currency: row.currency },
    },
    { agencyId },
  );
  return presentTechnicalSupport(ctx.actor, row);
}

export async function updateTechnicalSupport(
  ctx: Ctx,
  id: string,
  input: z.infer<typeof updateTechnicalSupportInput>,
): Promise<TechnicalSupport> {
  const existing = await findTechnicalSupport(ctx, id);
  authorize(ctx.actor, technicalSupportPolicy, 'update', existing);
  if (!changesSomething(input)) return presentTechnicalSupport(ctx.actor, existing);
  assertValueFitsCurrency(input.value ?? existing.value, input.currency ?? existing.currency);
  if (input.deliveredOn !== undefined) assertDelivered(ctx, input.deliveredOn);
  const row = await ctx.trx
    .updateTable('technical_support')
    .set({
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.value !== undefined ? { value: input.value } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.deliveredOn !== undefined ? { delivered_on: input.deliveredOn } : {}),
      ...(input.cancelled !== undefined ? { cancelled: input.cancelled } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', existing.agency_id)
    .where('id', '=', id)
    .returning(supportColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    { type: 'cooperation.technical_support_updated', version: 1, data: { supportId: id, changes: input } },
    { agencyId: existing.agency_id },
  );
  return presentTechnicalSupport(ctx.actor, row);
}
