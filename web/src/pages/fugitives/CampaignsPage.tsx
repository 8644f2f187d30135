import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fugitivesStatsApi } from '../../api/fugitives-stats.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { formatDateTime, formatNumber } from '../../components/format.ts';
import { Notice, PageHeader, QueryProblem } from '../../components/ui.tsx';
import { useSession } from '../../session/session.tsx';
import { FUGITIVES_QUERY_KEY, FugitivesTabs } from './common.tsx';

export const CAMPAIGNS_QUERY_KEY = [...FUGITIVES_QUERY_KEY, 'campaigns'] as const;

function CreateCampaignForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () => fugitivesStatsApi.createCampaign({ name: name.trim(), description: description.trim() || null, fugitiveIds: [] }),
    onSuccess: () => {
      setName('');
      setDescription('');
      return queryClient.invalidateQueries({ queryKey: CAMPAIGNS_QUERY_KEY });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (name.trim().length >= 3) create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="campaign-create-title" data-testid="campaign-create">
      <h2 id="campaign-create-title">{t('fugitives.campaigns.createTitle')}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="campaign-name">{t('fugitives.campaigns.name')}</label>
          <input
            id="campaign-name"
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
          <label htmlFor="campaign-description">{t('fugitives.campaigns.descriptionField')}</label>
          <textarea
            id="campaign-description"
            maxLength={2000}
            rows={2}
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
            }}
          />
        </div>
      </div>
      <p className="hint">{t('fugitives.campaigns.createHint')}</p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || name.trim().length < 3}>
          {t('fugitives.campaigns.create')}
        </button>
      </div>
      <ErrorNotice error={create.error} overrides={{ CONFLICT: 'fugitives.campaigns.nameTaken' }} />
      {create.isSuccess ? (
        <Notice tone="success" live>
          {t('fugitives.campaigns.created', { name: create.data.name })}{' '}
          <Link to={`/fugitives/campaigns/${encodeURIComponent(create.data.id)}`}>{t('fugitives.campaigns.open')}</Link>
        </Notice>
      ) : null}
    </form>
  );
}

/** The agency's campaigns (named sets of wanted persons), and a form to start one. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const campaigns = useQuery({ queryKey: CAMPAIGNS_QUERY_KEY, queryFn: fugitivesStatsApi.campaigns });
  const items = campaigns.data?.items ?? [];
  const mayCreate = session.user.roles.some((role) => role === 'investigator' || role === 'agency_admin');
  return (
    <>
      <PageHeader title={t('fugitives.campaigns.title')} description={t('fugitives.campaigns.description')} />
      <FugitivesTabs />
      <QueryProblem isPending={campaigns.isPending} error={campaigns.error} />
      {campaigns.data ? (
        items.length === 0 ? (
          <p className="empty" data-testid="campaigns-empty">
            {t('fugitives.campaigns.empty')}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="campaigns-table">
              <caption className="visually-hidden">{t('fugitives.campaigns.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('fugitives.campaigns.name')}</th>
                  <th scope="col">{t('fugitives.campaigns.descriptionField')}</th>
                  <th scope="col" className="num">
                    {t('fugitives.campaigns.members')}
                  </th>
                  <th scope="col">{t('fugitives.campaigns.createdOn')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((campaign) => (
                  <tr key={campaign.id} data-campaign-id={campaign.id}>
                    <td className="strong">
                      <Link to={`/fugitives/campaigns/${encodeURIComponent(campaign.id)}`}>{campaign.name}</Link>
                    </td>
                    <td>{campaign.description ?? '—'}</td>
                    <td className="num">{formatNumber(campaign.memberIds.length)}</td>
                    <td className="nowrap">{formatDateTime(campaign.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {mayCreate ? <CreateCampaignForm /> : null}
    </>
  );
}
