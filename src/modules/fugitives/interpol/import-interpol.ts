import crypto from 'node:crypto';
import type { FugitiveNoticeStatus } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { noticeTransitionRefusal } from '../engine/lifecycle.ts';
import { dateText, today } from '../schemas.ts';
import { diffSnapshot, fingerprintNotice, snapshotContradictions, type KnownNotice, type SnapshotScope } from './diff-notices.ts';
import type { InterpolNotice, InterpolParseResult, InterpolProblem, NoticeKind } from './parse-interpol.ts';

/**
 * Writes Interpol documents read by `parseInterpolDocument` into the importing agency's data, in the caller's one
 * transaction: a snapshot row per document, then each notice matched by `interpol_entity_id` among the agency's
 * notices (content stored, a requested or no-longer-public notice published), a new wanted person with a published
 * notice for an unknown one, and — for a complete list — `no_longer_public` for the agency's published notices of that
 * kind that are missing. All or nothing: if any document was refused, nothing is written.
 *
 * Runs in the importing agency's own database scope (the API: the signed-in user's; the command line: the named
 * agency's), and also filters every read by that agency, so that notices other agencies share with it are never
 * mistaken for its own. It
 * writes notice status changes directly rather than through `changeNoticeStatus`, which needs a signed-in actor and
 * audits each change; the same transition rule (`noticeTransitionRefusal(…, 'import')`) applies,
 * and the run is audited once with its counts.
 */
export interface ImportCtx extends SystemCtx {
  /** The importing agency: owner of the snapshots and of the persons and notices it creates. */
  agencyId: string;
  /** The signed-in user who imports (the API), recorded as author and in the audit entry; absent for the command line. */
  actorUserId?: string | null;
}

export interface ImportDocument {
  fileName: string;
  result: InterpolParseResult;
}

export interface ImportInput {
  documents: readonly ImportDocument[];
  /** The list documents are the whole public list of their notice kind (every page, no filter). */
  complete: boolean;
  onProgress?: (done: number, total: number) => void;
  /** The id the run's snapshots share and its audit entry names; a new one when not given. */
  importId?: string;
}

export interface ImportSummary {
  new: number;
  updated: number;
  unchanged: number;
  noLongerPublic: number;
  /**
   * Notices Concord cannot hold (a UN notice). Whether another agency holds a notice is never looked at: each agency
   * keeps its own copy of the public notices it imports, so an import tells nothing of other agencies.
   */
  unmatched: number;
  rejected: { file: string; errors: InterpolProblem[] }[];
}

/** Interpol kinds that are also Concord notice kinds; UN notices have no counterpart. */
const concordKind = (kind: NoticeKind): 'red' | 'yellow' | null => (kind === 'un' ? null : kind);

interface HeldNotice {
  id: string;
  fugitive_id: string;
  kind: string;
  interpol_entity_id: string;
  status: FugitiveNoticeStatus;
  status_on: string;
  interpol_fingerprint: string | null;
  interpol_summary_fingerprint: string | null;
  interpol_data: unknown;
}

/** A list item carries only the summary fields: keep the detail fields stored from an earlier detail document. */
function merged(incoming: InterpolNotice, stored: unknown): InterpolNotice {
  if (incoming.shape === 'detail' || typeof stored !== 'object' || stored === null) return incoming;
  const previous = stored as InterpolNotice;
  if (previous.shape !== 'detail') return incoming;
  return {
    ...previous,
    forename: incoming.forename,
    name: incoming.name,
    names: incoming.names,
    dateOfBirth: incoming.dateOfBirth,
    nationalities: incoming.nationalities,
    photoUrl: incoming.photoUrl,
    links: incoming.links,
  };
}

const union = (held: readonly string[], more: readonly (string | null)[]): string[] => [
  ...held,
  ...more.filter((value): value is string => value !== null && !held.includes(value)),
];

