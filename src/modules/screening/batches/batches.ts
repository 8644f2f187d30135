import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { ScreeningBatchStatus, ScreeningBatchesTable } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { jobStatuses, startJob } from '../../platform/jobs/jobs.ts';
import { authorize, presentPolicies } from '../../platform/policy.ts';
import { CsvFigure, stringifySpreadsheetCsv, type CsvCell } from '../../platform/csv-safe.ts';
import { DEFAULT_THRESHOLD } from '../engine/index.ts';
import { describeProblems, parsePeopleCsv } from '../formats.ts';
import { batchPolicy } from '../policies.ts';
import { fileContent, iso, isoOrNull, thresholdValue } from '../schemas.ts';
import { visibleWatchlistsQuery } from '../watchlists/watchlists.ts';

/**
 * Batch screening: a CSV of people (travellers, visa applicants, customers) screened against the watchlists as a
 * background job. The file is checked before the job starts, so a bad file is refused at once, naming its line; the
 * job stores each (row, entry) pair scoring at or above the threshold as a hit for review (hits/hits.ts).
 */
export const SCREENING_BATCH_JOB = 'screening.batch';
export const MAX_BATCH_ROWS = 200_000;

type BatchRow = Selectable<ScreeningBatchesTable>;

export const batchColumns = [
  'agency_id',
  'id',
  'file_name',
  'threshold',
  'watchlist_ids',
  'job_id',
  'status',
  'row_count',
  'processed',
  'hit_count',
  'suppressed_count',
  'error',
  'started_at',
  'finished_at',
  'created_at',
  'created_by',
] as const;
type PresentableBatch = Pick<BatchRow, (typeof batchColumns)[number]>;

const batchStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const satisfies readonly ScreeningBatchStatus[];

export const batchSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  status: z.enum(batchStatuses),
  /** Share of the rows screened, 0–1. */
  progress: z.number(),
  rows: z.number().int(),
  processed: z.number().int(),
  /** Hits recorded, suppressed ones included. */
  hits: z.number().int(),
  /** Hits recorded as suppressed by an earlier dismissal of the same pair. */
  suppressed: z.number().int(),
  threshold: z.number(),
  /** The watchlists screened against; null: every watchlist visible to the agency. */
  watchlistIds: z.array(z.uuid()).nullable(),
  jobId: z.uuid().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  policies: z.object({ read: z.boolean(), list: z.boolean(), create: z.boolean() }),
});
export type Batch = z.infer<typeof batchSchema>;

export const startBatchInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  content: fileContent.describe('the CSV, as text: full_name required; the columns of docs/screening.md'),
  threshold: thresholdValue.optional().describe(`score from which a pair is a hit (default ${DEFAULT_THRESHOLD})`),
  watchlistIds: z.array(z.uuid()).min(1).max(50).optional().describe('default: every watchlist visible to your agency'),
});

export const startedBatchSchema = z.object({ batch: batchSchema, jobId: z.uuid() });

export const listBatchesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * Presents batches with the status of their jobs: a batch whose job ended without it (the process stopped) shows the
 * job's end.
 */
async function presentBatches(ctx: Ctx, rows: readonly PresentableBatch[]): Promise<Batch[]> {
  const open = rows.filter((row) => row.status === 'queued' || row.status === 'running').flatMap((row) => (row.job_id ? [row.job_id] : []));
  const jobs = await jobStatuses(ctx, open);
  return rows.map((row) => {
    let status: ScreeningBatchStatus = row.status;
    let error = row.error;
    const job = row.job_id ? jobs.get(row.job_id) : undefined;
    if (job && (job.status === 'failed' || job.status === 'cancelled') && (status === 'queued' || status === 'running')) {
      status = job.status;
      error = job.error ?? error;
    }
    return presentBatch(ctx.actor, row, status, error);
  });
}

function presentBatch(actor: Actor, row: PresentableBatch, status: ScreeningBatchStatus, error: string | null): Batch {
  return {
    id: row.id,
    fileName: row.file_name,
    status,
    progress: status === 'completed' ? 1 : row.row_count === 0 ? 0 : row.processed / row.row_count,
    rows: row.row_count,
    processed: row.processed,
    hits: row.hit_count,
    suppressed: row.suppressed_count,
    threshold: row.threshold,
    watchlistIds: row.watchlist_ids,
    jobId: row.job_id,
    error,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    policies: presentPolicies(actor, batchPolicy, row),
  };
}

