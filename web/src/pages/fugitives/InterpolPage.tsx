import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { fugitivesInterpolApi, type InterpolDocumentUpload, type InterpolRefusedFile } from '../../api/fugitives-interpol.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { formatDateTime, formatNumber } from '../../components/format.ts';
import { PageHeader, ProgressBar, QueryProblem } from '../../components/ui.tsx';
import { useSession } from '../../session/session.tsx';
import { FUGITIVES_QUERY_KEY, FugitivesTabs } from './common.tsx';

export const INTERPOL_QUERY_KEY = [...FUGITIVES_QUERY_KEY, 'interpol'] as const;

/** Investigators and agency administrators import (the server enforces the same rule). */
const mayImport = (roles: readonly string[]): boolean => roles.includes('investigator') || roles.includes('agency_admin');

/** What the server accepts in one request (8 MiB); checked here first so that a too large choice is named at once. */
const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

const COUNTS = ['new', 'updated', 'unchanged', 'noLongerPublic', 'unmatched'] as const;

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;

/** The refused files of a 400 answer, if it carries them. */
function refusedFiles(error: unknown): InterpolRefusedFile[] | null {
  if (!isApiError(error, 'INVALID_INPUT') || !error.details || typeof error.details !== 'object') return null;
  const files = (error.details as { files?: unknown }).files;
  return Array.isArray(files) && files.length > 0 ? (files as InterpolRefusedFile[]) : null;
}

