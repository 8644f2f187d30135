import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { CooperationEventsTable } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { authorize, presentPolicies } from '../../platform/policy.ts';
import { cooperationEventPolicy } from '../policies.ts';
import {
  DATES_OUT_OF_ORDER,
  agencyIdList,
  calendarDate,
  changesSomething,
  dateText,
  datesInOrder,
  listLimit,
  longText,
  placeSchema,
  presentStamps,
  recordStamps,
  today,
  yearFilter,
} from '../schemas.ts';
import { agencyStates, owningAgency, sharedAgencyIds, visibleTo } from '../sharing.ts';

/** Workshops, high-level meetings and conferences: organised by one agency, shared with its participants. */
type EventRow = Selectable<CooperationEventsTable>;

const eventKinds = ['workshop', 'high_level_meeting', 'conference'] as const;
const eventStatuses = ['planned', 'held', 'cancelled'] as const;

export const cooperationEventSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  kind: z.enum(eventKinds),
  title: z.string(),
  place: z.object({ city: z.string(), country: z.string() }),
  startsOn: z.string(),
  endsOn: z.string(),
  participantAgencyIds: z.array(z.uuid()),
  outcomes: z.string().nullable(),
  status: z.enum(eventStatuses),
  ...recordStamps,
  policies: z.object({ read: z.boolean(), list: z.boolean(), create: z.boolean(), update: z.boolean(), cancel: z.boolean() }),
});
export type CooperationEvent = z.infer<typeof cooperationEventSchema>;

export const listEventsQuery = z.object({
  status: z.enum(eventStatuses).optional(),
  kind: z.enum(eventKinds).optional(),
  year: yearFilter,
  limit: listLimit,
});

export const createEventInput = z
  .object({
    agencyId: z.uuid().optional().describe('organising agency (platform administrators only; default: your own)'),
    kind: z.enum(eventKinds),
    title: z.string().trim().min(3).max(300),
    place: placeSchema,
    startsOn: calendarDate,
    endsOn: calendarDate,
    participantAgencyIds: agencyIdList.default([]),
    outcomes: longText.nullable().optional(),
    status: z.enum(eventStatuses).default('planned'),
  })
  .refine(datesInOrder, DATES_OUT_OF_ORDER);

export const updateEventInput = z.object({
  kind: z.enum(eventKinds).optional(),
  title: z.string().trim().min(3).max(300).optional(),
  place: placeSchema.optional(),
  startsOn: calendarDate.optional(),
  endsOn: calendarDate.optional(),
  participantAgencyIds: agencyIdList.optional(),
  outcomes: longText.nullable().optional(),
  status: z.enum(eventStatuses).optional(),
});

const eventColumns = [
  'agency_id',
  'id',
  'kind',
  'title',
  'city',
  'country',
  'participant_agency_ids',
  'outcomes',
  'status',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  dateText('starts_on', 'starts_on'),
  dateText('ends_on', 'ends_on'),
] as const;

export function presentEvent(actor: Actor, row: EventRow): CooperationEvent {
  return {
    id: row.id,
    agencyId: row.agency_id,
    kind: row.kind,
    title: row.title,
    place: { city: row.city, country: row.country },
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    participantAgencyIds: row.participant_agency_ids,
    outcomes: row.outcomes,
    status: row.status,
    ...presentStamps(row),
    policies: presentPolicies(actor, cooperationEventPolicy, row),
  };
}

/** An event is marked held only once it has begun. */
function assertStatusFitsDates(ctx: Ctx, status: EventRow['status'], startsOn: string): void {
  if (status === 'held' && startsOn > today(ctx.now)) {
    throw new AppError('INVALID_INPUT', 'An event cannot have been held before it starts', { field: 'status' });
  }
}

