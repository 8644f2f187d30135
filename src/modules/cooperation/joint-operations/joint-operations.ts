import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { JointOperationsTable } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { authorize, presentPolicies } from '../../platform/policy.ts';
import { jointOperationPolicy } from '../policies.ts';
import {
  DATES_OUT_OF_ORDER,
  agencyIdList,
  calendarDate,
  changesSomething,
  dateText,
  datesInOrder,
  listLimit,
  longText,
  nullableDateText,
  presentStamps,
  recordStamps,
} from '../schemas.ts';
import { agencyStates, owningAgency, sharedAgencyIds, visibleTo } from '../sharing.ts';

/**
 * Joint operations on the mechanism's calendar: led by one agency, shared with the participating agencies. Cases will
 * refer to them by (agency_id, id). An operation is never deleted; it is closed, with its end date.
 */
type OperationRow = Selectable<JointOperationsTable>;

const operationStatuses = ['planned', 'active', 'closed'] as const;

export const jointOperationSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid().describe('leading agency'),
  name: z.string(),
  status: z.enum(operationStatuses),
  participantAgencyIds: z.array(z.uuid()),
  objectives: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  ...recordStamps,
  policies: z.object({ read: z.boolean(), list: z.boolean(), create: z.boolean(), update: z.boolean() }),
});
export type JointOperation = z.infer<typeof jointOperationSchema>;

export const listJointOperationsQuery = z.object({ status: z.enum(operationStatuses).optional(), limit: listLimit });

const CLOSED_NEEDS_END = { message: 'a closed operation needs its end date (endsOn)', path: ['endsOn'] };

export const createJointOperationInput = z
  .object({
    agencyId: z.uuid().optional().describe('leading agency (platform administrators only; default: your own)'),
    name: z.string().trim().min(3).max(200),
    status: z.enum(operationStatuses).default('planned'),
    participantAgencyIds: agencyIdList.default([]),
    objectives: longText.nullable().optional(),
    startsOn: calendarDate,
    endsOn: calendarDate.nullable().optional(),
  })
  .refine(datesInOrder, DATES_OUT_OF_ORDER)
  .refine((operation) => operation.status !== 'closed' || Boolean(operation.endsOn), CLOSED_NEEDS_END);

export const updateJointOperationInput = z.object({
  name: z.string().trim().min(3).max(200).optional(),
  status: z.enum(operationStatuses).optional(),
  participantAgencyIds: agencyIdList.optional(),
  objectives: longText.nullable().optional(),
  startsOn: calendarDate.optional(),
  endsOn: calendarDate.nullable().optional(),
});

const operationColumns = [
  'agency_id',
  'id',
  'name',
  'status',
  'participant_agency_ids',
  'objectives',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  dateText('starts_on', 'starts_on'),
  nullableDateText('ends_on', 'ends_on'),
] as const;

export function presentJointOperation(actor: Actor, row: OperationRow): JointOperation {
  return {
    id: row.id,
    agencyId: row.agency_id,
    name: row.name,
    status: row.status,
    participantAgencyIds: row.participant_agency_ids,
    objectives: row.objectives,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    ...presentStamps(row),
    policies: presentPolicies(actor, jointOperationPolicy, row),
  };
}

export async function listJointOperations(ctx: Ctx, query: z.infer<typeof listJointOperationsQuery>): Promise<JointOperation[]> {
  authorize(ctx.actor, jointOperationPolicy, 'list');
  let select = ctx.trx
    .selectFrom('joint_operations')
    .select(operationColumns)
    .where(visibleTo(ctx.actor, 'agency_id', 'participant_agency_ids', 'array'))
    .orderBy('starts_on', 'desc')
    .orderBy('id')
    .limit(query.limit);
  if (query.status) select = select.where('status', '=', query.status);
  const rows = await select.execute();
  return rows.map((row) => presentJointOperation(ctx.actor, row));
}

async function findJointOperation(ctx: Ctx, id: string): Promise<OperationRow> {
  const row = await ctx.trx.selectFrom('joint_operations').select(operationColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Joint operation');
  authorize(ctx.actor, jointOperationPolicy, 'read', row);
  return row;
}

export async function getJointOperation(ctx: Ctx, id: string): Promise<JointOperation> {
  return presentJointOperation(ctx.actor, await findJointOperation(ctx, id));
}

export async function createJointOperation(ctx: Ctx, input: z.infer<typeof createJointOperationInput>): Promise<JointOperation> {
  const agencyId = owningAgency(ctx, input.agencyId);
  const participants = sharedAgencyIds(agencyId, input.participantAgencyIds);
  authorize(ctx.actor, jointOperationPolicy, 'create', { agency_id: agencyId, participant_agency_ids: participants });
  await agencyStates(ctx, [agencyId], 'agencyId');
  await agencyStates(ctx, participants, 'participantAgencyIds');
  const row = await ctx.trx
    .insertInto('joint_operations')
    .values({
      agency_id: agencyId,
      name: input.name,
      status: input.status,
      participant_agency_ids: participants,
      objectives: input.objectives ?? null,
      starts_on: input.startsOn,
      ends_on: input.endsOn ?? null,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning(operationColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    {
      type: 'cooperation.joint_operation_created',
      version: 1,
      data: { operationId: row.id, name: row.name, status: row.status, participantAgencyIds: participants },
    },
    { agencyId },
  );
  return presentJointOperation(ctx.actor, row);
}

export async function updateJointOperation(
  ctx: Ctx,
  id: string,
  input: z.infer<typeof updateJointOperationInput>,
): Promise<JointOperation> {
  const existing = await findJointOperation(ctx, id);
  authorize(ctx.actor, jointOperationPolicy, 'update', existing);
  if (!changesSomething(input)) return presentJointOperation(ctx.actor, existing);
  const startsOn = input.startsOn ?? existing.starts_on;
  const endsOn = input.endsOn !== undefined ? input.endsOn : existing.ends_on;
  if (endsOn !== null && endsOn < startsOn) throw new AppError('INVALID_INPUT', DATES_OUT_OF_ORDER.message, { field: 'endsOn' });
  if ((input.status ?? existing.status) === 'closed' && endsOn === null) {
    throw new AppError('INVALID_INPUT', CLOSED_NEEDS_END.message, { field: 'endsOn' });
  }
  const participants = input.participantAgencyIds && sharedAgencyIds(existing.agency_id, input.participantAgencyIds);
  if (participants) await agencyStates(ctx, participants, 'participantAgencyIds');
  const row = await ctx.trx
    .updateTable('joint_operations')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(participants !== undefined ? { participant_agency_ids: participants } : {}),
      ...(input.objectives !== undefined ? { objectives: input.objectives } : {}),
      ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
      ...(input.endsOn !== undefined ? { ends_on: input.endsOn } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', existing.agency_id)
    .where('id', '=', id)
    .returning(operationColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    {
      type: 'cooperation.joint_operation_updated',
      version: 1,
      data: { operationId: id, changes: { ...input, ...(participants ? { participantAgencyIds: participants } : {}) } },
    },
    { agencyId: existing.agency_id },
  );
  return presentJointOperation(ctx.actor, row);
}