export async function importInterpol(ctx: ImportCtx, input: ImportInput): Promise<ImportSummary> {
  const summary: ImportSummary = { new: 0, updated: 0, unchanged: 0, noLongerPublic: 0, unmatched: 0, rejected: [] };
  for (const document of input.documents) {
    if (!document.result.ok) summary.rejected.push({ file: document.fileName, errors: document.result.errors });
  }
  if (summary.rejected.length > 0) return summary;
  const accepted = input.documents.flatMap((document) => (document.result.ok ? [{ fileName: document.fileName, ...document.result }] : []));
  const incoming = accepted.flatMap((document) => document.notices);

  let scope: SnapshotScope = { complete: false };
  if (input.complete) {
    const kinds = new Set(
      accepted.filter((document) => document.kind === 'list').flatMap((document) => document.notices.map((n) => n.noticeKind)),
    );
    const [kind, ...others] = [...kinds];
    if (kind === undefined || others.length > 0) {
      throw new AppError('INVALID_INPUT', 'A complete list needs list pages of exactly one notice kind; nothing was imported', {
        files: [],
        kinds: [...kinds],
      });
    }
    scope = { complete: true, noticeKind: kind };
  }

  const held: HeldNotice[] = await ctx.trx
    .selectFrom('fugitive_notices')
    .select([
      'id',
      'fugitive_id',
      'kind',
      'interpol_entity_id as interpol_entity_id',
      'status',
      dateText('status_on', 'status_on'),
      'interpol_fingerprint',
      'interpol_summary_fingerprint',
      'interpol_data',
    ])
    .where('agency_id', '=', ctx.agencyId)
    .where('kind', 'in', ['red', 'yellow'])
    .where('interpol_entity_id', 'is not', null)
    .execute()
    .then((rows) =>
      rows.flatMap((row) => (row.interpol_entity_id === null ? [] : [{ ...row, interpol_entity_id: row.interpol_entity_id }])),
    );
  // Contradictions are refused, located in their files, before anything is written.
  const contradictions = snapshotContradictions(
    accepted,
    new Map(held.map((notice) => [notice.interpol_entity_id, notice.kind as NoticeKind])),
  );
  if (contradictions.length > 0) {
    const files = [...new Set(contradictions.map((problem) => problem.fileName))].map((fileName) => ({
      fileName,
      problems: contradictions.filter((problem) => problem.fileName === fileName).map(({ path, message }) => ({ path, message })),
    }));
    throw new AppError(
      'INVALID_INPUT',
      `${contradictions.length} notices contradict each other or what your agency holds; nothing was imported`,
      {
        files,
      },
    );
  }

  const importId = input.importId ?? crypto.randomUUID();
  const author = ctx.actorUserId ?? null;
  const importedOn = today(ctx.now);
  for (const document of accepted) {
    await ctx.trx
      .insertInto('interpol_snapshots')
      .values({
        agency_id: ctx.agencyId,
        import_id: importId,
        file_name: document.fileName.slice(0, 500),
        sha256: document.sha256,
        fetched_at: document.fetchedAt,
        document_kind: document.kind,
        notice_kind: document.notices[0]?.noticeKind ?? null,
        complete: input.complete && document.kind === 'list',
        notices: document.notices.length,
        list_total: document.list?.total ?? null,
        list_page: document.list?.page ?? null,
        warnings: document.warnings.length,
        created_by: author,
      })
      .execute();
  }

  const heldByKey = new Map(held.map((notice) => [`${notice.kind} ${notice.interpol_entity_id}`, notice]));
  const known: KnownNotice[] = held.map((notice) => ({
    entityId: notice.interpol_entity_id,
    noticeKind: notice.kind as NoticeKind,
    fingerprint: notice.interpol_fingerprint ?? '',
    summaryFingerprint: notice.interpol_summary_fingerprint,
    // A withdrawn or cancelled notice is final: the import neither publishes it again nor marks it.
    publicNow: notice.status !== 'requested' && notice.status !== 'no_longer_public',
  }));
  const diff = diffSnapshot(known, incoming, scope);

  const total = diff.added.length + diff.updated.length + diff.noLongerPublic.length;
  let done = 0;
  const tick = () => {
    done += 1;
    input.onProgress?.(done, total);
  };

  const changeStatus = async (notice: HeldNotice, to: FugitiveNoticeStatus) => {
    if (noticeTransitionRefusal(notice.status, to, 'import') !== null) return false;
    const on = importedOn < notice.status_on ? notice.status_on : importedOn;
    await ctx.trx
      .updateTable('fugitive_notices')
      .set({ status: to, status_on: on, updated_at: ctx.now, updated_by: author })
      .where('agency_id', '=', ctx.agencyId)
      .where('id', '=', notice.id)
      .execute();
    await ctx.trx
      .insertInto('fugitive_notice_events')
      .values({
        agency_id: ctx.agencyId,
        notice_id: notice.id,
        fugitive_id: notice.fugitive_id,
        status: to,
        occurred_on: on,
        note: 'Interpol import',
        created_by: author,
      })
      .execute();
    return true;
  };

  for (const entry of diff.added) {
    tick();
    const kind = concordKind(entry.notice.noticeKind);
    if (kind === null) {
      summary.unmatched += 1;
      continue;
    }
    const { notice } = entry;
    const person = await ctx.trx
      .insertInto('fugitives')
      .values({
        agency_id: ctx.agencyId,
        names: notice.names,
        birth_dates: notice.dateOfBirth === null ? [] : [notice.dateOfBirth],
        nationalities: notice.nationalities,
        gender: notice.sex,
        offences: notice.charges.length > 0 ? ['other'] : [],
        created_by: author,
        updated_by: author,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = await ctx.trx
      .insertInto('fugitive_notices')
      .values({
        agency_id: ctx.agencyId,
        fugitive_id: person.id,
        kind,
        interpol_entity_id: notice.entityId,
        status: 'published',
        status_on: importedOn,
        interpol_fingerprint: entry.fingerprint,
        interpol_summary_fingerprint: entry.summaryFingerprint,
        interpol_data: JSON.stringify(notice),
        created_by: author,
        updated_by: author,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.trx
      .insertInto('fugitive_notice_events')
      .values({
        agency_id: ctx.agencyId,
        notice_id: created.id,
        fugitive_id: person.id,
        status: 'published',
        occurred_on: importedOn,
        note: 'Interpol import',
        created_by: author,
      })
      .execute();
    summary.new += 1;
  }

  for (const entry of diff.updated) {
    tick();
    const notice = heldByKey.get(`${entry.notice.noticeKind} ${entry.notice.entityId}`);
    if (notice === undefined) continue;
    const content = merged(entry.notice, notice.interpol_data);
    const fingerprints = fingerprintNotice(content);
    await ctx.trx
      .updateTable('fugitive_notices')
      .set({
        interpol_fingerprint: fingerprints.fingerprint,
        interpol_summary_fingerprint: fingerprints.summaryFingerprint,
        interpol_data: JSON.stringify(content),
        updated_at: ctx.now,
        updated_by: author,
      })
      .where('agency_id', '=', ctx.agencyId)
      .where('id', '=', notice.id)
      .execute();
    if (entry.contentChanged) {
      // Interpol's romanised names and its dates add to what the agency recorded; they never replace it.
      const person = await ctx.trx
        .selectFrom('fugitives')
        .select(['names', 'aliases', 'birth_dates', 'nationalities', 'gender'])
        .where('agency_id', '=', ctx.agencyId)
        .where('id', '=', notice.fugitive_id)
        .executeTakeFirstOrThrow();
      const aliases = union(
        person.aliases,
        content.names.filter((name) => !person.names.includes(name)),
      ).slice(0, 50);
      await ctx.trx
        .updateTable('fugitives')
        .set({
          aliases,
          birth_dates: union(person.birth_dates, [content.dateOfBirth]),
          nationalities: union(person.nationalities, content.nationalities),
          gender: person.gender ?? content.sex,
          updated_at: ctx.now,
          updated_by: author,
        })
        .where('agency_id', '=', ctx.agencyId)
        .where('id', '=', notice.fugitive_id)
        .execute();
    }
    if (entry.publicAgain) await changeStatus(notice, 'published');
    summary.updated += 1;
  }
  summary.unchanged = diff.unchanged.length;

  for (const gone of diff.noLongerPublic) {
    tick();
    const notice = heldByKey.get(`${gone.noticeKind} ${gone.entityId}`);
    if (notice !== undefined && (await changeStatus(notice, 'no_longer_public'))) summary.noLongerPublic += 1;
  }

  await recordAudit(
    ctx,
    {
      type: 'fugitives.interpol_imported',
      version: 1,
      data: {
        importId,
        files: accepted.length,
        new: summary.new,
        updated: summary.updated,
        unchanged: summary.unchanged,
        noLongerPublic: summary.noLongerPublic,
        unmatched: summary.unmatched,
      },
    },
    { agencyId: ctx.agencyId, actorUserId: author },
  );
  return summary;
}