/** A refused import: each refused file with its problems and their JSON paths, as the server words them. */
function RefusalNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const files = refusedFiles(error);
  if (!files) return <ErrorNotice error={error} overrides={{ PAYLOAD_TOO_LARGE: 'fugitives.interpol.tooLarge' }} />;
  return (
    <div className="notice notice-error" role="alert" data-testid="interpol-problems">
      <strong>{t('fugitives.interpol.refused')}</strong>
      <ul className="problem-list">
        {files.map((file) => (
          <li key={file.fileName} data-file={file.fileName}>
            <strong>{file.fileName}</strong>
            <ul lang="en">
              {file.problems.map((problem, index) => (
                <li key={index}>
                  <code>{problem.path}</code>: {problem.message}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

type Phase = { step: 'reading'; done: number; total: number } | { step: 'uploading'; files: number; bytes: number } | null;

function ImportForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [complete, setComplete] = useState(false);
  const [phase, setPhase] = useState<Phase>(null);
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const tooLarge = totalBytes > MAX_UPLOAD_BYTES;

  const upload = useMutation({
    mutationFn: async ({ chosen, whole }: { chosen: File[]; whole: boolean }) => {
      const documents: InterpolDocumentUpload[] = [];
      try {
        for (const [index, file] of chosen.entries()) {
          setPhase({ step: 'reading', done: index, total: chosen.length });
          // The browser knows when the file was last changed, not when it was fetched from Interpol.
          documents.push({ fileName: file.name, content: await file.text(), fetchedAt: new Date(file.lastModified).toISOString() });
        }
        setPhase({ step: 'uploading', files: chosen.length, bytes: chosen.reduce((sum, file) => sum + file.size, 0) });
        return await fugitivesInterpolApi.importDocuments(documents, whole);
      } finally {
        setPhase(null);
      }
    },
    onSuccess: () => {
      setFiles([]);
      if (fileInput.current) fileInput.current.value = '';
      return queryClient.invalidateQueries({ queryKey: FUGITIVES_QUERY_KEY });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (files.length > 0 && !tooLarge) upload.mutate({ chosen: files, whole: complete });
  };
  const summary = upload.data;

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="interpol-import-title" data-testid="interpol-import-form">
      <h2 id="interpol-import-title">{t('fugitives.interpol.importTitle')}</h2>
      <p className="hint">{t('fugitives.interpol.importHelp')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="interpol-files">{t('fugitives.interpol.files')}</label>
          <input
            id="interpol-files"
            ref={fileInput}
            type="file"
            multiple
            accept=".json,application/json"
            data-testid="interpol-files"
            disabled={upload.isPending}
            onChange={(event) => {
              setFiles([...(event.target.files ?? [])]);
              upload.reset();
            }}
          />
          {files.length > 0 ? (
            <p className="hint" data-testid="interpol-chosen">
              {t('fugitives.interpol.chosen', { count: files.length, size: formatBytes(totalBytes) })}
            </p>
          ) : null}
        </div>
        <div className="field field-wide">
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="interpol-complete"
              checked={complete}
              disabled={upload.isPending}
              onChange={(event) => {
                setComplete(event.target.checked);
              }}
            />{' '}
            {t('fugitives.interpol.complete')}
          </label>
          <p className="hint">{t('fugitives.interpol.completeHelp')}</p>
        </div>
      </div>
      {tooLarge ? (
        <div className="notice notice-error" role="alert">
          {t('fugitives.interpol.tooLarge')}
        </div>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="interpol-import-submit"
          disabled={files.length === 0 || tooLarge || upload.isPending}
        >
          {upload.isPending ? t('fugitives.interpol.importing') : t('fugitives.interpol.import')}
        </button>
      </div>
      {phase ? (
        <div role="status" data-testid="interpol-progress">
          {phase.step === 'reading' ? (
            <>
              <p>{t('fugitives.interpol.reading', { done: phase.done + 1, total: phase.total })}</p>
              <ProgressBar value={(phase.done / phase.total) * 100} label={t('fugitives.interpol.progressLabel')} />
            </>
          ) : (
            <>
              <p>{t('fugitives.interpol.uploading', { count: phase.files, size: formatBytes(phase.bytes) })}</p>
              <progress aria-label={t('fugitives.interpol.progressLabel')} />
            </>
          )}
        </div>
      ) : null}
      <RefusalNotice error={upload.error} />
      {summary ? (
        <div role="status" data-testid="interpol-summary">
          <p>{t('fugitives.interpol.imported', { count: summary.files })}</p>
          <dl className="summary-figures">
            {COUNTS.map((key) => (
              <div key={key}>
                <dt>{t(`fugitives.interpol.counts.${key}`)}</dt>
                <dd data-testid={`interpol-count-${key}`}>{formatNumber(summary[key])}</dd>
              </div>
            ))}
          </dl>
          <p className="hint">
            {t('fugitives.interpol.importId')} <code data-testid="interpol-import-id">{summary.importId}</code>
          </p>
        </div>
      ) : null}
    </form>
  );
}

function SnapshotsTable() {
  const { t } = useTranslation();
  const snapshots = useQuery({ queryKey: [...INTERPOL_QUERY_KEY, 'snapshots'], queryFn: () => fugitivesInterpolApi.snapshots(100) });
  const items = snapshots.data?.snapshots ?? [];
  return (
    <section className="panel" aria-labelledby="interpol-snapshots-title">
      <h2 id="interpol-snapshots-title">{t('fugitives.interpol.snapshotsTitle')}</h2>
      <p className="hint">{t('fugitives.interpol.snapshotsHelp')}</p>
      <QueryProblem isPending={snapshots.isPending} error={snapshots.error} />
      {snapshots.data ? (
        items.length === 0 ? (
          <p className="empty" data-testid="interpol-snapshots-empty">
            {t('fugitives.interpol.snapshotsEmpty')}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="interpol-snapshots">
              <caption className="visually-hidden">{t('fugitives.interpol.snapshotsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('fugitives.interpol.columns.importedAt')}</th>
                  <th scope="col">{t('fugitives.interpol.columns.file')}</th>
                  <th scope="col">{t('fugitives.interpol.columns.kind')}</th>
                  <th scope="col" className="num">
                    {t('fugitives.interpol.columns.notices')}
                  </th>
                  <th scope="col">{t('fugitives.interpol.columns.page')}</th>
                  <th scope="col">{t('fugitives.interpol.columns.fetchedAt')}</th>
                  <th scope="col">{t('fugitives.interpol.columns.sha256')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((snapshot) => (
                  <tr key={snapshot.id} data-snapshot-id={snapshot.id} data-import-id={snapshot.importId}>
                    <td className="nowrap">{formatDateTime(snapshot.createdAt)}</td>
                    <td className="strong" data-testid="snapshot-file">
                      {snapshot.fileName}
                    </td>
                    <td>
                      {t(`fugitives.interpol.documentKinds.${snapshot.documentKind}`)}
                      {snapshot.noticeKind ? ` · ${t(`fugitives.interpol.noticeKinds.${snapshot.noticeKind}`)}` : ''}
                      {snapshot.complete ? ` · ${t('fugitives.interpol.completeList')}` : ''}
                    </td>
                    <td className="num">
                      {formatNumber(snapshot.notices)}
                      {snapshot.warnings > 0 ? ` (${t('fugitives.interpol.warnings', { count: snapshot.warnings })})` : ''}
                    </td>
                    <td className="nowrap">
                      {snapshot.listPage === null
                        ? '—'
                        : t('fugitives.interpol.pageOf', { page: snapshot.listPage, total: snapshot.listTotal ?? '?' })}
                    </td>
                    <td className="nowrap">{snapshot.fetchedAt ? formatDateTime(snapshot.fetchedAt) : '—'}</td>
                    <td>
                      <code title={snapshot.sha256}>{snapshot.sha256.slice(0, 12)}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}

/** Interpol public notices saved as JSON files, imported into the agency's wanted persons; the snapshots kept. */
export function InterpolPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <>
      <PageHeader title={t('fugitives.interpol.title')} description={t('fugitives.interpol.description')} />
      <FugitivesTabs />
      {mayImport(session.user.roles) ? <ImportForm /> : null}
      <SnapshotsTable />
    </>
  );
}
