import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import {
  SCREENING_SCHEMAS,
  type MatchQuery,
  type MatchRequest,
  type MatchResponse,
  type MatchResultItem,
  type ScreeningSchema,
} from '../../api/screening.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { stateName } from '../../components/format.ts';
import { PageHeader } from '../../components/ui.tsx';
import { ExplanationTable, MatchBadge, ScoreBar, ScreeningTabs, useWatchlists } from './common.tsx';

/** States whose nationals the checker offers first: the mechanism's members and their neighbours. */
const NATIONALITIES = ['BN', 'KH', 'CN', 'HK', 'ID', 'LA', 'MO', 'MY', 'MM', 'PH', 'SG', 'TH', 'TL', 'VN'] as const;

const RESULT_LIMIT = 10;

/** Watchlists give nationalities as ISO codes in either case, or as English names: codes are named, the rest shown. */
const countryName = (value: string): string => (/^[a-z]{2}$/i.test(value) ? stateName(value.toUpperCase()) : value);

interface Submitted {
  query: MatchQuery;
  response: MatchResponse;
}

function QueryAsEntered({ query }: { query: MatchQuery }) {
  const { t } = useTranslation();
  const { name, birthDate, nationality } = query.properties;
  return (
    <dl className="facts query-facts" data-testid="screening-query">
      <div className="facts-row">
        <dt>{t('screening.check.name')}</dt>
        <dd className="original-name">{name.join(' · ')}</dd>
      </div>
      <div className="facts-row">
        <dt>{t('screening.check.schema')}</dt>
        <dd>{t(`screening.schema.${query.schema}`)}</dd>
      </div>
      <div className="facts-row">
        <dt>{t('screening.check.birthDate')}</dt>
        <dd className="mono">{birthDate?.join(', ') ?? '—'}</dd>
      </div>
      <div className="facts-row">
        <dt>{t('screening.check.nationality')}</dt>
        <dd>{nationality?.map(countryName).join(', ') ?? '—'}</dd>
      </div>
    </dl>
  );
}

