import crypto from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { scopeOf, type Ctx, type Services } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { fugitivePolicy } from '../policies.ts';
import { iso } from '../schemas.ts';
import { importInterpol, type ImportDocument } from './import-interpol.ts';
import { parseInterpolDocument } from './parse-interpol.ts';

/**
 * The Interpol import through the HTTP API (docs/interpol-import.md, "Through the API and the web UI"): the same
 * reader and importer as `concord import interpol`, for the signed-in investigator's or administrator's own agency.
 * Every document is parsed before anything is written; one refused document answers 400 with each refused file's
 * problems and their JSON paths, and nothing is written.
 *
 * The import runs in the actor's own agency scope (row-level security), for the actor's agency (never one named by
 * the request): an Interpol entity id is unique within an agency only, so the importer reads and writes nothing but
 * its own agency's notices and learns nothing of other agencies' (migration 0013).
 */
export const INTERPOL_MAX_CHARS = 5_000_000;
export const INTERPOL_MAX_DOCUMENTS = 200;
/** The request body: every document's text in JSON, with room for escaping. */
export const INTERPOL_BODY_LIMIT = 8 * 1024 * 1024;

export const interpolImportInput = z.object({
  documents: z
    .array(
      z.object({
        fileName: z.string().trim().min(1).max(500).describe('the saved file’s name; it names the file in problems and snapshots'),
        content: z.string().max(INTERPOL_MAX_CHARS).describe('the file’s text as saved from Interpol’s public notices API'),
        fetchedAt: z.iso
          .datetime({ offset: true })
          .optional()
          .describe('when the file was fetched from Interpol; a browser knows only the file’s modification time'),
      }),
    )
    .min(1)
    .max(INTERPOL_MAX_DOCUMENTS),
  complete: z
    .boolean()
    .default(false)
    .describe('the list pages are the whole public list of one notice kind: its missing notices become no longer public'),
});
export type InterpolImportInput = z.infer<typeof interpolImportInput>;

export const interpolImportSummary = z.object({
  importId: z.uuid(),
  files: z.number().int(),
  new: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  noLongerPublic: z.number().int(),
  unmatched: z.number().int(),
  rejected: z.array(z.object({ file: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })) })),
});
export type InterpolImportSummary = z.infer<typeof interpolImportSummary>;

export const snapshotsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const interpolSnapshot = z.object({
  id: z.uuid(),
  importId: z.uuid(),
  fileName: z.string(),
  sha256: z.string(),
  fetchedAt: z.string().nullable(),
  documentKind: z.enum(['list', 'detail']),
  noticeKind: z.enum(['red', 'yellow', 'un']).nullable(),
  complete: z.boolean(),
  notices: z.number().int(),
  listTotal: z.number().int().nullable(),
  listPage: z.number().int().nullable(),
  warnings: z.number().int(),
  createdAt: z.string(),
});
export const interpolSnapshotList = z.object({ snapshots: z.array(interpolSnapshot) });

/** Who acts, for which request: the import opens its own transaction, so it takes no `Ctx`. */
export interface InterpolActing {
  actor: Ctx['actor'];
  requestId: string;
}

export async function importInterpolAsActor(
  services: Services,
  acting: InterpolActing,
  input: InterpolImportInput,
): Promise<InterpolImportSummary> {
  const { actor } = acting;
  authorize(actor, fugitivePolicy, 'import_interpol', { agency_id: actor.agencyId, shared: false });

  const documents: ImportDocument[] = input.documents.map((document) => ({
    fileName: document.fileName,
    result: parseInterpolDocument(document.content, {
      fileName: document.fileName,
      ...(document.fetchedAt === undefined ? {} : { fetchedAt: document.fetchedAt }),
    }),
  }));
  const refused = documents.flatMap((document) =>
    document.result.ok ? [] : [{ fileName: document.fileName, problems: document.result.errors }],
  );
  if (refused.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `${refused.length} of ${documents.length} file${documents.length === 1 ? '' : 's'} refused; nothing was imported`,
      { files: refused },
    );
  }
  if (input.complete) {
    const kinds = new Set(
      documents.flatMap((document) =>
        document.result.ok && document.result.kind === 'list' ? document.result.notices.map((notice) => notice.noticeKind) : [],
      ),
    );
    if (kinds.size !== 1) {
      throw new AppError('INVALID_INPUT', 'A complete list needs list pages of exactly one notice kind; nothing was imported', {
        files: [],
        kinds: [...kinds],
      });
    }
  }

  const importId = crypto.randomUUID();
  const summary = await services.db.inScope(scopeOf(actor), (trx) =>
    importInterpol(
      { trx, services, requestId: acting.requestId, now: new Date(), agencyId: actor.agencyId, actorUserId: actor.userId },
      { documents, complete: input.complete, importId },
    ),
  );
  return { importId, files: documents.length, ...summary };
}

/** The actor's agency's snapshots, newest first (row-level security keeps other agencies' out as well). */
export async function listSnapshots(ctx: Ctx, query: z.infer<typeof snapshotsQuery>): Promise<z.infer<typeof interpolSnapshotList>> {
  const rows = await ctx.trx
    .selectFrom('interpol_snapshots')
    .select([
      'id',
      'import_id',
      'file_name',
      'sha256',
      'fetched_at',
      'document_kind',
      'notice_kind',
      'complete',
      'notices',
      'list_total',
      'list_page',
      'warnings',
      'created_at',
    ])
    .where('agency_id', '=', ctx.actor.agencyId)
    .orderBy('created_at', 'desc')
    .orderBy('file_name', 'asc')
    .orderBy('id', 'asc')
    .limit(query.limit)
    .execute();
  return {
    snapshots: rows.map((row) => ({
      id: row.id,
      importId: row.import_id,
      fileName: row.file_name,
      sha256: row.sha256,
      fetchedAt: row.fetched_at === null ? null : iso(row.fetched_at),
      documentKind: row.document_kind,
      noticeKind: row.notice_kind,
      complete: row.complete,
      notices: row.notices,
      listTotal: row.list_total,
      listPage: row.list_page,
      warnings: row.warnings,
      createdAt: iso(row.created_at),
    })),
  };
}
