import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { fugitivesApi, type Campaign, type PersonSummary } from '../../api/fugitives.ts';
import { fugitivesStatsApi } from '../../api/fugitives-stats.ts';
import { LazySummaryCharts } from '../../components/charts/LazySummaryCharts.tsx';
import { ErrorNotice } from '../../components/errors.tsx';
import { stateName } from '../../components/format.ts';
import { Notice, PageHeader, QueryProblem } from '../../components/ui.tsx';
import { CAMPAIGNS_QUERY_KEY } from './CampaignsPage.tsx';
import { FUGITIVES_QUERY_KEY, FugitivesTabs, StageBadge } from './common.tsx';
import { FigureTile } from './OverviewPage.tsx';

const personLink = (id: string) => `/fugitives/${encodeURIComponent(id)}`;

/** Search the persons the user sees by name, tick some, and add them to the campaign. */
function AddMembers({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const search = useQuery({
    queryKey: [...FUGITIVES_QUERY_KEY, 'campaign-search', submitted],
    queryFn: () => fugitivesApi.list(submitted, 20),
    enabled: submitted !== '',
  });
  const add = useMutation({
    mutationFn: (ids: string[]) => fugitivesStatsApi.addCampaignMembers(campaign.id, ids),
    onSuccess: () => {
      setChosen(new Set());
      return queryClient.invalidateQueries({ queryKey: CAMPAIGNS_QUERY_KEY });
    },
  });
  const members = new Set(campaign.memberIds);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(query.trim());
  };
  const toggle = (id: string, on: boolean) => {
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  const results = search.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="campaign-add-title" data-testid="campaign-add">
      <h2 id="campaign-add-title">{t('fugitives.campaigns.addTitle')}</h2>
      <form className="search-row" onSubmit={submit} role="search">
        <label htmlFor="campaign-search" className="visually-hidden">
          {t('fugitives.campaigns.search')}
        </label>
        <input
          id="campaign-search"
          type="search"
          placeholder={t('fugitives.campaigns.searchPlaceholder')}
          maxLength={200}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
          }}
        />
        <button type="submit" className="button button-secondary" disabled={!query.trim()}>
          {t('fugitives.campaigns.search')}
        </button>
      </form>
      <QueryProblem isPending={search.isFetching} error={search.error} />
      {search.data ? (
        results.length === 0 ? (
          <p className="empty">{t('fugitives.campaigns.noResults')}</p>
        ) : (
          <ul className="pick-list" data-testid="campaign-search-results">
            {results.map((person) => {
              const already = members.has(person.id);
              return (
                <li key={person.id}>
                  <label>
                    <input
                      type="checkbox"
                      disabled={already}
                      checked={already || chosen.has(person.id)}
                      onChange={(event) => {
                        toggle(person.id, event.target.checked);
                      }}
                    />{' '}
                    <span className="strong">{person.caption}</span>
                    {person.aliases.length > 0 ? <span className="muted"> · {person.aliases.join(', ')}</span> : null}
                    {already ? <span className="muted"> · {t('fugitives.campaigns.alreadyMember')}</span> : null}
                  </label>
                </li>
              );
            })}
          </ul>
        )
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={chosen.size === 0 || add.isPending}
          onClick={() => {
            add.mutate([...chosen]);
          }}
        >
          {t('fugitives.campaigns.addSelected', { count: chosen.size })}
        </button>
      </div>
      <ErrorNotice error={add.error} />
      {add.isSuccess ? (
        <Notice tone="success" live>
          {t('fugitives.campaigns.added')}
        </Notice>
      ) : null}
    </section>
  );
}

