import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { BATCH_CSV_HEADER, isBatchActive, type Batch, type BatchStatus } from '../../api/screening.ts';
import type { Items } from '../../api/types.ts';
import { formatDateTime, formatNumber } from '../../components/format.ts';
import { BreakAfter } from '../../components/text.tsx';
import { Badge, PageHeader, ProgressBar, QueryProblem, type Tone } from '../../components/ui.tsx';
import { FileErrorNotice, SCREENING_QUERY_KEY, ScreeningTabs } from './common.tsx';

const BATCHES_QUERY_KEY = [...SCREENING_QUERY_KEY, 'batches'] as const;

const statusTones: Record<BatchStatus, Tone> = {
  queued: 'neutral',
  running: 'info',
  completed: 'success',
  failed: 'danger',
  cancelled: 'warning',
};

const resultsHref = (batch: Pick<Batch, 'id'>) => `/api/screening/batches/${encodeURIComponent(batch.id)}/results.csv`;

function BatchStatusBadge({ status }: { status: BatchStatus }) {
  const { t } = useTranslation();
  return <Badge tone={statusTones[status]}>{t(`screening.batch.status.${status}`)}</Badge>;
}

function BatchProgress({ batch }: { batch: Batch }) {
  const { t } = useTranslation();
  const value = batch.status === 'completed' ? 100 : batch.progress * 100;
  return (
    <div className="progress-cell">
      <ProgressBar value={value} label={t('screening.batch.progressOf', { file: batch.fileName })} />
      <span className="progress-percent">{Math.round(value)} %</span>
    </div>
  );
}

