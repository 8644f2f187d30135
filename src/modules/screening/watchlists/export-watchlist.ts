import anyAscii from 'any-ascii';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { findWatchlist } from './watchlists.ts';

/**
 * Exports the current (not removed) entries of a watchlist as FollowTheMoney JSON lines, one entity per line, with
 * the properties exactly as kept at import: another Concord instance or FtM tool reads the file back losslessly, and
 * importing it yields the same content fingerprints. An entry imported without an id is exported under its entry id,
 * which a later import of the file keeps as the entry's source id.
 */
export interface WatchlistExport {
  fileName: string;
  content: string;
}

/** The list's name as a file name: any script transliterated to ASCII, lower case, words joined by hyphens. */
export function fileNameSlug(name: string): string {
  const slug = anyAscii(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? 'watchlist' : slug;
}

export async function exportWatchlistFtm(ctx: Ctx, id: string): Promise<WatchlistExport> {
  const watchlist = await findWatchlist(ctx, id);
  const rows = await ctx.trx
    .selectFrom('screening_entries')
    .select(['id', 'source_id', 'schema', 'properties'])
    .where('agency_id', '=', watchlist.agency_id)
    .where('watchlist_id', '=', watchlist.id)
    .where('removed', '=', false)
    .orderBy(sql`coalesce(source_id, id::text)`)
    .orderBy('id')
    .execute();
  const content = rows
    .map((row) => JSON.stringify({ id: row.source_id ?? row.id, schema: row.schema, properties: row.properties }) + '\n')
    .join('');
  await recordAudit(ctx, {
    type: 'screening.watchlist_exported',
    version: 1,
    data: { watchlistId: watchlist.id, format: 'ftm', entries: rows.length },
  });
  return { fileName: `${fileNameSlug(watchlist.name)}.ftm.jsonl`, content };
}
