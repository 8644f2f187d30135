import type { Trx } from '../../../db/database.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Services, SystemCtx } from '../../platform/context.ts';
import type { JobRun } from '../../platform/jobs/job-queue.ts';
import { parsePeopleCsv, type PersonRow } from '../formats.ts';
import type { ScreeningIndex } from '../engine/index.ts';
import { matchAcross, watchlistIndexes } from '../index-cache.ts';
import { fingerprintOf, recordFields, toScreeningQuery } from '../records.ts';
import { visibleWatchlistsQuery } from '../watchlists/watchlists.ts';
import { SCREENING_BATCH_JOB } from './batches.ts';

/**
 * The batch job: screens the rows of a batch in chunks, each chunk in its own transaction (so that requests are
 * served between chunks and progress is visible), and stores each (row, entry) pair at or above the threshold as a
 * hit. A pair that the agency dismissed before, with both records unchanged since (same fingerprints), is stored as
 * suppressed instead of open.
 */
const CHUNK_ROWS = 200;
const INSERT_CHUNK = 500;
/** At most this many hits per row: the best-scoring entries across all watchlists. */
export const HITS_PER_ROW = 10;

interface BatchToRun {
  agency_id: string;
  id: string;
  content: string;
  threshold: number;
  watchlist_ids: string[] | null;
  row_count: number;
  created_by: string | null;
}

export function registerScreeningJobs(services: Services): void {
  services.jobs.register(SCREENING_BATCH_JOB, (run) => runBatch(services, run));
}

const systemCtx = (services: Services, run: JobRun, trx: Trx): SystemCtx => ({
  trx,
  requestId: `job:${run.id}`,
  now: new Date(),
  services,
});

async function runBatch(services: Services, run: JobRun): Promise<{ batchId: string; rows: number; hits: number; suppressed: number }> {
  const batchId = String(run.payload.batchId);
  const { db } = services;
  const batch: BatchToRun | undefined = await db.inScope(run.scope, async (trx) => {
    const row = await trx
      .updateTable('screening_batches')
      .set({ status: 'running', started_at: new Date(), updated_at: new Date() })
      .where('id', '=', batchId)
      .returning(['agency_id', 'id', 'content', 'threshold', 'watchlist_ids', 'row_count', 'created_by'])
      .executeTakeFirst();
    return row;
  });
  if (!batch) throw new Error(`screening batch ${batchId} not found`);
  const totals = { processed: 0, hits: 0, suppressed: 0 };
  const finish = (status: 'completed' | 'failed' | 'cancelled', error: string | null) =>
    db.inScope(run.scope, async (trx) => {
      await trx
        .updateTable('screening_batches')
        .set({ status, error, finished_at: new Date(), updated_at: new Date() })
        .where('agency_id', '=', batch.agency_id)
        .where('id', '=', batch.id)
        .execute();
      await recordAudit(
        systemCtx(services, run, trx),
        {
          type: 'screening.batch_finished',
          version: 1,
          data: { batchId: batch.id, status, rows: batch.row_count, ...totals },
        },
        { agencyId: batch.agency_id, actorUserId: batch.created_by },
      );
    });
  try {
    const parsed = parsePeopleCsv(batch.content);
    if (!parsed.ok) throw new Error('the stored file does not parse');
    for (let start = 0; start < parsed.rows.length; start += CHUNK_ROWS) {
      run.signal.throwIfAborted();
      const chunk = parsed.rows.slice(start, start + CHUNK_ROWS);
      const found = await db.inScope(run.scope, (trx) => screenChunk(services, trx, batch, chunk));
      totals.processed += chunk.length;
      totals.hits += found.hits;
      totals.suppressed += found.suppressed;
      await run.progress(
        (totals.processed / parsed.rows.length) * 100,
        `${totals.processed} of ${parsed.rows.length} rows screened, ${totals.hits} hits`,
      );
    }
    await finish('completed', null);
    return { batchId: batch.id, rows: batch.row_count, ...totals };
  } catch (error) {
    const cancelled = run.signal.aborted;
    await finish(cancelled ? 'cancelled' : 'failed', cancelled ? 'Cancelled' : error instanceof Error ? error.message : String(error));
    throw error;
  }
}

