import { z } from 'zod';
import type { Trx } from '../../../db/database.ts';
import type { ScreeningSchema } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { describeProblems, parseWatchlist, type ImportedEntry } from '../formats.ts';
import { watchlistPolicy } from '../policies.ts';
import { fingerprintOf, recordFields } from '../records.ts';
import { fileContent } from '../schemas.ts';
import { findWatchlist, lockWatchlist, presentWatchlist, watchlistColumns, watchlistSchema, type WatchlistRow } from './watchlists.ts';

/**
 * Imports a CSV or FollowTheMoney file into a watchlist, all or nothing. An entry of the file is the same as a stored
 * one when it has the same source id, or — without an id — the same content fingerprint. `merge` adds new entries and
 * updates changed ones; `replace` also removes (tombstones) the stored entries the file no longer has. Every change
 * carries the watchlist's next revision, which is what lets the in-memory indexes catch up incrementally.
 */
export const importWatchlistInput = z.object({
  format: z.enum(['csv', 'ftm']).describe('csv: the columns of docs/screening.md; ftm: FollowTheMoney JSON lines'),
  content: fileContent.describe('the file, as text (at most 25 MiB)'),
  mode: z.enum(['merge', 'replace']).default('merge').describe('replace also removes the entries that are not in the file'),
});

export const importCountsSchema = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  removed: z.number().int(),
  /** FtM entities of other schemata (Sanction, Address …), not screened. */
  skipped: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCountsSchema>;

export const importResultSchema = importCountsSchema.extend({ watchlist: watchlistSchema });

interface StoredEntry {
  id: string;
  source_id: string | null;
  fingerprint: string;
  removed: boolean;
}

const INSERT_CHUNK = 500;

function entryValues(entry: ImportedEntry, fingerprint: string) {
  const fields = recordFields(entry);
  return {
    source_id: entry.sourceId,
    schema: entry.schema satisfies ScreeningSchema,
    names: fields.names,
    birth_dates: fields.birthDates,
    nationalities: fields.nationalities,
    gender: fields.gender,
    identifiers: fields.identifiers,
    properties: JSON.stringify(entry.properties),
    fingerprint,
  };
}

/**
 * Applies a file's entries to a watchlist locked by the caller (lockWatchlist), in the caller's transaction.
 * Returns the counts and the watchlist as it is afterwards; the revision is raised only when something changed.
 */
