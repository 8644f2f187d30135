import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { StateProfileView } from '../../api/legal-basis.ts';
import { PageHeader, QueryProblem } from '../../components/ui.tsx';
import { DeclarationsTable } from './InstrumentsPages.tsx';
import { LegalTabs, StatusBadge, useLegalStates, useStateLabel } from './common.tsx';

export function StatesPage() {
  const { t } = useTranslation();
  const label = useStateLabel();
  const states = useLegalStates();
  return (
    <>
      <PageHeader title={t('legal.states.title')} description={t('legal.states.description')} />
      <LegalTabs />
      <QueryProblem isPending={states.isPending} error={states.error} />
      {states.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="states-table">
            <thead>
              <tr>
                <th scope="col">{t('legal.states.code')}</th>
                <th scope="col">{t('legal.states.name')}</th>
                <th scope="col">{t('legal.states.languages')}</th>
                <th scope="col">{t('legal.states.extraditesNationals')}</th>
                <th scope="col">{t('legal.states.reciprocity')}</th>
                <th scope="col">{t('legal.states.deathPenalty')}</th>
              </tr>
            </thead>
            <tbody>
              {states.data.items.map((state) => (
                <tr key={state.code}>
                  <td className="mono">{state.code}</td>
                  <td>
                    <Link to={`/legal-basis/states/${state.code}`}>{label(state)}</Link>
                  </td>
                  <td>{state.languages.join(', ')}</td>
                  <td>{t(state.extraditesNationals ? 'legal.yes' : 'legal.no')}</td>
                  <td>{t(state.reciprocity ? 'legal.yes' : 'legal.no')}</td>
                  <td>{t(state.deathPenalty ? 'legal.yes' : 'legal.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

export function StateProfilePage() {
  const { t } = useTranslation();
  const label = useStateLabel();
  const { code = '' } = useParams();
  const profile = useQuery({
    queryKey: ['legal-basis', 'state', code],
    queryFn: () => api.get<StateProfileView>(`/api/legal-basis/states/${encodeURIComponent(code)}`),
  });
  const state = profile.data;
  return (
    <>
      <PageHeader title={state ? `${label(state)} (${state.code})` : t('legal.states.profile')} />
      <LegalTabs />
      <p>
        <Link to="/legal-basis/states">{t('legal.states.back')}</Link>
      </p>
      <QueryProblem isPending={profile.isPending} error={profile.error} />
      {state ? (
        <div data-testid="state-profile">
          <section className="panel" aria-labelledby="state-facts">
            <h2 id="state-facts">{t('legal.states.facts')}</h2>
            <dl className="facts">
              <dt>{t('legal.states.name')}</dt>
              <dd>
                {state.name}
                {state.nameZh ? ` · ${state.nameZh}` : ''}
              </dd>
              <dt>{t('legal.states.languages')}</dt>
              <dd>{state.languages.join(', ') || '—'}</dd>
              <dt>{t('legal.states.extraditesNationals')}</dt>
              <dd>{t(state.extraditesNationals ? 'legal.yes' : 'legal.no')}</dd>
              <dt>{t('legal.states.reciprocity')}</dt>
              <dd>{t(state.reciprocity ? 'legal.yes' : 'legal.no')}</dd>
              <dt>{t('legal.states.deathPenalty')}</dt>
              <dd>{t(state.deathPenalty ? 'legal.yes' : 'legal.no')}</dd>
              {state.notes ? (
                <>
                  <dt>{t('legal.states.notes')}</dt>
                  <dd lang="en">{state.notes}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <section className="panel" aria-labelledby="state-authorities">
            <h2 id="state-authorities">{t('legal.states.authorities')}</h2>
            {state.authorities.length === 0 ? (
              <p className="empty">{t('legal.none')}</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('legal.states.authorityKind')}</th>
                    <th scope="col">{t('legal.states.authorityName')}</th>
                    <th scope="col">{t('legal.states.contact')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.authorities.map((authority) => (
                    <tr key={authority.id}>
                      <td>{t(`legal.authority.${authority.kind}`)}</td>
                      <td lang="en">{authority.name}</td>
                      <td>{authority.contact ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel" aria-labelledby="state-instruments">
            <h2 id="state-instruments">{t('legal.states.instruments')}</h2>
            {state.instruments.length === 0 ? (
              <p className="empty">{t('legal.none')}</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('legal.instruments.shortTitle')}</th>
                    <th scope="col">{t('legal.instruments.kind')}</th>
                    <th scope="col">{t('legal.instruments.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.instruments.map((instrument) => (
                    <tr key={instrument.id}>
                      <td>
                        <Link to={`/legal-basis/instruments/${instrument.id}`} lang="en">
                          {instrument.shortTitle}
                        </Link>
                      </td>
                      <td>{t(`legal.kind.${instrument.kind}`)}</td>
                      <td>
                        <StatusBadge status={instrument.currentStatus} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel" aria-labelledby="state-declarations">
            <h2 id="state-declarations">{t('legal.declarations.title')}</h2>
            <DeclarationsTable declarations={state.declarations} />
          </section>
        </div>
      ) : null}
    </>
  );
}
