import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { type ImportResult, type ImportFormat, type ImportMode, type Watchlist, type WatchlistVisibility } from '../../api/screening.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { formatDateTime, formatNumber } from '../../components/format.ts';
import { Badge, Notice, PageHeader, QueryProblem } from '../../components/ui.tsx';
import { useSession } from '../../session/session.tsx';
import { creatableVisibilities, FileErrorNotice, SCREENING_QUERY_KEY, ScreeningTabs, useWatchlists } from './common.tsx';

function CreateWatchlistForm({ visibilities }: { visibilities: WatchlistVisibility[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<WatchlistVisibility>(visibilities[0] ?? 'agency');
  const create = useMutation({
    mutationFn: () => api.post<Watchlist>('/api/screening/watchlists', { name: name.trim(), visibility }),
    onSuccess: () => {
      setName('');
      return queryClient.invalidateQueries({ queryKey: [...SCREENING_QUERY_KEY, 'watchlists'] });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="watchlist-create-title">
      <h2 id="watchlist-create-title">{t('screening.watchlists.createTitle')}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="watchlist-name">{t('screening.watchlists.name')}</label>
          <input
            id="watchlist-name"
            type="text"
            required
            minLength={3}
            maxLength={200}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="watchlist-visibility">{t('screening.watchlists.visibility')}</label>
          <select
            id="watchlist-visibility"
            value={visibility}
            onChange={(event) => {
              setVisibility(event.target.value as WatchlistVisibility);
            }}
          >
            {visibilities.map((value) => (
              <option key={value} value={value}>
                {t(`screening.watchlists.visibilities.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !name.trim()}>
          {t('screening.watchlists.create')}
        </button>
      </div>
      <ErrorNotice error={create.error} />
      {create.isSuccess ? (
        <Notice tone="success" live>
          {t('screening.watchlists.created', { name: create.data.name })}
        </Notice>
      ) : null}
    </form>
  );
}

function ImportForm({ watchlists }: { watchlists: Watchlist[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [watchlistId, setWatchlistId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [mode, setMode] = useState<ImportMode>('merge');
  const target = watchlistId || watchlists[0]?.id || '';
  const importFile = useMutation({
    mutationFn: async (chosen: File) =>
      api.post<ImportResult>(`/api/screening/watchlists/${encodeURIComponent(target)}/import`, {
        format,
        content: await chosen.text(),
        mode,
      }),
    onSuccess: () => {
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      return queryClient.invalidateQueries({ queryKey: [...SCREENING_QUERY_KEY, 'watchlists'] });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (file && target) importFile.mutate(file);
  };
  const counts = importFile.data;
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="watchlist-import-title">
      <h2 id="watchlist-import-title">{t('screening.watchlists.importTitle')}</h2>
      <p className="hint">{t('screening.watchlists.importHelp')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="import-watchlist">{t('screening.watchlist')}</label>
          <select
            id="import-watchlist"
            value={target}
            onChange={(event) => {
              setWatchlistId(event.target.value);
            }}
          >
            {watchlists.map((list) => (
              <option key={list.id} value={list.id}>
                {list.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-file">{t('screening.watchlists.file')}</label>
          <input
            id="import-file"
            ref={fileInput}
            type="file"
            accept={format === 'csv' ? '.csv,text/csv' : '.json,.jsonl,.ndjson,.ftm,application/json'}
            required
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="import-format">{t('screening.watchlists.format')}</label>
          <select
            id="import-format"
            value={format}
            onChange={(event) => {
              setFormat(event.target.value as ImportFormat);
            }}
          >
            <option value="csv">{t('screening.watchlists.formats.csv')}</option>
            <option value="ftm">{t('screening.watchlists.formats.ftm')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-mode">{t('screening.watchlists.mode')}</label>
          <select
            id="import-mode"
            value={mode}
            aria-describedby="import-mode-hint"
            onChange={(event) => {
              setMode(event.target.value as ImportMode);
            }}
          >
            <option value="merge">{t('screening.watchlists.modes.merge')}</option>
            <option value="replace">{t('screening.watchlists.modes.replace')}</option>
          </select>
          <span id="import-mode-hint" className="hint">
            {t(`screening.watchlists.modeHint.${mode}`)}
          </span>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!file || !target || importFile.isPending}>
          {importFile.isPending ? t('screening.watchlists.importing') : t('screening.watchlists.import')}
        </button>
      </div>
      <FileErrorNotice error={importFile.error} lead={t('screening.watchlists.refused')} />
      {counts ? (
        <div role="status" data-testid="import-counts">
          <p>{t('screening.watchlists.imported')}</p>
          <dl className="summary-figures">
            {(['added', 'updated', 'unchanged', 'removed', ...(counts.skipped > 0 ? (['skipped'] as const) : [])] as const).map((key) => (
              <div key={key}>
                <dt>{t(`screening.watchlists.counts.${key}`)}</dt>
                <dd>{formatNumber(counts[key])}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </form>
  );
}

/** The lists names are screened against: the agency's own and those shared with the whole platform. */
export function WatchlistsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const watchlists = useWatchlists();
  const items = watchlists.data?.items ?? [];
  const importable = items.filter((list) => list.policies.import);
  const visibilities = creatableVisibilities(session);
  return (
    <>
      <PageHeader title={t('screening.title')} description={t('screening.watchlists.description')} />
      <ScreeningTabs />
      <QueryProblem isPending={watchlists.isPending} error={watchlists.error} />
      {watchlists.data ? (
        items.length === 0 ? (
          <p className="empty">{t('screening.watchlists.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="watchlists-table">
              <caption className="visually-hidden">{t('screening.tabs.watchlists')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('screening.watchlists.name')}</th>
                  <th scope="col">{t('screening.watchlists.visibility')}</th>
                  <th scope="col" className="num">
                    {t('screening.watchlists.entries')}
                  </th>
                  <th scope="col" className="num">
                    {t('screening.watchlists.revision')}
                  </th>
                  <th scope="col">{t('screening.watchlists.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((list) => (
                  <tr key={list.id} data-watchlist-id={list.id}>
                    <td className="strong">
                      <Link to={`/screening/watchlists/${encodeURIComponent(list.id)}`}>{list.name}</Link>
                    </td>
                    <td>
                      <Badge tone={list.visibility === 'platform' ? 'info' : 'neutral'}>
                        {t(`screening.watchlists.visibilities.${list.visibility}`)}
                      </Badge>
                    </td>
                    <td className="num" data-testid="watchlist-entries">
                      {formatNumber(list.entryCount)}
                    </td>
                    <td className="num mono">{list.revision}</td>
                    <td className="nowrap">{formatDateTime(list.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {importable.length > 0 ? <ImportForm watchlists={importable} /> : null}
      {visibilities.length > 0 ? <CreateWatchlistForm visibilities={visibilities} /> : null}
    </>
  );
}
