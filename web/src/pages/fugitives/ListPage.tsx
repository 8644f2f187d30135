import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { fugitivesApi, type PersonSummary } from '../../api/fugitives.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { formatNumber } from '../../components/format.ts';
import { PageHeader, QueryProblem } from '../../components/ui.tsx';
import { useSession } from '../../session/session.tsx';
import { percent } from '../screening/common.tsx';
import { FUGITIVES_QUERY_KEY, FugitivesTabs, StageBadge, stateLabel, useAgencyName } from './common.tsx';
import { PersonForm } from './PersonForms.tsx';

/** Investigators and agency administrators record persons and import them (the server enforces the same rule). */
export const mayRecordPersons = (roles: readonly string[]): boolean => roles.includes('investigator') || roles.includes('agency_admin');

/** A refused import: every bad line with its number, as the server words it (nothing was written). */
function ImportErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const details = isApiError(error, 'INVALID_INPUT') && error.details && typeof error.details === 'object' ? error.details : null;
  const lines = details && !Array.isArray(details) ? (details as { errors?: unknown }).errors : null;
  if (!Array.isArray(lines)) return <ErrorNotice error={error} />;
  return (
    <div className="notice notice-error" role="alert" data-testid="import-errors">
      <strong>{t('fugitives.list.importRefused')}</strong>
      <ul className="problem-list" lang="en">
        {(lines as { line?: number; message?: string }[]).map((line, index) => (
          <li key={index}>{t('fugitives.list.importLine', { line: line.line ?? '?', message: line.message ?? '' })}</li>
        ))}
      </ul>
    </div>
  );
}