export async function startBatch(ctx: Ctx, input: z.infer<typeof startBatchInput>): Promise<z.infer<typeof startedBatchSchema>> {
  authorize(ctx.actor, batchPolicy, 'create', { agency_id: ctx.actor.agencyId });
  const parsed = parsePeopleCsv(input.content);
  if (!parsed.ok) {
    const { message, problems } = describeProblems(parsed.problems);
    throw new AppError('INVALID_INPUT', `The batch was not started: ${message}`, { field: 'content', problems });
  }
  if (parsed.rows.length > MAX_BATCH_ROWS) {
    throw new AppError('INVALID_INPUT', `The batch was not started: the file has ${parsed.rows.length} rows, at most ${MAX_BATCH_ROWS}`, {
      field: 'content',
    });
  }
  let watchlistIds: string[] | null = null;
  if (input.watchlistIds) {
    watchlistIds = [...new Set(input.watchlistIds)].sort();
    const visible = await visibleWatchlistsQuery(ctx, ctx.actor.agencyId).where('id', 'in', watchlistIds).execute();
    const unknown = watchlistIds.filter((id) => !visible.some((row) => row.id === id));
    if (unknown.length > 0) throw new AppError('NOT_FOUND', 'Watchlist not found', { field: 'watchlistIds', unknown });
  }
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const inserted = await ctx.trx
    .insertInto('screening_batches')
    .values({
      agency_id: ctx.actor.agencyId,
      file_name: input.fileName,
      content: input.content,
      threshold,
      watchlist_ids: watchlistIds,
      row_count: parsed.rows.length,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const job = await startJob(ctx, { type: SCREENING_BATCH_JOB, payload: { batchId: inserted.id } });
  const row = await ctx.trx
    .updateTable('screening_batches')
    .set({ job_id: job.id })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', inserted.id)
    .returning(batchColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    type: 'screening.batch_started',
    version: 1,
    data: { batchId: row.id, jobId: job.id, rows: row.row_count, threshold, watchlistIds },
  });
  return { batch: presentBatch(ctx.actor, row, row.status, row.error), jobId: job.id };
}

export async function listBatches(ctx: Ctx, query: z.infer<typeof listBatchesQuery>): Promise<Batch[]> {
  authorize(ctx.actor, batchPolicy, 'list');
  const rows = await ctx.trx
    .selectFrom('screening_batches')
    .select(batchColumns)
    .where('agency_id', '=', ctx.actor.agencyId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(query.limit)
    .execute();
  return presentBatches(ctx, rows);
}

async function findBatch(ctx: Ctx, id: string): Promise<PresentableBatch> {
  const row = await ctx.trx.selectFrom('screening_batches').select(batchColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Screening batch');
  authorize(ctx.actor, batchPolicy, 'read', row);
  return row;
}

export async function getBatch(ctx: Ctx, id: string): Promise<Batch> {
  const [batch] = await presentBatches(ctx, [await findBatch(ctx, id)]);
  if (!batch) throw notFound('Screening batch');
  return batch;
}

export const RESULT_COLUMNS = ['matched_id', 'matched_name', 'watchlist', 'score', 'match', 'hit_id', 'hit_status'] as const;

/**
 * The results file: the input's columns, then for each hit of a row one line with the matched entry (best first), or
 * one line with `match` false for a row without hits. Text cells that a spreadsheet would take for a formula are
 * neutralised (csv-safe.ts).
 */
export async function batchResultsCsv(ctx: Ctx, id: string): Promise<{ fileName: string; csv: string }> {
  const found = await findBatch(ctx, id);
  const [batch] = await presentBatches(ctx, [found]);
  if (!batch || batch.status === 'queued' || batch.status === 'running') {
    throw new AppError('CONFLICT', 'The batch is still running; its results are ready when it has finished');
  }
  const { content } = await ctx.trx
    .selectFrom('screening_batches')
    .select('content')
    .where('agency_id', '=', found.agency_id)
    .where('id', '=', found.id)
    .executeTakeFirstOrThrow();
  const parsed = parsePeopleCsv(content);
  if (!parsed.ok) throw new Error(`stored batch ${id} no longer parses`);
  const hits = await ctx.trx
    .selectFrom('screening_hits as h')
    .leftJoin('screening_watchlists as w', 'w.id', 'h.watchlist_id')
    .select(['h.id', 'h.row_number', 'h.entry_id', 'h.matched_name', 'h.score', 'h.status', 'w.name as watchlist_name'])
    .where('h.agency_id', '=', found.agency_id)
    .where('h.batch_id', '=', found.id)
    .orderBy('h.row_number')
    .orderBy('h.score', 'desc')
    .orderBy('h.id')
    .execute();
  const byRow = new Map<number, typeof hits>();
  for (const hit of hits) byRow.set(hit.row_number, [...(byRow.get(hit.row_number) ?? []), hit]);
  const lines: CsvCell[][] = [[...parsed.header, ...RESULT_COLUMNS]];
  for (const row of parsed.rows) {
    const rowHits = byRow.get(row.rowNumber) ?? [];
    if (rowHits.length === 0) lines.push([...row.values, '', '', '', '', false, '', '']);
    for (const hit of rowHits) {
      lines.push([
        ...row.values,
        hit.entry_id,
        hit.matched_name,
        hit.watchlist_name ?? '',
        CsvFigure.fixed(hit.score, 4),
        true,
        hit.id,
        hit.status,
      ]);
    }
  }
  await recordAudit(ctx, { type: 'screening.results_downloaded', version: 1, data: { batchId: found.id, lines: lines.length - 1 } });
  return { fileName: `screening-results-${found.id}.csv`, csv: stringifySpreadsheetCsv(lines) };
}