export async function listEvents(ctx: Ctx, query: z.infer<typeof listEventsQuery>): Promise<CooperationEvent[]> {
  authorize(ctx.actor, cooperationEventPolicy, 'list');
  let select = ctx.trx
    .selectFrom('cooperation_events')
    .select(eventColumns)
    .where(visibleTo(ctx.actor, 'agency_id', 'participant_agency_ids', 'array'))
    .orderBy('starts_on', 'desc')
    .orderBy('id')
    .limit(query.limit);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.year) select = select.where('starts_on', '>=', `${query.year}-01-01`).where('starts_on', '<', `${query.year + 1}-01-01`);
  const rows = await select.execute();
  return rows.map((row) => presentEvent(ctx.actor, row));
}

async function findEvent(ctx: Ctx, id: string): Promise<EventRow> {
  const row = await ctx.trx.selectFrom('cooperation_events').select(eventColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Cooperation event');
  authorize(ctx.actor, cooperationEventPolicy, 'read', row);
  return row;
}

export async function getEvent(ctx: Ctx, id: string): Promise<CooperationEvent> {
  return presentEvent(ctx.actor, await findEvent(ctx, id));
}

export async function createEvent(ctx: Ctx, input: z.infer<typeof createEventInput>): Promise<CooperationEvent> {
  const agencyId = owningAgency(ctx, input.agencyId);
  const participants = sharedAgencyIds(agencyId, input.participantAgencyIds);
  authorize(ctx.actor, cooperationEventPolicy, 'create', {
    agency_id: agencyId,
    participant_agency_ids: participants,
    status: input.status,
  });
  assertStatusFitsDates(ctx, input.status, input.startsOn);
  await agencyStates(ctx, [agencyId], 'agencyId');
  await agencyStates(ctx, participants, 'participantAgencyIds');
  const row = await ctx.trx
    .insertInto('cooperation_events')
    .values({
      agency_id: agencyId,
      kind: input.kind,
      title: input.title,
      city: input.place.city,
      country: input.place.country,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      participant_agency_ids: participants,
      outcomes: input.outcomes ?? null,
      status: input.status,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning(eventColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    {
      type: 'cooperation.event_created',
      version: 1,
      data: { eventId: row.id, kind: row.kind, title: row.title, status: row.status, participantAgencyIds: participants },
    },
    { agencyId },
  );
  return presentEvent(ctx.actor, row);
}

export async function updateEvent(ctx: Ctx, id: string, input: z.infer<typeof updateEventInput>): Promise<CooperationEvent> {
  const existing = await findEvent(ctx, id);
  authorize(ctx.actor, cooperationEventPolicy, 'update', existing);
  if (input.status === 'cancelled' && existing.status !== 'cancelled') authorize(ctx.actor, cooperationEventPolicy, 'cancel', existing);
  if (!changesSomething(input)) return presentEvent(ctx.actor, existing);
  const startsOn = input.startsOn ?? existing.starts_on;
  const endsOn = input.endsOn ?? existing.ends_on;
  if (endsOn < startsOn) throw new AppError('INVALID_INPUT', 'endsOn must not be before startsOn', { field: 'endsOn' });
  assertStatusFitsDates(ctx, input.status ?? existing.status, startsOn);
  const participants = input.participantAgencyIds && sharedAgencyIds(existing.agency_id, input.participantAgencyIds);
  if (participants) await agencyStates(ctx, participants, 'participantAgencyIds');
  const row = await ctx.trx
    .updateTable('cooperation_events')
    .set({
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.place !== undefined ? { city: input.place.city, country: input.place.country } : {}),
      ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
      ...(input.endsOn !== undefined ? { ends_on: input.endsOn } : {}),
      ...(participants !== undefined ? { participant_agency_ids: participants } : {}),
      ...(input.outcomes !== undefined ? { outcomes: input.outcomes } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', existing.agency_id)
    .where('id', '=', id)
    .returning(eventColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    {
      type: 'cooperation.event_updated',
      version: 1,
      data: { eventId: id, changes: { ...input, ...(participants ? { participantAgencyIds: participants } : {}) } },
    },
    { agencyId: existing.agency_id },
  );
  return presentEvent(ctx.actor, row);
}
