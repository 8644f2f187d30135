import { z } from 'zod';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { noticeTransitionRefusal, type NoticeActor, type NoticeStatus } from '../engine/lifecycle.ts';
import { noticeColumns, type NoticeFact } from '../persons/facts.ts';
import { findVisiblePerson } from '../persons/visibility.ts';
import { calendarDate, countryCode, dateText, iso, today } from '../schemas.ts';

/**
 * Interpol notices and diffusions of a wanted person, each with its status history. The wanting agency requests a
 * notice and records what Interpol did with it: published, then withdrawn or cancelled (a request can be cancelled
 * before publication). "No longer public" is set only by the import of Interpol's public notices, for a notice that
 * stopped appearing; it is not a cancellation. A published red notice shares the person with every agency, a
 * published diffusion with the agencies of its target states (docs/fugitives.md).
 */
export const noticeKinds = ['red', 'yellow', 'silver', 'diffusion'] as const;
export const noticeStatuses = ['requested', 'published', 'withdrawn', 'cancelled', 'no_longer_public'] as const;

export const noticeSchema = z.object({
  id: z.uuid(),
  kind: z.enum(noticeKinds),
  reference: z.string().nullable(),
  interpolEntityId: z.string().nullable(),
  /** Diffusions only: the states whose agencies it is addressed to. */
  targetStates: z.array(z.string()),
  status: z.enum(noticeStatuses),
  statusOn: z.string(),
  createdAt: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const noticeEventSchema = z.object({
  id: z.uuid(),
  status: z.enum(noticeStatuses),
  on: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
});

export const noticeWithHistorySchema = noticeSchema.extend({ history: z.array(noticeEventSchema) });

export function presentNotice(row: NoticeFact): Notice {
  return {
    id: row.id,
    kind: row.kind,
    reference: row.reference,
    interpolEntityId: row.interpol_entity_id,
    targetStates: row.target_states,
    status: row.status,
    statusOn: row.status_on,
    createdAt: iso(row.created_at),
  };
}

const note = z.string().trim().min(1).max(2000).nullable().optional();
const notFuture = (ctx: Ctx, on: string, field: string) => {
  if (on > today(ctx.now)) throw new AppError('INVALID_INPUT', `${field} cannot be in the future`, { field });
};

export const requestNoticeInput = z
  .object({
    kind: z.enum(noticeKinds),
    targetStates: z.array(countryCode).max(250).default([]).describe('diffusions only: the states it is addressed to'),
    reference: z.string().trim().min(1).max(100).nullable().optional(),
    requestedOn: calendarDate,
    note,
  })
  .refine((input) => (input.kind === 'diffusion') === input.targetStates.length > 0, {
    error: 'A diffusion names its target states; other notices name none',
    path: ['targetStates'],
  });

export const changeNoticeStatusInput = z.object({
  status: z.enum(['published', 'withdrawn', 'cancelled']).describe('no_longer_public is set by the Interpol import only'),
  on: calendarDate,
  reference: z.string().trim().min(1).max(100).nullable().optional().describe('Interpol’s control number, e.g. on publication'),
  note,
});

export const noticeParams = z.object({ id: z.uuid(), noticeId: z.uuid() });

async function history(ctx: Ctx, notice: NoticeFact) {
  const rows = await ctx.trx
    .selectFrom('fugitive_notice_events')
    .select(['id', 'status', 'note', 'created_at', 'created_by', dateText('occurred_on', 'occurred_on')])
    .where('agency_id', '=', notice.agency_id)
    .where('notice_id', '=', notice.id)
    .orderBy('created_at')
    .orderBy('occurred_on')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    on: row.occurred_on,
    note: row.note,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
  }));
}

export async function requestNotice(
  ctx: Ctx,
  personId: string,
  input: z.infer<typeof requestNoticeInput>,
): Promise<z.infer<typeof noticeWithHistorySchema>> {
  const person = await findVisiblePerson(ctx, personId, 'manage_notices');
  notFuture(ctx, input.requestedOn, 'requestedOn');
  const targets = [...new Set(input.targetStates)].sort();
  const notice = await ctx.trx
    .insertInto('fugitive_notices')
    .values({
      agency_id: person.agency_id,
      fugitive_id: person.id,
      kind: input.kind,
      reference: input.reference ?? null,
      target_states: targets,
      status: 'requested',
      status_on: input.requestedOn,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning(noticeColumns)
    .executeTakeFirstOrThrow();
  await ctx.trx
    .insertInto('fugitive_notice_events')
    .values({
      agency_id: person.agency_id,
      notice_id: notice.id,
      fugitive_id: person.id,
      status: 'requested',
      occurred_on: input.requestedOn,
      note: input.note ?? null,
      created_by: ctx.actor.userId,
    })
    .execute();
  await recordAudit(ctx, {
    type: 'fugitives.notice_requested',
    version: 1,
    data: { fugitiveId: person.id, noticeId: notice.id, kind: notice.kind, targetStates: targets },
  });
  return { ...presentNotice(notice), history: await history(ctx, notice) };
}

/**
 * Moves a notice to a new status on a date no earlier than its current status's. `by` is 'import' only for the
 * Interpol import, which runs as the wanting agency and alone may mark a notice no longer public.
 */
export async function changeNoticeStatus(
  ctx: Ctx,
  personId: string,
  noticeId: string,
  input: { status: NoticeStatus; on: string; reference?: string | null | undefined; note?: string | null | undefined },
  by: NoticeActor = 'user',
): Promise<z.infer<typeof noticeWithHistorySchema>> {
  const person = await findVisiblePerson(ctx, personId, 'manage_notices');
  notFuture(ctx, input.on, 'on');
  const notice = await ctx.trx
    .selectFrom('fugitive_notices')
    .select(noticeColumns)
    .where('agency_id', '=', person.agency_id)
    .where('fugitive_id', '=', person.id)
    .where('id', '=', noticeId)
    .forUpdate()
    .executeTakeFirst();
  if (!notice) throw notFound('Notice');
  const refusal = noticeTransitionRefusal(notice.status, input.status, by);
  if (refusal) throw new AppError('CONFLICT', refusal, { from: notice.status, to: input.status });
  if (input.on < notice.status_on) {
    throw new AppError(
      'CONFLICT',
      `The ${input.status} date ${input.on} cannot be earlier than the ${notice.status} date ${notice.status_on}`,
      {
        field: 'on',
      },
    );
  }
  const updated = await ctx.trx
    .updateTable('fugitive_notices')
    .set({
      status: input.status,
      status_on: input.on,
      ...(input.reference !== undefined ? { reference: input.reference } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', notice.agency_id)
    .where('id', '=', notice.id)
    .returning(noticeColumns)
    .executeTakeFirstOrThrow();
  await ctx.trx
    .insertInto('fugitive_notice_events')
    .values({
      agency_id: notice.agency_id,
      notice_id: notice.id,
      fugitive_id: person.id,
      status: input.status,
      occurred_on: input.on,
      note: input.note ?? null,
      created_by: ctx.actor.userId,
    })
    .execute();
  await recordAudit(ctx, {
    type: 'fugitives.notice_status_changed',
    version: 1,
    data: { fugitiveId: person.id, noticeId: notice.id, from: notice.status, to: input.status, on: input.on },
  });
  return { ...presentNotice(updated), history: await history(ctx, updated) };
}