async function screenChunk(
  services: Services,
  trx: Trx,
  batch: BatchToRun,
  rows: readonly PersonRow[],
): Promise<{ hits: number; suppressed: number }> {
  // Read again for each chunk: a watchlist changed meanwhile is screened at its new revision from here on.
  let select = visibleWatchlistsQuery({ trx }, batch.agency_id).orderBy('id');
  if (batch.watchlist_ids) select = select.where('id', 'in', batch.watchlist_ids);
  const watchlists = await select.execute();
  const cache = watchlistIndexes(services.db);
  const indexes: { watchlistId: string; index: ScreeningIndex }[] = [];
  for (const watchlist of watchlists) indexes.push({ watchlistId: watchlist.id, index: await cache.indexFor(trx, watchlist) });

  const candidates = rows.flatMap((row) => {
    const results = matchAcross(indexes, toScreeningQuery(row.record), {
      limit: HITS_PER_ROW,
      threshold: batch.threshold,
      cutoff: batch.threshold,
    }).filter((result) => result.score >= batch.threshold);
    return results.length === 0 ? [] : [{ row, queryFingerprint: fingerprintOf(row.record), results }];
  });
  const entryIds = [...new Set(candidates.flatMap(({ results }) => results.map((result) => result.id)))];
  const entries = new Map(
    entryIds.length === 0
      ? []
      : (
          await trx
            .selectFrom('screening_entries')
            .select(['id', 'source_id', 'schema', 'names', 'birth_dates', 'nationalities', 'gender', 'identifiers', 'fingerprint'])
            .where('id', 'in', entryIds)
            .execute()
        ).map((entry) => [entry.id, entry]),
  );
  const fingerprints = [...new Set(candidates.map((candidate) => candidate.queryFingerprint))];
  const suppressions =
    fingerprints.length === 0
      ? []
      : await trx
          .selectFrom('screening_suppressions')
          .select(['id', 'query_fingerprint', 'entry_id', 'entry_fingerprint'])
          .where('agency_id', '=', batch.agency_id)
          .where('lifted_at', 'is', null)
          .where('query_fingerprint', 'in', fingerprints)
          .execute();
  const suppressionOf = new Map(suppressions.map((s) => [`${s.query_fingerprint}/${s.entry_id}/${s.entry_fingerprint}`, s.id]));

  const hits = [];
  for (const { row, queryFingerprint, results } of candidates) {
    const fields = recordFields(row.record);
    for (const result of results) {
      const entry = entries.get(result.id);
      if (!entry) continue; // removed from view since the index was read: nothing to review
      const suppressionId = suppressionOf.get(`${queryFingerprint}/${entry.id}/${entry.fingerprint}`) ?? null;
      hits.push({
        agency_id: batch.agency_id,
        batch_id: batch.id,
        row_number: row.rowNumber,
        line: row.line,
        query: JSON.stringify({ ...row.record, ...fields, sourceId: row.sourceId }),
        query_fingerprint: queryFingerprint,
        watchlist_id: result.watchlistId,
        entry_id: entry.id,
        entry_fingerprint: entry.fingerprint,
        entry: JSON.stringify({
          sourceId: entry.source_id,
          schema: entry.schema,
          names: entry.names,
          birthDates: entry.birth_dates,
          nationalities: entry.nationalities,
          gender: entry.gender,
          identifiers: entry.identifiers,
        }),
        score: result.score,
        matched_name: result.matchedName,
        query_name: result.queryName,
        explanations: JSON.stringify(result.explanations),
        status: suppressionId ? ('suppressed' as const) : ('open' as const),
        suppression_id: suppressionId,
      });
    }
  }
  for (let start = 0; start < hits.length; start += INSERT_CHUNK) {
    await trx
      .insertInto('screening_hits')
      .values(hits.slice(start, start + INSERT_CHUNK))
      .execute();
  }
  const suppressed = hits.filter((hit) => hit.status === 'suppressed').length;
  await trx
    .updateTable('screening_batches')
    .set((eb) => ({
      processed: eb('processed', '+', rows.length),
      hit_count: eb('hit_count', '+', hits.length),
      suppressed_count: eb('suppressed_count', '+', suppressed),
      updated_at: new Date(),
    }))
    .where('agency_id', '=', batch.agency_id)
    .where('id', '=', batch.id)
    .execute();
  return { hits: hits.length, suppressed };
}