function ResultRows({ result, rank, watchlistName }: { result: MatchResultItem; rank: number; watchlistName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const detailsId = `result-explanation-${String(rank)}`;
  return (
    <>
      <tr data-result-id={result.id} data-match={String(result.match)}>
        <td className="num">{rank}</td>
        <td>
          <span className="original-name strong" data-testid="result-caption">
            {result.caption}
          </span>
          {result.properties.birthDate?.length ? (
            <span className="subtle mono">
              {t('screening.check.born')} {result.properties.birthDate.join(', ')}
            </span>
          ) : null}
          {result.properties.nationality?.length ? (
            <span className="subtle">{result.properties.nationality.map(countryName).join(', ')}</span>
          ) : null}
        </td>
        <td>
          <span className="original-name" data-testid="result-matched-name">
            {result.matchedName}
          </span>
          {result.queryName ? (
            <span className="subtle">
              {t('screening.check.againstQuery')} <span className="original-name">{result.queryName}</span>
            </span>
          ) : null}
        </td>
        <td>{watchlistName}</td>
        <td className="col-score">
          <ScoreBar score={result.score} />
        </td>
        <td>
          <MatchBadge match={result.match} />
        </td>
        <td className="actions">
          <button
            type="button"
            className="button button-small button-secondary"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={t('screening.explanation.toggleFor', { name: result.caption })}
            data-testid="result-explain"
            onClick={() => {
              setOpen((value) => !value);
            }}
          >
            {open ? t('screening.explanation.hide') : t('screening.explanation.show')}
          </button>
        </td>
      </tr>
      <tr id={detailsId} className="explanation-row" hidden={!open}>
        <td colSpan={7}>{open ? <ExplanationTable explanations={result.explanations} /> : null}</td>
      </tr>
    </>
  );
}

function Results({ submitted }: { submitted: Submitted }) {
  const { t } = useTranslation();
  const watchlists = useWatchlists();
  const names = new Map((watchlists.data?.items ?? []).map((list) => [list.id, list.name]));
  const answer = Object.values(submitted.response.responses)[0];
  const results = answer?.results ?? [];
  return (
    <section className="panel" aria-labelledby="screening-results-title" aria-live="polite">
      <h2 id="screening-results-title">{t('screening.check.results')}</h2>
      <QueryAsEntered query={submitted.query} />
      {results.length === 0 ? (
        <p className="empty" data-testid="screening-no-results">
          {t('screening.check.noResults')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="screening-results">
            <caption className="visually-hidden">{t('screening.check.results')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num nowrap">
                  {t('screening.check.rank')}
                </th>
                <th scope="col">{t('screening.check.caption')}</th>
                <th scope="col">{t('screening.check.matchedName')}</th>
                <th scope="col">{t('screening.watchlist')}</th>
                <th scope="col" className="col-score">
                  {t('screening.score')}
                </th>
                <th scope="col">{t('screening.check.verdict')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('screening.explanation.title')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {results.map((result, index) => (
                <ResultRows
                  key={result.id}
                  result={result}
                  rank={index + 1}
                  watchlistName={result.datasets.map((id) => names.get(id) ?? id).join(', ')}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {answer && answer.total.value > results.length ? (
        <p className="hint">{t('screening.check.more', { shown: results.length, total: answer.total.value })}</p>
      ) : null}
    </section>
  );
}

/** One name checked against every watchlist the user may read, with the reasons for each score. */
export function ScreeningPage() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [schema, setSchema] = useState<ScreeningSchema>('Person');
  const [birthDate, setBirthDate] = useState('');
  const [nationality, setNationality] = useState('');
  const check = useMutation({
    mutationFn: async (query: MatchQuery): Promise<Submitted> => {
      const request: MatchRequest = { queries: { q1: query }, limit: RESULT_LIMIT };
      return { query, response: await api.post<MatchResponse>('/api/screening/match', request) };
    },
  });
  const person = schema === 'Person';
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    check.mutate({
      schema,
      properties: {
        name: [trimmed],
        ...(person && birthDate.trim() ? { birthDate: [birthDate.trim()] } : {}),
        ...(nationality ? { nationality: [nationality] } : {}),
      },
    });
  };
  const nationalityOptions = NATIONALITIES.map((code) => ({ code, label: stateName(code) })).sort((a, b) => a.label.localeCompare(b.label));

  return (
    <>
      <PageHeader title={t('screening.title')} description={t('screening.check.description')} />
      <ScreeningTabs />
      <form className="panel" onSubmit={submit} aria-labelledby="screening-form-title">
        <h2 id="screening-form-title">{t('screening.check.title')}</h2>
        <div className="form-grid">
          <div className="field field-wide">
            <label htmlFor="screening-name">{t('screening.check.name')}</label>
            <input
              id="screening-name"
              type="text"
              required
              autoComplete="off"
              spellCheck={false}
              value={name}
              aria-describedby="screening-name-hint"
              onChange={(event) => {
                setName(event.target.value);
              }}
            />
            <span id="screening-name-hint" className="hint">
              {t('screening.check.nameHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor="screening-schema">{t('screening.check.schema')}</label>
            <select
              id="screening-schema"
              value={schema}
              onChange={(event) => {
                setSchema(event.target.value as ScreeningSchema);
              }}
            >
              {SCREENING_SCHEMAS.map((value) => (
                <option key={value} value={value}>
                  {t(`screening.schema.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="screening-birth-date">{t('screening.check.birthDate')}</label>
            <input
              id="screening-birth-date"
              type="text"
              inputMode="numeric"
              placeholder="YYYY-MM-DD"
              pattern="\d{4}(-\d{2}(-\d{2})?)?"
              disabled={!person}
              value={birthDate}
              aria-describedby="screening-birth-date-hint"
              onChange={(event) => {
                setBirthDate(event.target.value);
              }}
            />
            <span id="screening-birth-date-hint" className="hint">
              {t('screening.check.birthDateHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor="screening-nationality">{t('screening.check.nationality')}</label>
            <select
              id="screening-nationality"
              value={nationality}
              onChange={(event) => {
                setNationality(event.target.value);
              }}
            >
              <option value="">{t('screening.check.notStated')}</option>
              {nationalityOptions.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="screening-submit" disabled={check.isPending}>
            {check.isPending ? t('screening.check.checking') : t('screening.check.submit')}
          </button>
        </div>
        <ErrorNotice error={check.error} />
      </form>
      {check.data ? <Results submitted={check.data} /> : null}
    </>
  );
}
