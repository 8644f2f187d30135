import { z } from 'zod';
import type { ScreeningHitStatus } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { authorize, presentPolicies } from '../../platform/policy.ts';
import { featuresOf } from '../match/match-entities.ts';
import { hitPolicy } from '../policies.ts';
import { explanationSchema, iso, isoOrNull, pageQuery } from '../schemas.ts';

/**
 * The review of hits. A reviewer confirms a hit (the screened person is the listed one) or dismisses it (they are not),
 * always with a reason. A dismissal creates a suppression of the pair — the screened record's fingerprint, the entry
 * and the entry's fingerprint — so later batches record the same pair, both records unchanged, as suppressed rather
 * than open; when either record changes, its fingerprint changes and the pair is open again. Confirming a suppressed
 * hit lifts its suppression. Every decision is audited.
 */
const hitStatuses = ['open', 'confirmed', 'dismissed', 'suppressed'] as const satisfies readonly ScreeningHitStatus[];

const recordSchema = z.object({
  schema: z.string(),
  names: z.array(z.string()),
  birthDates: z.array(z.string()),
  nationalities: z.array(z.string()),
  gender: z.string().nullable(),
  identifiers: z.array(z.string()),
  sourceId: z.string().nullable(),
});

export const hitSchema = z.object({
  id: z.uuid(),
  batchId: z.uuid(),
  /** 1-based data row of the batch file, and the line of the file it is on. */
  rowNumber: z.number().int(),
  line: z.number().int(),
  status: z.enum(hitStatuses),
  score: z.number(),
  /** The screened record's name that matched, and its first birth date. */
  queryName: z.string(),
  queryBirthDate: z.string().nullable(),
  query: recordSchema,
  entryId: z.uuid(),
  watchlistId: z.uuid(),
  watchlistName: z.string(),
  /** The entry's first name, and the name of it that matched, in their original script. */
  caption: z.string(),
  matchedName: z.string(),
  /** The entry as it was when the hit was recorded. */
  entry: recordSchema,
  features: z.record(z.string(), z.number()),
  explanations: z.array(explanationSchema),
  suppressionId: z.uuid().nullable(),
  reason: z.string().nullable(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  policies: z.object({ read: z.boolean(), list: z.boolean(), decide: z.boolean() }),
});
export type Hit = z.infer<typeof hitSchema>;

export const listHitsQuery = z.object({
  status: z.enum(hitStatuses).optional(),
  batchId: z.uuid().optional(),
  ...pageQuery,
});

export const hitListSchema = z.object({ items: z.array(hitSchema), total: z.number().int() });

export const decideHitInput = z.object({
  decision: z.enum(['confirmed', 'dismissed']),
  reason: z.string().trim().min(3).max(2000).describe('why: required, recorded in the audit'),
});

function selectHits(ctx: Ctx) {
  return ctx.trx
    .selectFrom('screening_hits as h')
    .leftJoin('screening_watchlists as w', 'w.id', 'h.watchlist_id')
    .select([
      'h.agency_id',
      'h.id',
      'h.batch_id',
      'h.row_number',
      'h.line',
      'h.query',
      'h.query_fingerprint',
      'h.watchlist_id',
      'h.entry_id',
      'h.entry_fingerprint',
      'h.entry',
      'h.score',
      'h.matched_name',
      'h.query_name',
      'h.explanations',
      'h.status',
      'h.suppression_id',
      'h.reason',
      'h.decided_by',
      'h.decided_at',
      'h.created_at',
      'w.name as watchlist_name',
    ]);
}
type HitRow = Awaited<ReturnType<ReturnType<typeof selectHits>['executeTakeFirstOrThrow']>>;

const asRecord = (value: Record<string, unknown>): z.infer<typeof recordSchema> => {
  const list = (key: string) => (Array.isArray(value[key]) ? (value[key] as unknown[]).map(String) : []);
  return {
    schema: typeof value.schema === 'string' ? value.schema : 'Person',
    names: list('names'),
    birthDates: list('birthDates'),
    nationalities: list('nationalities'),
    gender: typeof value.gender === 'string' ? value.gender : null,
    identifiers: list('identifiers'),
    sourceId: typeof value.sourceId === 'string' ? value.sourceId : null,
  };
};

export function presentHit(actor: Actor, row: HitRow): Hit {
  const query = asRecord(row.query);
  const entry = asRecord(row.entry);
  const explanations = (row.explanations as z.infer<typeof explanationSchema>[]).map(({ code, value, effect, detail }) => ({
    code,
    value,
    effect,
    detail,
  }));
  return {
    id: row.id,
    batchId: row.batch_id,
    rowNumber: row.row_number,
    line: row.line,
    status: row.status,
    score: row.score,
    queryName: row.query_name,
    queryBirthDate: query.birthDates[0] ?? null,
    query,
    entryId: row.entry_id,
    watchlistId: row.watchlist_id,
    watchlistName: row.watchlist_name ?? '',
    caption: entry.names[0] ?? row.matched_name,
    matchedName: row.matched_name,
    entry,
    features: featuresOf({ explanations }),
    explanations,
    suppressionId: row.suppression_id,
    reason: row.reason,
    decidedBy: row.decided_by,
    decidedAt: isoOrNull(row.decided_at),
    createdAt: iso(row.created_at),
    policies: presentPolicies(actor, hitPolicy, row),
  };
}

export async function listHits(ctx: Ctx, query: z.infer<typeof listHitsQuery>): Promise<z.infer<typeof hitListSchema>> {
  authorize(ctx.actor, hitPolicy, 'list');
  let select = selectHits(ctx).where('h.agency_id', '=', ctx.actor.agencyId);
  if (query.status) select = select.where('h.status', '=', query.status);
  if (query.batchId) select = select.where('h.batch_id', '=', query.batchId);
  const total = await select
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await select
    .orderBy('h.created_at', 'desc')
    .orderBy('h.batch_id')
    .orderBy('h.row_number')
    .orderBy('h.score', 'desc')
    .orderBy('h.id')
    .offset(query.offset)
    .limit(query.limit)
    .execute();
  await recordAudit(ctx, {
    type: 'screening.hits_listed',
    version: 1,
    data: {
      count: rows.length,
      filters: { ...(query.status ? { status: query.status } : {}), ...(query.batchId ? { batchId: query.batchId } : {}) },
    },
  });
  return { items: rows.map((row) => presentHit(ctx.actor, row)), total: Number(total.n) };
}

async function findHit(ctx: Ctx, id: string): Promise<HitRow> {
  const row = await selectHits(ctx).where('h.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Screening hit');
  authorize(ctx.actor, hitPolicy, 'read', row);
  return row;
}

export async function getHit(ctx: Ctx, id: string): Promise<Hit> {
  const row = await findHit(ctx, id);
  await recordAudit(ctx, { type: 'screening.hit_viewed', version: 1, data: { hitId: row.id } });
  return presentHit(ctx.actor, row);
}

export async function decideHit(ctx: Ctx, id: string, input: z.infer<typeof decideHitInput>): Promise<Hit> {
  const hit = await findHit(ctx, id);
  if (hit.status === 'confirmed' || hit.status === 'dismissed') {
    throw new AppError('CONFLICT', `This hit has already been ${hit.status}`, { status: hit.status });
  }
  authorize(ctx.actor, hitPolicy, 'decide', hit);
  const decided = { reason: input.reason, decided_by: ctx.actor.userId, decided_at: ctx.now, updated_at: ctx.now };
  if (input.decision === 'dismissed') {
    await ctx.trx
      .insertInto('screening_suppressions')
      .values({
        agency_id: hit.agency_id,
        query_fingerprint: hit.query_fingerprint,
        entry_id: hit.entry_id,
        entry_fingerprint: hit.entry_fingerprint,
        hit_id: hit.id,
        reason: input.reason,
        created_by: ctx.actor.userId,
      })
      .onConflict((conflict) =>
        conflict.columns(['agency_id', 'query_fingerprint', 'entry_id', 'entry_fingerprint']).where('lifted_at', 'is', null).doNothing(),
      )
      .execute();
    // The pair's suppression: the one just made, or one an earlier dismissal of the same pair made.
    const suppression = await ctx.trx
      .selectFrom('screening_suppressions')
      .select('id')
      .where('agency_id', '=', hit.agency_id)
      .where('query_fingerprint', '=', hit.query_fingerprint)
      .where('entry_id', '=', hit.entry_id)
      .where('entry_fingerprint', '=', hit.entry_fingerprint)
      .where('lifted_at', 'is', null)
      .executeTakeFirstOrThrow();
    await ctx.trx
      .updateTable('screening_hits')
      .set({ status: 'dismissed', suppression_id: suppression.id, ...decided })
      .where('agency_id', '=', hit.agency_id)
      .where('id', '=', hit.id)
      .execute();
    await recordAudit(ctx, {
      type: 'screening.hit_dismissed',
      version: 1,
      data: { hitId: hit.id, batchId: hit.batch_id, entryId: hit.entry_id, reason: input.reason, suppressionId: suppression.id },
    });
  } else {
    let lifted: string | null = null;
    if (hit.status === 'suppressed' && hit.suppression_id) {
      const row = await ctx.trx
        .updateTable('screening_suppressions')
        .set({ lifted_at: ctx.now, lifted_by: ctx.actor.userId, lifted_by_hit_id: hit.id })
        .where('agency_id', '=', hit.agency_id)
        .where('id', '=', hit.suppression_id)
        .where('lifted_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      lifted = row?.id ?? null;
    }
    await ctx.trx
      .updateTable('screening_hits')
      .set({ status: 'confirmed', ...decided })
      .where('agency_id', '=', hit.agency_id)
      .where('id', '=', hit.id)
      .execute();
    await recordAudit(ctx, {
      type: 'screening.hit_confirmed',
      version: 1,
      data: { hitId: hit.id, batchId: hit.batch_id, entryId: hit.entry_id, reason: input.reason, liftedSuppressionId: lifted },
    });
  }
  return presentHit(ctx.actor, await findHit(ctx, id));
}