export async function applyImport(
  trx: Trx,
  watchlist: WatchlistRow,
  entries: readonly ImportedEntry[],
  options: { mode: 'merge' | 'replace'; userId: string | null; now: Date; skipped?: number },
): Promise<{ counts: ImportCounts; watchlist: WatchlistRow }> {
  const stored: StoredEntry[] = await trx
    .selectFrom('screening_entries')
    .select(['id', 'source_id', 'fingerprint', 'removed'])
    .where('agency_id', '=', watchlist.agency_id)
    .where('watchlist_id', '=', watchlist.id)
    .execute();
  const bySource = new Map<string, StoredEntry>();
  const byFingerprint = new Map<string, StoredEntry[]>();
  for (const entry of stored) {
    if (entry.source_id !== null) bySource.set(entry.source_id, entry);
    const same = byFingerprint.get(entry.fingerprint) ?? [];
    // Entries still on the list first: a file row without an id is the live entry with its content, if there is one.
    if (entry.removed) same.push(entry);
    else same.unshift(entry);
    byFingerprint.set(entry.fingerprint, same);
  }

  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0, removed: 0, skipped: options.skipped ?? 0 };
  const touched = new Set<string>();
  const inserts: ReturnType<typeof entryValues>[] = [];
  const updates: { id: string; values: ReturnType<typeof entryValues> }[] = [];
  const seenWithoutId = new Set<string>();
  const untouchedWithContent = (fingerprint: string, withoutSourceOnly: boolean) =>
    (byFingerprint.get(fingerprint) ?? []).find((entry) => !touched.has(entry.id) && (!withoutSourceOnly || entry.source_id === null));

  for (const entry of entries) {
    const fingerprint = fingerprintOf(entry);
    if (entry.sourceId !== null) {
      // Same id: the same entry. Without a stored entry of that id, one imported earlier without an id and with the
      // same content is taken to be it (it gains the id).
      const existing = bySource.get(entry.sourceId) ?? untouchedWithContent(fingerprint, true);
      if (!existing) {
        inserts.push(entryValues(entry, fingerprint));
        counts.added += 1;
        continue;
      }
      touched.add(existing.id);
      if (!existing.removed && existing.fingerprint === fingerprint && existing.source_id === entry.sourceId) {
        counts.unchanged += 1;
        continue;
      }
      updates.push({ id: existing.id, values: entryValues(entry, fingerprint) });
      if (existing.removed) counts.added += 1;
      else counts.updated += 1;
      continue;
    }
    // Without an id, an entry is its content: the same row twice in one file is one entry.
    if (seenWithoutId.has(fingerprint)) continue;
    seenWithoutId.add(fingerprint);
    const existing = untouchedWithContent(fingerprint, false);
    if (!existing) {
      inserts.push(entryValues(entry, fingerprint));
      counts.added += 1;
      continue;
    }
    touched.add(existing.id);
    if (existing.removed) {
      updates.push({ id: existing.id, values: { ...entryValues(entry, fingerprint), source_id: existing.source_id } });
      counts.added += 1;
    } else counts.unchanged += 1;
  }
  const tombstones =
    options.mode === 'replace' ? stored.filter((entry) => !entry.removed && !touched.has(entry.id)).map((entry) => entry.id) : [];
  counts.removed = tombstones.length;

  if (inserts.length === 0 && updates.length === 0 && tombstones.length === 0) return { counts, watchlist };

  const revision = (BigInt(watchlist.revision) + 1n).toString();
  const stamps = { updated_at: options.now, updated_by: options.userId };
  for (let start = 0; start < inserts.length; start += INSERT_CHUNK) {
    await trx
      .insertInto('screening_entries')
      .values(
        inserts.slice(start, start + INSERT_CHUNK).map((values) => ({
          ...values,
          agency_id: watchlist.agency_id,
          watchlist_id: watchlist.id,
          revision,
          created_by: options.userId,
          ...stamps,
        })),
      )
      .execute();
  }
  for (const { id, values } of updates) {
    await trx
      .updateTable('screening_entries')
      .set({ ...values, revision, removed: false, ...stamps })
      .where('agency_id', '=', watchlist.agency_id)
      .where('id', '=', id)
      .execute();
  }
  if (tombstones.length > 0) {
    await trx
      .updateTable('screening_entries')
      .set({ removed: true, revision, ...stamps })
      .where('agency_id', '=', watchlist.agency_id)
      .where('id', 'in', tombstones)
      .execute();
  }
  const updated = await bumpRevision(trx, watchlist, revision, stamps);
  return { counts, watchlist: updated };
}

/** Stores the watchlist's new revision and its count of entries on the list. */
export async function bumpRevision(
  trx: Trx,
  watchlist: Pick<WatchlistRow, 'agency_id' | 'id'>,
  revision: string,
  stamps: { updated_at: Date; updated_by: string | null },
): Promise<WatchlistRow> {
  const live = await trx
    .selectFrom('screening_entries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('agency_id', '=', watchlist.agency_id)
    .where('watchlist_id', '=', watchlist.id)
    .where('removed', '=', false)
    .executeTakeFirstOrThrow();
  return trx
    .updateTable('screening_watchlists')
    .set({ revision, entry_count: Number(live.n), ...stamps })
    .where('agency_id', '=', watchlist.agency_id)
    .where('id', '=', watchlist.id)
    .returning(watchlistColumns)
    .executeTakeFirstOrThrow();
}

export async function importWatchlist(
  ctx: Ctx,
  id: string,
  input: z.infer<typeof importWatchlistInput>,
): Promise<z.infer<typeof importResultSchema>> {
  const found = await findWatchlist(ctx, id);
  authorize(ctx.actor, watchlistPolicy, 'import', found);
  const parsed = parseWatchlist(input.format, input.content);
  if (!parsed.ok) {
    const { message, problems } = describeProblems(parsed.problems);
    throw new AppError('INVALID_INPUT', `Nothing was imported: ${message}`, { field: 'content', problems });
  }
  const locked = await lockWatchlist(ctx, found);
  const { counts, watchlist } = await applyImport(ctx.trx, locked, parsed.records, {
    mode: input.mode,
    userId: ctx.actor.userId,
    now: ctx.now,
    skipped: parsed.skipped,
  });
  await recordAudit(ctx, {
    type: 'screening.watchlist_imported',
    version: 1,
    data: { watchlistId: watchlist.id, format: input.format, mode: input.mode, ...counts, revision: String(watchlist.revision) },
  });
  return { ...counts, watchlist: presentWatchlist(ctx.actor, watchlist) };
}