/** The batch just uploaded, refreshed every second until it is done; then its figures and the results file. */
function CurrentBatch({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const batch = useQuery({
    queryKey: [...BATCHES_QUERY_KEY, id],
    queryFn: () => api.get<Batch>(`/api/screening/batches/${encodeURIComponent(id)}`),
    refetchInterval: (query) => (query.state.data && !isBatchActive(query.state.data) ? false : 1000),
  });
  const finished = batch.data !== undefined && !isBatchActive(batch.data);
  useEffect(() => {
    if (!finished) return;
    // The list of batches and the review queue change when a batch finishes.
    void queryClient.invalidateQueries({ queryKey: BATCHES_QUERY_KEY, exact: true });
    void queryClient.invalidateQueries({ queryKey: [...SCREENING_QUERY_KEY, 'hits'] });
  }, [finished, queryClient]);
  if (!batch.data) return <QueryProblem isPending={batch.isPending} error={batch.error} />;
  const data = batch.data;
  return (
    <section className="panel" aria-labelledby="current-batch-title" data-testid="current-batch" data-status={data.status}>
      <div className="panel-heading">
        <h2 id="current-batch-title" className="break">
          {data.fileName}
        </h2>
        <BatchStatusBadge status={data.status} />
      </div>
      <BatchProgress batch={data} />
      {data.status === 'failed' || data.status === 'cancelled' ? (
        <p className="text-danger" role="alert">
          {t('screening.batch.failed')} {data.error ? <span lang="en">{data.error}</span> : null}
        </p>
      ) : null}
      {data.status === 'completed' ? (
        <>
          <dl className="summary-figures batch-figures" role="status">
            <div>
              <dt>{t('screening.batch.rows')}</dt>
              <dd data-testid="batch-rows">{formatNumber(data.rows)}</dd>
            </div>
            <div>
              <dt>{t('screening.batch.hits')}</dt>
              <dd data-testid="batch-hits">{formatNumber(data.hits)}</dd>
            </div>
            <div>
              <dt>{t('screening.batch.suppressed')}</dt>
              <dd data-testid="batch-suppressed">{formatNumber(data.suppressed)}</dd>
            </div>
          </dl>
          <div className="button-row">
            <a className="button button-primary" href={resultsHref(data)} download data-testid="batch-download">
              {t('screening.batch.download')}
            </a>
            {data.hits > 0 ? (
              <Link className="button button-secondary" to={`/screening/review?batchId=${encodeURIComponent(data.id)}`}>
                {t('screening.batch.reviewHits')}
              </Link>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

function UploadForm({ onUploaded }: { onUploaded: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [threshold, setThreshold] = useState('');
  const upload = useMutation({
    mutationFn: async (chosen: File) =>
      api.post<{ batch: Batch; jobId: string }>('/api/screening/batches', {
        fileName: chosen.name,
        content: await chosen.text(),
        ...(threshold ? { threshold: Number(threshold) } : {}),
      }),
    onSuccess: (value) => {
      onUploaded(value.batch.id);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      void queryClient.invalidateQueries({ queryKey: BATCHES_QUERY_KEY, exact: true });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="batch-upload-title">
      <h2 id="batch-upload-title">{t('screening.batch.uploadTitle')}</h2>
      <p className="hint">
        {t('screening.batch.columns')} <code className="break">{BATCH_CSV_HEADER}</code>
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="batch-file">{t('screening.batch.file')}</label>
          <input
            id="batch-file"
            ref={fileInput}
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="batch-threshold">{t('screening.batch.threshold')}</label>
          <input
            id="batch-threshold"
            type="number"
            min={0.5}
            max={1}
            step={0.01}
            placeholder={t('screening.batch.thresholdDefault')}
            value={threshold}
            aria-describedby="batch-threshold-hint"
            onChange={(event) => {
              setThreshold(event.target.value);
            }}
          />
          <span id="batch-threshold-hint" className="hint">
            {t('screening.batch.thresholdHint')}
          </span>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="batch-upload" disabled={!file || upload.isPending}>
          {upload.isPending ? t('screening.batch.uploading') : t('screening.batch.upload')}
        </button>
      </div>
      <FileErrorNotice error={upload.error} lead={t('screening.batch.refused')} />
    </form>
  );
}

function EarlierBatches() {
  const { t } = useTranslation();
  const batches = useQuery({
    queryKey: BATCHES_QUERY_KEY,
    queryFn: () => api.get<Items<Batch>>('/api/screening/batches'),
    refetchInterval: (query) => (query.state.data?.items.some(isBatchActive) ? 2000 : false),
  });
  return (
    <section aria-labelledby="batches-title">
      <h2 id="batches-title">{t('screening.batch.earlier')}</h2>
      <QueryProblem isPending={batches.isPending} error={batches.error} />
      {batches.data ? (
        batches.data.items.length === 0 ? (
          <p className="empty">{t('screening.batch.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="batches-table">
              <caption className="visually-hidden">{t('screening.batch.earlier')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('screening.batch.file')}</th>
                  <th scope="col">{t('screening.batch.uploaded')}</th>
                  <th scope="col">{t('screening.batch.statusLabel')}</th>
                  <th scope="col" className="col-progress">
                    {t('screening.batch.progress')}
                  </th>
                  <th scope="col" className="num">
                    {t('screening.batch.rows')}
                  </th>
                  <th scope="col" className="num">
                    {t('screening.batch.hits')}
                  </th>
                  <th scope="col" className="num">
                    {t('screening.batch.suppressed')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {batches.data.items.map((batch) => (
                  <tr key={batch.id} data-batch-id={batch.id}>
                    <td>
                      <BreakAfter text={batch.fileName} marks="._-" />
                    </td>
                    <td className="nowrap">{formatDateTime(batch.createdAt)}</td>
                    <td>
                      <BatchStatusBadge status={batch.status} />
                    </td>
                    <td>
                      <BatchProgress batch={batch} />
                    </td>
                    <td className="num">{formatNumber(batch.rows)}</td>
                    <td className="num">
                      {batch.hits > 0 ? (
                        <Link to={`/screening/review?batchId=${encodeURIComponent(batch.id)}`}>{formatNumber(batch.hits)}</Link>
                      ) : (
                        formatNumber(batch.hits)
                      )}
                    </td>
                    <td className="num">{formatNumber(batch.suppressed)}</td>
                    <td className="actions">
                      {batch.status === 'completed' ? (
                        <a
                          className="button button-small button-secondary"
                          href={resultsHref(batch)}
                          download
                          aria-label={t('screening.batch.downloadFor', { file: batch.fileName })}
                        >
                          {t('screening.batch.downloadShort')}
                        </a>
                      ) : null}
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

/** Many people at once: a CSV screened as a background job, with its progress, figures and results file. */
export function BatchesPage() {
  const { t } = useTranslation();
  const [currentId, setCurrentId] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('screening.title')} description={t('screening.batch.description')} />
      <ScreeningTabs />
      <UploadForm onUploaded={setCurrentId} />
      {currentId ? <CurrentBatch id={currentId} /> : null}
      <EarlierBatches />
    </>
  );
}
