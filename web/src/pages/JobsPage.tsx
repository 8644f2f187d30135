import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { isJobActive, type Items, type Job } from '../api/types.ts';
import { ErrorNotice } from '../components/errors.tsx';
import { formatDateTime } from '../components/format.ts';
import { JobStatusBadge } from '../components/JobStatusBadge.tsx';
import { PageHeader, ProgressBar, QueryProblem } from '../components/ui.tsx';

export const JOBS_QUERY_KEY = ['jobs'] as const;

/** Background work of the user (agency administrator: of the agency), refreshed every second while any runs. */
export function JobsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const jobs = useQuery({
    queryKey: JOBS_QUERY_KEY,
    queryFn: () => api.get<Items<Job>>('/api/jobs'),
    refetchInterval: (query) => (query.state.data?.items.some(isJobActive) ? 1000 : false),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api.post<Job>(`/api/jobs/${encodeURIComponent(id)}/cancel`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: JOBS_QUERY_KEY }),
  });
  return (
    <>
      <PageHeader
        title={t('jobs.title')}
        description={t('jobs.description')}
        actions={
          <button type="button" className="button button-secondary" onClick={() => void jobs.refetch()} disabled={jobs.isFetching}>
            {t('common.refresh')}
          </button>
        }
      />
      <ErrorNotice error={cancel.error} />
      <QueryProblem isPending={jobs.isPending} error={jobs.error} />
      {jobs.data ? (
        jobs.data.items.length === 0 ? (
          <p className="empty">{t('jobs.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="jobs-table">
              <caption className="visually-hidden">{t('jobs.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('jobs.type')}</th>
                  <th scope="col">{t('jobs.status')}</th>
                  <th scope="col" className="col-progress">
                    {t('jobs.progress')}
                  </th>
                  <th scope="col">{t('jobs.created')}</th>
                  <th scope="col">{t('jobs.finished')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.items.map((job) => (
                  <tr key={job.id} data-job-id={job.id}>
                    <td>
                      <span className="strong">{t(`jobs.types.${job.type}`, { defaultValue: job.type })}</span>
                      <span className="subtle mono">{job.type}</span>
                    </td>
                    <td>
                      <JobStatusBadge job={job} />
                    </td>
                    <td>
                      <div className="progress-cell">
                        <ProgressBar
                          value={job.progress}
                          label={t('jobs.progressOf', { type: t(`jobs.types.${job.type}`, { defaultValue: job.type }) })}
                        />
                        <span className="progress-percent">{Math.round(job.progress)} %</span>
                      </div>
                      {job.message ? <span className="subtle">{job.message}</span> : null}
                      {job.error ? <span className="text-danger">{job.error}</span> : null}
                    </td>
                    <td className="nowrap">{formatDateTime(job.createdAt)}</td>
                    <td className="nowrap">{formatDateTime(job.finishedAt)}</td>
                    <td className="actions">
                      {job.policies.cancel ? (
                        <button
                          data-testid="job-cancel"
                          type="button"
                          className="button button-small button-secondary"
                          disabled={cancel.isPending && cancel.variables === job.id}
                          onClick={() => {
                            cancel.mutate(job.id);
                          }}
                        >
                          {t('jobs.cancel')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}
