import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import {
  COOPERATION_GROUPS,
  OFFENCE_CATEGORIES,
  type ApplicableBasis,
  type CheckInput,
  type CheckResult,
  type CooperationType,
  type OffenceCategory,
} from '../../api/legal-basis.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { Badge, PageHeader } from '../../components/ui.tsx';
import { LegalTabs, SourceLanguageNote, today, useLegalStates, useStateLabel } from './common.tsx';

interface OffenceRow {
  key: number;
  category: OffenceCategory;
  years: string;
  notCriminal: boolean;
  unknown: boolean;
  political: boolean;
}

let nextKey = 1;
const newOffence = (): OffenceRow => ({
  key: nextKey++,
  category: 'bribery_domestic_official',
  years: '',
  notCriminal: false,
  unknown: true,
  political: false,
});

function BasisCard({ basis }: { basis: ApplicableBasis }) {
  const { t } = useTranslation();
  return (
    <li className="basis">
      <div className="basis-head">
        <span className="basis-rank" aria-label={t('legal.check.rank', { rank: basis.rank })}>
          {basis.rank}
        </span>
        <h3>{basis.instrumentId ? <Link to={`/legal-basis/instruments/${basis.instrumentId}`}>{basis.title}</Link> : basis.title}</h3>
        <Badge tone={basis.strength === 'non_binding' || basis.strength === 'reciprocity' ? 'warning' : 'success'}>
          {t(`legal.strength.${basis.strength}`)}
        </Badge>
      </div>
      {basis.articles.length > 0 ? (
        <p>
          <strong>{t('legal.check.articles')}:</strong> {basis.articles.join(', ')}
        </p>
      ) : null}
      <p lang="en">{basis.reason}</p>
      {basis.conditions.length > 0 ? (
        <>
          <h4>{t('legal.check.conditions')}</h4>
          <ul className="condition-list" lang="en">
            {basis.conditions.map((condition) => (
              <li key={condition.code}>{condition.reason}</li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

function CheckResultView({ result }: { result: CheckResult }) {
  const { t } = useTranslation();
  const severityTone = { bar: 'danger', high: 'warning', medium: 'info' } as const;
  return (
    <section className="check-result" aria-live="polite">
      <div
        className={`verdict ${result.possible ? 'verdict-yes' : 'verdict-no'}`}
        data-testid="check-verdict"
        data-possible={String(result.possible)}
        role="status"
      >
        <strong className="verdict-title">{result.possible ? t('legal.check.possible') : t('legal.check.notPossible')}</strong>
        <span lang="en">{result.summary}</span>
      </div>
      <SourceLanguageNote />
      <section className="panel" aria-labelledby="bases-title">
        <h2 id="bases-title">{t('legal.check.bases')}</h2>
        {result.bases.length === 0 ? (
          <p className="empty">{t('legal.check.noBases')}</p>
        ) : (
          <ol className="basis-list" data-testid="check-bases">
            {result.bases.map((basis) => (
              <BasisCard key={`${basis.rank}-${basis.instrumentId ?? 'r'}`} basis={basis} />
            ))}
          </ol>
        )}
      </section>
      <section className="panel" aria-labelledby="risks-title">
        <h2 id="risks-title">{t('legal.check.risks')}</h2>
        {result.risks.length === 0 ? (
          <p className="empty">{t('legal.check.noRisks')}</p>
        ) : (
          <ul className="risk-list" data-testid="check-risks">
            {result.risks.map((risk, index) => (
              <li key={index} className={`risk risk-${risk.severity}`}>
                <Badge tone={severityTone[risk.severity]}>{t(`legal.severity.${risk.severity}`)}</Badge>
                <span lang="en">{risk.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="fallback-title">
        <h2 id="fallback-title">{t('legal.check.fallback')}</h2>
        {result.fallback ? (
          <ol className="basis-list">
            <BasisCard basis={result.fallback} />
          </ol>
        ) : (
          <p className="empty">{t('legal.check.noFallback')}</p>
        )}
      </section>
    </section>
  );
}

export function CheckerPage() {
  const { t } = useTranslation();
  const states = useLegalStates();
  const label = useStateLabel();
  const [requesting, setRequesting] = useState('');
  const [requested, setRequested] = useState('');
  const [cooperation, setCooperation] = useState<CooperationType | ''>('');
  const [offences, setOffences] = useState<OffenceRow[]>(() => [newOffence()]);
  const [nationality, setNationality] = useState('');
  const [date, setDate] = useState(today);
  const check = useMutation({ mutationFn: (input: CheckInput) => api.post<CheckResult>('/api/legal-basis/check', input) });

  const updateOffence = (key: number, change: Partial<OffenceRow>) => {
    setOffences((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!cooperation) return;
    check.mutate({
      requestingState: requesting,
      requestedState: requested,
      cooperation,
      offences: offences.map((row) => ({
        category: row.category,
        maxPenaltyYears: Number(row.years),
        ...(row.unknown ? {} : { criminalInRequestedState: !row.notCriminal }),
        ...(row.political ? { politicalCharacter: true } : {}),
      })),
      ...(nationality ? { personNationality: nationality } : {}),
      date,
    });
  };
  const stateOptions = (states.data?.items ?? []).map((state) => (
    <option key={state.code} value={state.code}>
      {label(state)}
    </option>
  ));

  return (
    <>
      <PageHeader title={t('legal.check.title')} description={t('legal.check.description')} />
      <LegalTabs />
      <ErrorNotice error={states.error} />
      <form className="panel check-form" onSubmit={submit} aria-labelledby="check-form-title">
        <h2 id="check-form-title" className="visually-hidden">
          {t('legal.check.title')}
        </h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="check-requesting">{t('legal.check.requesting')}</label>
            <select
              id="check-requesting"
              data-testid="check-requesting"
              required
              value={requesting}
              onChange={(event) => {
                setRequesting(event.target.value);
              }}
            >
              <option value="">{t('legal.check.choose')}</option>
              {stateOptions}
            </select>
          </div>
          <div className="field">
            <label htmlFor="check-requested">{t('legal.check.requested')}</label>
            <select
              id="check-requested"
              data-testid="check-requested"
              required
              value={requested}
              onChange={(event) => {
                setRequested(event.target.value);
              }}
            >
              <option value="">{t('legal.check.choose')}</option>
              {stateOptions}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="check-cooperation">{t('legal.check.cooperation')}</label>
            <select
              id="check-cooperation"
              data-testid="check-cooperation"
              required
              value={cooperation}
              onChange={(event) => {
                setCooperation(event.target.value as CooperationType);
              }}
            >
              <option value="">{t('legal.check.choose')}</option>
              {COOPERATION_GROUPS.map((group) => (
                <optgroup key={group.key} label={t(`legal.cooperationGroups.${group.key}`)}>
                  {group.types.map((type) => (
                    <option key={type} value={type}>
                      {t(`legal.cooperation.${type}`)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="offences">
          <legend>{t('legal.check.offences')}</legend>
          {offences.map((row, index) => (
            <div key={row.key} className="offence-row">
              <div className="field">
                <label htmlFor={`offence-category-${String(row.key)}`}>{t('legal.check.offenceCategory')}</label>
                <select
                  id={`offence-category-${String(row.key)}`}
                  data-testid={index === 0 ? 'check-offence-category' : undefined}
                  value={row.category}
                  onChange={(event) => {
                    updateOffence(row.key, { category: event.target.value as OffenceCategory });
                  }}
                >
                  {OFFENCE_CATEGORIES.map((category) => (
                    <option key={category} value={category}>
                      {t(`legal.offence.${category}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field-narrow">
                <label htmlFor={`offence-years-${String(row.key)}`}>{t('legal.check.maxPenalty')}</label>
                <input
                  id={`offence-years-${String(row.key)}`}
                  data-testid={index === 0 ? 'check-offence-penalty' : undefined}
                  type="number"
                  min={0}
                  max={100}
                  step="0.5"
                  required
                  value={row.years}
                  onChange={(event) => {
                    updateOffence(row.key, { years: event.target.value });
                  }}
                />
              </div>
              <div className="offence-flags">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={row.unknown}
                    onChange={(event) => {
                      updateOffence(row.key, { unknown: event.target.checked, notCriminal: false });
                    }}
                  />
                  {t('legal.check.dualUnknown')}
                </label>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={row.notCriminal}
                    onChange={(event) => {
                      updateOffence(row.key, { notCriminal: event.target.checked, unknown: false });
                    }}
                  />
                  {t('legal.check.notCriminal')}
                </label>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={row.political}
                    onChange={(event) => {
                      updateOffence(row.key, { political: event.target.checked });
                    }}
                  />
                  {t('legal.check.political')}
                </label>
              </div>
              {offences.length > 1 ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => {
                    setOffences((rows) => rows.filter((other) => other.key !== row.key));
                  }}
                >
                  {t('legal.check.removeOffence')}
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setOffences((rows) => [...rows, newOffence()]);
            }}
          >
            {t('legal.check.addOffence')}
          </button>
        </fieldset>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="check-nationality">{t('legal.check.nationality')}</label>
            <select
              id="check-nationality"
              value={nationality}
              onChange={(event) => {
                setNationality(event.target.value);
              }}
            >
              <option value="">{t('legal.check.notStated')}</option>
              {stateOptions}
            </select>
          </div>
          <div className="field">
            <label htmlFor="check-date">{t('legal.check.date')}</label>
            <input
              id="check-date"
              type="date"
              required
              value={date}
              onChange={(event) => {
                setDate(event.target.value);
              }}
            />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="check-submit" disabled={check.isPending}>
            {t('legal.check.submit')}
          </button>
        </div>
        <ErrorNotice error={check.error} />
      </form>
      {check.data ? <CheckResultView result={check.data} /> : null}
    </>
  );
}