/** Read a file of FollowTheMoney JSON lines and send it to the import; shows what was created, updated or unchanged. */
function ImportForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const importFile = useMutation({
    mutationFn: async (chosen: File) => fugitivesApi.importFtm(await chosen.text()),
    onSuccess: () => {
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      return queryClient.invalidateQueries({ queryKey: FUGITIVES_QUERY_KEY });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (file) importFile.mutate(file);
  };
  const counts = importFile.data;
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="fugitives-import-title" data-testid="fugitives-import-form">
      <h2 id="fugitives-import-title">{t('fugitives.list.importTitle')}</h2>
      <p className="hint">{t('fugitives.list.importHelp')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="fugitives-import-file">{t('fugitives.list.importFile')}</label>
          <input
            id="fugitives-import-file"
            ref={fileInput}
            type="file"
            accept=".jsonl,.ndjson,.json,.ftm,application/json"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
            }}
          />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!file || importFile.isPending}>
          {t('fugitives.list.import')}
        </button>
      </div>
      <ImportErrorNotice error={importFile.error} />
      {counts ? (
        <div role="status" data-testid="import-counts">
          <p>{t('fugitives.list.imported')}</p>
          <dl className="summary-figures">
            {(['created', 'updated', 'unchanged'] as const).map((key) => (
              <div key={key}>
                <dt>{t(`fugitives.list.counts.${key}`)}</dt>
                <dd data-testid={`import-${key}`}>{formatNumber(counts[key])}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </form>
  );
}

function PersonRow({ person, searching }: { person: PersonSummary; searching: boolean }) {
  const { t } = useTranslation();
  const agencyName = useAgencyName();
  return (
    <tr data-person-id={person.id}>
      <td className="strong">
        <Link to={`/fugitives/${encodeURIComponent(person.id)}`} className="original-name" data-testid="person-caption">
          {person.caption}
        </Link>
        {person.names.length > 1 ? <span className="subtle">{person.names.slice(1).join(' · ')}</span> : null}
        {person.transliterations.length > 0 ? (
          <span className="subtle" data-testid="person-transliteration">
            {person.transliterations[0]}
          </span>
        ) : null}
      </td>
      {searching ? (
        <td data-testid="person-match">
          <span className="mono" data-testid="person-score">
            {person.score === null ? '—' : `${String(percent(person.score))} %`}
          </span>
          {person.matchedName ? <span className="subtle">{t('fugitives.list.matched', { name: person.matchedName })}</span> : null}
        </td>
      ) : null}
      <td>{person.nationalities.length ? person.nationalities.map((code) => stateLabel(code)).join(', ') : '—'}</td>
      <td>
        {person.offences.length ? (
          <ul className="tag-list">
            {person.offences.map((offence) => (
              <li key={offence} className="tag">
                {t(`fugitives.offences.${offence}`)}
              </li>
            ))}
          </ul>
        ) : (
          '—'
        )}
      </td>
      <td>
        <StageBadge stage={person.stage} />
      </td>
      <td className="num" data-testid="person-days">
        {person.daysOnTheRun === null ? '—' : formatNumber(person.daysOnTheRun)}
      </td>
      <td>{person.lastKnownLocation ? stateLabel(person.lastKnownLocation.state) : '—'}</td>
      <td>{agencyName(person.agencyId)}</td>
    </tr>
  );
}

/** Wanted persons the agency sees: its own and those shared with it by a published notice; searched in any script. */
export function FugitivesListPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [search, setSearch] = useState(q);
  const [creating, setCreating] = useState(false);
  const persons = useQuery({ queryKey: [...FUGITIVES_QUERY_KEY, 'list', q], queryFn: () => fugitivesApi.list(q || undefined) });
  const mayRecord = mayRecordPersons(session.user.roles);
  const items = persons.data?.items ?? [];
  const searching = q !== '';

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const value = search.trim();
    setParams(value ? { q: value } : {});
  };

  return (
    <>
      <PageHeader
        title={t('fugitives.title')}
        description={t('fugitives.list.description')}
        actions={
          <>
            {mayRecord ? (
              <button
                type="button"
                className="button button-primary"
                aria-expanded={creating}
                data-testid="person-create-open"
                onClick={() => {
                  setCreating((open) => !open);
                }}
              >
                {t('fugitives.list.record')}
              </button>
            ) : null}
            <a className="button button-secondary" href={fugitivesApi.exportCsvUrl(q || undefined)} download data-testid="export-csv">
              {t('fugitives.list.exportCsv')}
            </a>
            <a className="button button-secondary" href={fugitivesApi.exportFtmUrl()} download data-testid="export-ftm">
              {t('fugitives.list.exportFtm')}
            </a>
          </>
        }
      />
      <FugitivesTabs />
      {creating ? (
        <PersonForm
          onCancel={() => {
            setCreating(false);
          }}
        />
      ) : null}
      <form className="toolbar" role="search" onSubmit={submit} aria-label={t('fugitives.list.searchLabel')}>
        <div className="field">
          <label htmlFor="fugitives-search">{t('fugitives.list.search')}</label>
          <input
            id="fugitives-search"
            type="search"
            value={search}
            aria-describedby="fugitives-search-hint"
            onChange={(event) => {
              setSearch(event.target.value);
            }}
          />
          <span id="fugitives-search-hint" className="hint">
            {t('fugitives.list.searchHint')}
          </span>
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" data-testid="fugitives-search-submit">
            {t('fugitives.list.searchButton')}
          </button>
          {searching ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setSearch('');
                setParams({});
              }}
            >
              {t('fugitives.list.clear')}
            </button>
          ) : null}
        </div>
      </form>
      <QueryProblem isPending={persons.isPending} error={persons.error} />
      {persons.data ? (
        items.length === 0 ? (
          <p className="empty" data-testid="fugitives-empty">
            {searching ? t('fugitives.list.noMatch', { q }) : t('fugitives.list.empty')}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="fugitives-table">
              <caption className="visually-hidden">{t('fugitives.tabs.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('fugitives.list.name')}</th>
                  {searching ? <th scope="col">{t('fugitives.list.match')}</th> : null}
                  <th scope="col">{t('fugitives.list.nationalities')}</th>
                  <th scope="col">{t('fugitives.list.offences')}</th>
                  <th scope="col">{t('fugitives.list.stage')}</th>
                  <th scope="col" className="num">
                    {t('fugitives.list.daysOnTheRun')}
                  </th>
                  <th scope="col">{t('fugitives.list.lastKnown')}</th>
                  <th scope="col">{t('fugitives.list.agency')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((person) => (
                  <PersonRow key={person.id} person={person} searching={searching} />
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {mayRecord ? <ImportForm /> : null}
    </>
  );
}
