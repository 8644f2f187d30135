import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { isJobActive, type Agency, type AuditPage as AuditPageData, type AuditVerification, type Items, type Job } from '../api/types.ts';
import { ErrorNotice } from '../components/errors.tsx';
import { formatDateTime } from '../components/format.ts';
import { BreakAfter, Timestamp } from '../components/text.tsx';
import { JobStatusBadge } from '../components/JobStatusBadge.tsx';
import { PageHeader, ProgressBar, QueryProblem } from '../components/ui.tsx';
import { isPlatformAdmin, useSession } from '../session/session.tsx';

const PAGE_SIZE = 50;
/** Longer details are shown on one line, cut off, and expand on demand. */
const DATA_PREVIEW_LENGTH = 48;

function compactJson(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

function isVerification(value: unknown): value is AuditVerification {
  return typeof value === 'object' && value !== null && 'ok' in value && 'checked' in value;
}

/**
 * The verification's problems and warnings in the reader's language, from the findings the server sends as data;
 * results of verifications run before findings existed keep the server's English sentences.
 */
function useFindingTexts(result: AuditVerification | null): { problems: string[]; warnings: string[] } {
  const { t } = useTranslation();
  if (!result) return { problems: [], warnings: [] };
  const findings = result.findings;
  if (!findings) return { problems: result.problems ?? (result.problem ? [result.problem] : []), warnings: result.warnings ?? [] };
  const when = (value: string | undefined) => (value ? formatDateTime(value, true) : '');
  const problems = findings.problems.map((problem) =>
    t(`audit.problem.${problem.kind}`, {
      ...problem,
      where: problem.where === 'file' ? t('audit.finding.whereFile') : t('audit.finding.whereDatabase'),
      oldestWrittenAt: when(problem.oldestWrittenAt),
      // The rule's minutes plus the grace the verifier allows.
      minutes: typeof problem.minutes === 'number' ? problem.minutes + findings.graceMinutes : problem.minutes,
    }),
  );
  const warnings = [
    ...findings.unreadableFileLines.map((line) => t('audit.finding.unreadableLine', { line })),
    ...findings.warnings.map((warning) =>
      t('audit.finding.lateSignature', {
        ...warning,
        signedAt: when(warning.signedAt),
        oldestWrittenAt: when(warning.oldestWrittenAt),
        late: Math.round((Date.parse(warning.signedAt) - Date.parse(warning.oldestWrittenAt)) / 60_000),
      }),
    ),
  ];
  return { problems, warnings };
}

/** Runs the chain verification as a job and follows it until it ends. */
function VerifyChain() {
  const { t } = useTranslation();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => api.post<Job>('/api/audit/verify'),
    onSuccess: (job) => {
      setJobId(job.id);
    },
  });
  const job = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => api.get<Job>(`/api/jobs/${encodeURIComponent(jobId ?? '')}`),
    enabled: jobId !== null,
    staleTime: 0,
    refetchInterval: (query) => (!query.state.data || isJobActive(query.state.data) ? 1000 : false),
  });
  const current = job.data?.id === jobId ? job.data : undefined;
  const running = start.isPending || (current !== undefined && isJobActive(current)) || (jobId !== null && !current);
  const result = current?.status === 'succeeded' && isVerification(current.result) ? current.result : null;
  const { problems, warnings } = useFindingTexts(result);
  return (
    <section className="panel" aria-labelledby="verify-title">
      <div className="panel-heading">
        <h2 id="verify-title">{t('audit.verifyTitle')}</h2>
        <button
          type="button"
          className="button button-secondary"
          data-testid="audit-verify"
          disabled={running}
          onClick={() => {
            start.mutate();
          }}
        >
          {t('audit.verify')}
        </button>
      </div>
      <p className="muted">{t('audit.verifyHelp')}</p>
      <ErrorNotice error={start.error ?? job.error} />
      {current ? (
        <div className="verify-status" data-testid="audit-verify-status" aria-live="polite">
          <div className="progress-cell">
            <JobStatusBadge job={current} />
            <ProgressBar value={current.progress} label={t('audit.verifyTitle')} />
            <span className="progress-percent">{Math.round(current.progress)} %</span>
          </div>
          {current.message && !result ? <p className="subtle">{current.message}</p> : null}
          {result ? (
            result.ok ? (
              <div className="notice notice-success" data-testid="audit-verify-result" data-ok="true">
                {t('audit.verifyOk', { checked: result.checked, checkpoints: result.checkpoints, head: result.headSeq })}
              </div>
            ) : (
              <div className="notice notice-error" role="alert" data-testid="audit-verify-result" data-ok="false">
                {t('audit.verifyBroken', { seq: result.firstBadSeq ?? '?', checked: result.checked })}
                {problems[0] ? <span className="block">{problems[0]}</span> : null}
                {problems.length > 1 ? (
                  <details>
                    <summary>{t('audit.verifyOtherProblems')}</summary>
                    <ul>
                      {problems.slice(1).map((problem) => (
                        <li key={problem}>{problem}</li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </div>
            )
          ) : null}
          {warnings.length > 0 ? (
            <div className="notice notice-warning" data-testid="audit-verify-warnings">
              {t('audit.verifyWarnings')}
              <ul>
                {warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {current.status === 'failed' ? (
            <div className="notice notice-error" role="alert">
              {t('audit.verifyFailed')} {current.error}
            </div>
          ) : null}
          {current.status === 'cancelled' ? <div className="notice notice-warning">{t('audit.verifyCancelled')}</div> : null}
        </div>
      ) : null}
    </section>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const session = useSession();
  const platformAdmin = isPlatformAdmin(session);
  const [typeInput, setTypeInput] = useState('');
  const [agencyInput, setAgencyInput] = useState('');
  const [filters, setFilters] = useState({ type: '', agencyId: '' });
  // Cursors of the pages visited so far, newest first; the last one is the page shown.
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors.at(-1);

  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api.get<Items<Agency>>('/api/agencies') });
  const agencyById = new Map((agencies.data?.items ?? []).map((agency) => [agency.id, agency]));
  const audit = useQuery({
    queryKey: ['audit', filters, before ?? null],
    queryFn: () =>
      api.get<AuditPageData>(withQuery('/api/audit', { limit: PAGE_SIZE, before, type: filters.type, agencyId: filters.agencyId })),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });

  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    setFilters({ type: typeInput.trim(), agencyId: agencyInput });
    setCursors([]);
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={platformAdmin ? t('audit.descriptionPlatform') : t('audit.description', { agency: session.agency.shortName })}
        actions={
          <button type="button" className="button button-secondary" onClick={() => void audit.refetch()} disabled={audit.isFetching}>
            {t('common.refresh')}
          </button>
        }
      />
      {platformAdmin ? <VerifyChain /> : null}
      <form className="toolbar" onSubmit={apply} role="search" aria-label={t('audit.filters')}>
        <div className="field field-inline">
          <label htmlFor="audit-type">{t('audit.typeFilter')}</label>
          <input
            id="audit-type"
            data-testid="audit-type-filter"
            type="search"
            placeholder={t('audit.typePlaceholder')}
            value={typeInput}
            onChange={(event) => {
              setTypeInput(event.target.value);
            }}
          />
        </div>
        {platformAdmin ? (
          <div className="field field-inline">
            <label htmlFor="audit-agency">{t('audit.agency')}</label>
            <select
              id="audit-agency"
              value={agencyInput}
              onChange={(event) => {
                setAgencyInput(event.target.value);
              }}
            >
              <option value="">{t('users.allAgencies')}</option>
              {(agencies.data?.items ?? []).map((agency) => (
                <option key={agency.id} value={agency.id}>
                  {agency.shortName}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button button-secondary">
          {t('audit.apply')}
        </button>
      </form>
      <QueryProblem isPending={audit.isPending} error={audit.error} />
      {audit.data ? (
        audit.data.items.length === 0 ? (
          <p className="empty">{t('audit.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-dense table-audit" data-testid="audit-table" aria-busy={audit.isFetching}>
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <colgroup>
                <col className="col-seq" />
                <col className="col-time" />
                <col className="col-event" />
                <col className="col-actor" />
                <col className="col-agency" />
                <col />
                <col className="col-hash" />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('audit.seq')}
                  </th>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.type')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.agency')}</th>
                  <th scope="col">{t('audit.data')}</th>
                  <th scope="col">{t('audit.hash')}</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.items.map((entry) => {
                  const data = compactJson(entry.data);
                  return (
                    <tr key={entry.seq}>
                      <td className="num mono">{entry.seq}</td>
                      <td className="mono timestamp">
                        <Timestamp value={entry.occurredAt} />
                      </td>
                      <td>
                        <code className="event-type">
                          <BreakAfter text={entry.type} marks="." />
                        </code>
                      </td>
                      <td>
                        {entry.actorEmail ? (
                          <BreakAfter text={entry.actorEmail} marks="@" />
                        ) : (
                          <span className="subtle-inline">{t('audit.system')}</span>
                        )}
                      </td>
                      <td>
                        {entry.agencyId ? (
                          (agencyById.get(entry.agencyId)?.shortName ?? (
                            <span className="mono subtle-inline">{entry.agencyId.slice(0, 8)}</span>
                          ))
                        ) : (
                          <span className="subtle-inline">{t('audit.platformWide')}</span>
                        )}
                      </td>
                      <td className="data-cell">
                        {data.length > DATA_PREVIEW_LENGTH ? (
                          <details>
                            <summary>
                              <code className="one-line">{data}</code>
                            </summary>
                            <pre>{JSON.stringify(entry.data, null, 2)}</pre>
                          </details>
                        ) : (
                          <code className="one-line">{data}</code>
                        )}
                      </td>
                      <td>
                        <code className="hash" title={entry.entryHash}>
                          {entry.entryHash.slice(0, 8)}
                        </code>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <div className="pager">
        <button
          type="button"
          className="button button-secondary"
          disabled={cursors.length === 0}
          onClick={() => {
            setCursors([]);
          }}
        >
          {t('audit.newest')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={cursors.length === 0}
          onClick={() => {
            setCursors((list) => list.slice(0, -1));
          }}
        >
          {t('audit.newer')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          data-testid="audit-older"
          disabled={!audit.data?.nextBefore || audit.isFetching}
          onClick={() => {
            const next = audit.data?.nextBefore;
            if (next) setCursors((list) => [...list, next]);
          }}
        >
          {t('audit.older')}
        </button>
      </div>
    </>
  );
}