function MembersTable({ campaign, persons }: { campaign: Campaign; persons: Map<string, PersonSummary> }) {
  const { t } = useTranslation();
  if (campaign.memberIds.length === 0) return <p className="empty">{t('fugitives.campaigns.noMembers')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="campaign-members-table">
        <caption className="visually-hidden">{t('fugitives.campaigns.membersTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fugitives.campaigns.person')}</th>
            <th scope="col">{t('fugitives.campaigns.stage')}</th>
            <th scope="col">{t('fugitives.campaigns.lastKnown')}</th>
          </tr>
        </thead>
        <tbody>
          {campaign.memberIds.map((id) => {
            const person = persons.get(id);
            return (
              <tr key={id} data-member-id={id}>
                {person ? (
                  <>
                    <td className="strong">
                      <Link to={personLink(id)}>{person.caption}</Link>
                    </td>
                    <td>
                      <StageBadge stage={person.stage} />
                    </td>
                    <td>
                      {person.lastKnownLocation
                        ? [stateName(person.lastKnownLocation.state), person.lastKnownLocation.city].filter(Boolean).join(', ')
                        : '—'}
                    </td>
                  </>
                ) : (
                  <td colSpan={3} className="muted">
                    {t('fugitives.campaigns.memberNotVisible')}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A campaign's dashboard: live progress over its members, the members, adding members, export. */
export function CampaignPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const campaign = useQuery({ queryKey: [...CAMPAIGNS_QUERY_KEY, id], queryFn: () => fugitivesStatsApi.campaign(id) });
  const progress = useQuery({
    queryKey: [...CAMPAIGNS_QUERY_KEY, id, 'progress'],
    queryFn: () => fugitivesStatsApi.campaignProgress(id),
    enabled: campaign.isSuccess,
  });
  const persons = useQuery({
    queryKey: [...FUGITIVES_QUERY_KEY, 'list-all', 500],
    queryFn: () => fugitivesApi.list(undefined, 500),
    enabled: campaign.isSuccess,
  });
  const data = campaign.data;
  const figures = progress.data;
  const byId = new Map((persons.data?.items ?? []).map((person) => [person.id, person]));
  return (
    <>
      <PageHeader
        title={data?.name ?? t('fugitives.campaigns.title')}
        description={data?.description ?? undefined}
        actions={
          data ? (
            <a
              className="button button-secondary"
              href={fugitivesStatsApi.campaignExportUrl(data.id)}
              download
              data-testid="campaign-export"
            >
              {t('fugitives.campaigns.exportCsv')}
            </a>
          ) : undefined
        }
      />
      <FugitivesTabs />
      <p>
        <Link to="/fugitives/campaigns">{t('fugitives.campaigns.back')}</Link>
      </p>
      <QueryProblem isPending={campaign.isPending} error={campaign.error} />
      {data ? (
        <>
          <QueryProblem isPending={progress.isPending} error={progress.error} />
          {figures ? (
            <>
              <dl className="summary-figures" data-testid="campaign-figures">
                <FigureTile label={t('fugitives.campaigns.members')} value={figures.members} testId="campaign-members" />
                <FigureTile label={t('fugitives.overview.returned')} value={figures.returned} testId="campaign-returned" />
                <FigureTile label={t('fugitives.overview.atLarge')} value={figures.atLarge} testId="campaign-at-large" />
                <FigureTile label={t('fugitives.overview.medianDays')} value={figures.medianDaysToReturn} testId="campaign-median-days" />
                <FigureTile label={t('fugitives.campaigns.notVisible')} value={figures.notVisible} testId="campaign-not-visible" />
              </dl>
              {figures.notVisible > 0 ? <p className="hint">{t('fugitives.campaigns.notVisibleHint')}</p> : null}
              {figures.members === 0 ? (
                <p className="empty">{t('fugitives.campaigns.noVisibleMembers')}</p>
              ) : (
                <LazySummaryCharts summary={figures} prefix="campaign" />
              )}
            </>
          ) : null}
          <section className="panel" aria-labelledby="campaign-members-title">
            <h2 id="campaign-members-title">{t('fugitives.campaigns.membersTitle')}</h2>
            <QueryProblem isPending={persons.isPending} error={persons.error} />
            {persons.data ? <MembersTable campaign={data} persons={byId} /> : null}
          </section>
          {data.policies.update ? <AddMembers campaign={data} /> : null}
        </>
      ) : null}
    </>
  );
}
