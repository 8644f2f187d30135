import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, ApiError, withQuery } from '../../api/client.ts';
import {
  INSTRUMENT_KINDS,
  INSTRUMENT_STATUSES,
  type Declaration,
  type Instrument,
  type InstrumentDetail,
  type InstrumentStatus,
} from '../../api/legal-basis.ts';
import type { Items } from '../../api/types.ts';
import { ErrorNotice, useErrorText } from '../../components/errors.tsx';
import { Notice, PageHeader, QueryProblem } from '../../components/ui.tsx';
import { coverageTone } from '../../api/legal-basis.ts';
import { LegalTabs, StatusBadge, today, useLegalStates, useStateLabel } from './common.tsx';

function declarationValue(value: Declaration['value'], yes: string, no: string): string {
  if (typeof value === 'boolean') return value ? yes : no;
  return Array.isArray(value) ? value.join(', ') : value;
}

export function DeclarationsTable({ declarations, showState = false }: { declarations: Declaration[]; showState?: boolean }) {
  const { t } = useTranslation();
  if (declarations.length === 0) return <p className="empty">{t('legal.none')}</p>;
  return (
    <table className="table" data-testid="declarations">
      <thead>
        <tr>
          {showState ? <th scope="col">{t('legal.declarations.state')}</th> : null}
          <th scope="col">{t('legal.declarations.article')}</th>
          <th scope="col">{t('legal.declarations.kind')}</th>
          <th scope="col">{t('legal.declarations.value')}</th>
        </tr>
      </thead>
      <tbody>
        {declarations.map((declaration) => (
          <tr key={declaration.id}>
            {showState ? (
              <td>
                <Link to={`/legal-basis/states/${declaration.state}`}>{declaration.state}</Link>
              </td>
            ) : null}
            <td className="mono">{declaration.article}</td>
            <td>{t(`legal.declarationKind.${declaration.kind}`, { defaultValue: declaration.kind })}</td>
            <td lang="en">{declarationValue(declaration.value, t('legal.yes'), t('legal.no'))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Export (download) and import (upload) of the whole registry, for those who may change it. */
function ExportImport() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [exportError, setExportError] = useState<unknown>(null);
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        throw new ApiError(400, 'LEGAL_IMPORT_NOT_JSON', t('legal.importNotJson'));
      }
      return api.post<unknown>('/api/legal-basis/import', body);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['legal-basis'] }),
  });
  const download = async () => {
    setExportError(null);
    try {
      const data = await api.get<unknown>('/api/legal-basis/export');
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `concord-legal-basis-${today()}.json`;
      anchor.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(error);
    }
  };
  return (
    <section className="panel" aria-labelledby="registry-title">
      <h2 id="registry-title">{t('legal.registry.title')}</h2>
      <div className="toolbar">
        <button type="button" className="button button-secondary" data-testid="legal-export" onClick={() => void download()}>
          {t('legal.registry.export')}
        </button>
        <label className="button button-secondary file-button">
          {t('legal.registry.import')}
          <input
            type="file"
            accept="application/json,.json"
            className="visually-hidden"
            data-testid="legal-import"
            disabled={importFile.isPending}
            onChange={(event: ChangeEvent<HTMLInputElement>) => {
              const file = event.target.files?.[0];
              if (file) importFile.mutate(file);
              event.target.value = '';
            }}
          />
        </label>
      </div>
      <p className="hint">{t('legal.registry.importHelp')}</p>
      <ErrorNotice error={exportError} />
      {importFile.error ? (
        <div className="notice notice-error" role="alert">
          <strong>{t('legal.registry.importFailed')}</strong>{' '}
          {importFile.error instanceof ApiError && Array.isArray(importFile.error.details)
            ? t('errors.INVALID_INPUT')
            : errorText(importFile.error)}
          {importFile.error instanceof ApiError && Array.isArray(importFile.error.details) ? (
            <ul className="mono">
              {(importFile.error.details as { path?: string; message?: string }[]).slice(0, 20).map((issue, index) => (
                <li key={index}>
                  {issue.path ?? ''} {issue.message ?? ''}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {importFile.isSuccess ? <Notice tone="success">{t('legal.registry.imported')}</Notice> : null}
    </section>
  );
}

export function InstrumentsPage() {
  const { t } = useTranslation();
  const label = useStateLabel();
  const states = useLegalStates();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? '';
  const state = params.get('state') ?? '';
  const status = params.get('status') ?? '';
  const instruments = useQuery({
    queryKey: ['legal-basis', 'instruments', kind, state, status],
    queryFn: () => api.get<Items<Instrument>>(withQuery('/api/legal-basis/instruments', { kind, state, status })),
    placeholderData: keepPreviousData,
  });
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const mayEdit = (instruments.data?.items[0]?.policies.edit ?? false) || (states.data?.items[0]?.policies.edit ?? false);
  return (
    <>
      <PageHeader title={t('legal.instruments.title')} description={t('legal.instruments.description')} />
      <LegalTabs />
      <form
        className="toolbar"
        role="search"
        aria-label={t('legal.instruments.filters')}
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <div className="field field-inline">
          <label htmlFor="instruments-kind">{t('legal.instruments.kind')}</label>
          <select
            id="instruments-kind"
            value={kind}
            onChange={(event) => {
              setParam('kind', event.target.value);
            }}
          >
            <option value="">{t('legal.all')}</option>
            {INSTRUMENT_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`legal.kind.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="instruments-state">{t('legal.instruments.state')}</label>
          <select
            id="instruments-state"
            value={state}
            onChange={(event) => {
              setParam('state', event.target.value);
            }}
          >
            <option value="">{t('legal.all')}</option>
            {(states.data?.items ?? []).map((item) => (
              <option key={item.code} value={item.code}>
                {label(item)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="instruments-status">{t('legal.instruments.status')}</label>
          <select
            id="instruments-status"
            value={status}
            onChange={(event) => {
              setParam('status', event.target.value);
            }}
          >
            <option value="">{t('legal.all')}</option>
            {INSTRUMENT_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`legal.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <QueryProblem isPending={instruments.isPending} error={instruments.error} />
      {instruments.data ? (
        instruments.data.items.length === 0 ? (
          <p className="empty">{t('legal.instruments.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="instruments-table" aria-busy={instruments.isFetching}>
              <thead>
                <tr>
                  <th scope="col">{t('legal.instruments.shortTitle')}</th>
                  <th scope="col">{t('legal.instruments.kind')}</th>
                  <th scope="col">{t('legal.instruments.parties')}</th>
                  <th scope="col">{t('legal.instruments.status')}</th>
                  <th scope="col">{t('legal.instruments.inForceSince')}</th>
                </tr>
              </thead>
              <tbody>
                {instruments.data.items.map((instrument) => (
                  <tr key={instrument.id}>
                    <td>
                      <Link to={`/legal-basis/instruments/${instrument.id}`} lang="en">
                        {instrument.shortTitle}
                      </Link>
                    </td>
                    <td>{t(`legal.kind.${instrument.kind}`)}</td>
                    <td className="parties">
                      {instrument.parties.length > 4
                        ? t('legal.instruments.partyCount', { count: instrument.parties.length })
                        : instrument.parties.join(', ')}
                    </td>
                    <td>
                      <StatusBadge status={instrument.currentStatus} />
                    </td>
                    <td className="mono">{instrument.inForceSince ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {mayEdit ? <ExportImport /> : null}
    </>
  );
}

function StatusChangeForm({ instrumentId }: { instrumentId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<InstrumentStatus>('in_force');
  const [date, setDate] = useState(today);
  const [note, setNote] = useState('');
  const record = useMutation({
    mutationFn: () =>
      api.post<unknown>(`/api/legal-basis/instruments/${instrumentId}/status`, {
        status,
        date,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['legal-basis'] });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    record.mutate();
  };
  return (
    <section className="panel" aria-labelledby="status-change-title">
      <h2 id="status-change-title">{t('legal.instrument.recordStatus')}</h2>
      <form onSubmit={submit} data-testid="status-change-form">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="status-change-status">{t('legal.instruments.status')}</label>
            <select
              id="status-change-status"
              value={status}
              onChange={(event) => {
                setStatus(event.target.value as InstrumentStatus);
              }}
            >
              {INSTRUMENT_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {t(`legal.status.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="status-change-date">{t('legal.instrument.effectiveDate')}</label>
            <input
              id="status-change-date"
              type="date"
              required
              value={date}
              onChange={(event) => {
                setDate(event.target.value);
              }}
            />
          </div>
          <div className="field field-wide">
            <label htmlFor="status-change-note">{t('legal.instrument.note')}</label>
            <input
              id="status-change-note"
              type="text"
              maxLength={1000}
              value={note}
              onChange={(event) => {
                setNote(event.target.value);
              }}
            />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={record.isPending}>
            {t('legal.instrument.recordStatusSubmit')}
          </button>
        </div>
        <ErrorNotice error={record.error} />
        {record.isSuccess ? <Notice tone="success">{t('legal.instrument.statusRecorded')}</Notice> : null}
      </form>
    </section>
  );
}

export function InstrumentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const instrument = useQuery({
    queryKey: ['legal-basis', 'instrument', id],
    queryFn: () => api.get<InstrumentDetail>(`/api/legal-basis/instruments/${encodeURIComponent(id)}`),
  });
  const data = instrument.data;
  const timeline = data ? [...data.statusHistory].sort((a, b) => a.date.localeCompare(b.date)) : [];
  const offences = data?.offences;
  return (
    <>
      <PageHeader
        title={data ? data.shortTitle : t('legal.instrument.title')}
        description={data ? <span lang="en">{data.title}</span> : null}
      />
      <LegalTabs />
      <p>
        <Link to="/legal-basis/instruments">{t('legal.instrument.back')}</Link>
      </p>
      <QueryProblem isPending={instrument.isPending} error={instrument.error} />
      {data && offences ? (
        <div className="instrument-layout" data-testid="instrument-page">
          <div>
            <section className="panel" aria-labelledby="instrument-facts">
              <h2 id="instrument-facts">{t('legal.instrument.facts')}</h2>
              <dl className="facts">
                <dt>{t('legal.instruments.kind')}</dt>
                <dd>{t(`legal.kind.${data.kind}`)}</dd>
                <dt>{t('legal.instruments.status')}</dt>
                <dd>
                  <StatusBadge status={data.currentStatus} />
                </dd>
                <dt>{t('legal.instruments.inForceSince')}</dt>
                <dd className="mono">{data.inForceSince ?? '—'}</dd>
                <dt>{t('legal.instruments.parties')}</dt>
                <dd>
                  {data.parties.map((party, index) => (
                    <span key={party}>
                      {index > 0 ? ', ' : ''}
                      <Link to={`/legal-basis/states/${party}`}>{party}</Link>
                    </span>
                  ))}
                </dd>
                <dt>{t('legal.instrument.coverage')}</dt>
                <dd>{data.coverage.map((type) => t(`legal.cooperation.${type}`)).join(t('legal.listSeparator'))}</dd>
                <dt>{t('legal.instrument.offences')}</dt>
                <dd>
                  {offences.mode === 'all'
                    ? t('legal.instrument.offencesAll')
                    : offences.mode === 'threshold'
                      ? t('legal.instrument.offencesThreshold', { count: offences.minPenaltyYears ?? 0 })
                      : (offences.categories ?? []).map((category) => t(`legal.offence.${category}`)).join(t('legal.listSeparator'))}
                </dd>
                <dt>{t('legal.instrument.languages')}</dt>
                <dd>{data.languages.join(', ') || '—'}</dd>
                <dt>{t('legal.instrument.centralAuthority')}</dt>
                <dd lang="en">{data.centralAuthority ?? '—'}</dd>
                <dt>{t('legal.instrument.textReference')}</dt>
                <dd lang="en">{data.textReference ?? '—'}</dd>
              </dl>
            </section>
            <section className="panel" aria-labelledby="instrument-conditions">
              <h2 id="instrument-conditions">{t('legal.instrument.conditions')}</h2>
              <dl className="facts">
                <dt>{t('legal.instrument.dualCriminality')}</dt>
                <dd>{t(`legal.dualCriminality.${data.conditions.dualCriminality}`)}</dd>
                <dt>{t('legal.instrument.nationals')}</dt>
                <dd>{t(`legal.nationals.${data.conditions.nationals}`)}</dd>
                <dt>{t('legal.instrument.politicalException')}</dt>
                <dd>{t(data.conditions.politicalOffenceException ? 'legal.yes' : 'legal.no')}</dd>
                <dt>{t('legal.instrument.deathPenaltyAssurance')}</dt>
                <dd>{t(data.conditions.deathPenaltyAssurance ? 'legal.yes' : 'legal.no')}</dd>
                <dt>{t('legal.instrument.speciality')}</dt>
                <dd>{t(data.conditions.speciality ? 'legal.yes' : 'legal.no')}</dd>
              </dl>
            </section>
            <section className="panel" aria-labelledby="instrument-articles">
              <h2 id="instrument-articles">{t('legal.instrument.articles')}</h2>
              {Object.keys(data.articles).length === 0 ? (
                <p className="empty">{t('legal.none')}</p>
              ) : (
                <dl className="facts">
                  {Object.entries(data.articles).map(([type, article]) => (
                    <div key={type} className="facts-row">
                      <dt>{t(`legal.cooperation.${type}`, { defaultValue: type })}</dt>
                      <dd className="mono">{article}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </section>
          </div>
          <div>
            <section className="panel" aria-labelledby="instrument-timeline">
              <h2 id="instrument-timeline">{t('legal.instrument.timeline')}</h2>
              <ol className="timeline" data-testid="instrument-timeline">
                {timeline.map((event, index) => (
                  <li key={`${event.date}-${String(index)}`} className={`timeline-item cov-border-${coverageTone(event.status)}`}>
                    <time className="mono" dateTime={event.date}>
                      {event.date}
                    </time>
                    <StatusBadge status={event.status} />
                    {event.note ? (
                      <p className="subtle" lang="en">
                        {event.note}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
            <section className="panel" aria-labelledby="instrument-declarations">
              <h2 id="instrument-declarations">{t('legal.declarations.title')}</h2>
              <DeclarationsTable declarations={data.declarations} showState />
            </section>
            {data.policies.edit ? <StatusChangeForm instrumentId={data.id} /> : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
