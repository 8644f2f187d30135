import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import { HIT_STATUSES, type Batch, type Hit, type HitDecision, type HitList, type HitStatus } from '../../api/screening.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { Timestamp } from '../../components/text.tsx';
import { Badge, Notice, PageHeader, QueryProblem, type Tone } from '../../components/ui.tsx';
import { useSession } from '../../session/session.tsx';
import { ExplanationToggle, offsetParam, PAGE_SIZE, Pager, SCREENING_QUERY_KEY, ScoreBar, ScreeningTabs } from './common.tsx';

const HITS_QUERY_KEY = [...SCREENING_QUERY_KEY, 'hits'] as const;
const MIN_REASON = 3;

const statusTones: Record<HitStatus, Tone> = { open: 'warning', confirmed: 'danger', dismissed: 'neutral', suppressed: 'info' };

function DecisionForm({ hit, onDecided }: { hit: Hit; onDecided: (hit: Hit, decision: HitDecision) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const decide = useMutation({
    mutationFn: (decision: HitDecision) =>
      api.post<Hit>(`/api/screening/hits/${encodeURIComponent(hit.id)}/decision`, { decision, reason: reason.trim() }),
    onSuccess: (_value, decision) => {
      onDecided(hit, decision);
      return queryClient.invalidateQueries({ queryKey: SCREENING_QUERY_KEY });
    },
  });
  const submit = (decision: HitDecision) => {
    if (reason.trim().length < MIN_REASON) {
      setTooShort(true);
      return;
    }
    setTooShort(false);
    decide.mutate(decision);
  };
  const reasonId = `hit-reason-${hit.id}`;
  const problemId = `${reasonId}-problem`;
  return (
    <form
      className="decision-form"
      aria-label={t('screening.review.decideOn', { name: hit.queryName })}
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <div className="field">
        <label htmlFor={reasonId}>{t('screening.review.reason')}</label>
        <textarea
          id={reasonId}
          rows={2}
          required
          minLength={MIN_REASON}
          value={reason}
          aria-invalid={tooShort}
          aria-describedby={tooShort ? problemId : undefined}
          onChange={(event) => {
            setReason(event.target.value);
          }}
        />
        {tooShort ? (
          <span id={problemId} className="text-danger" role="alert">
            {t('screening.review.reasonTooShort', { min: MIN_REASON })}
          </span>
        ) : null}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button button-danger"
          disabled={decide.isPending}
          onClick={() => {
            submit('confirmed');
          }}
        >
          {t('screening.review.confirm')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={decide.isPending}
          onClick={() => {
            submit('dismissed');
          }}
        >
          {t('screening.review.dismiss')}
        </button>
      </div>
      <ErrorNotice error={decide.error} />
    </form>
  );
}

function HitCard({ hit, onDecided }: { hit: Hit; onDecided: (hit: Hit, decision: HitDecision) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <li className="panel hit" data-hit-id={hit.id} data-status={hit.status}>
      <div className="hit-head">
        <ScoreBar score={hit.score} />
        <Badge tone={statusTones[hit.status]}>{t(`screening.review.status.${hit.status}`)}</Badge>
        <span className="subtle-inline">
          {t('screening.watchlist')}: {hit.watchlistName}
        </span>
        <span className="subtle-inline">{t('screening.review.row', { row: hit.rowNumber, line: hit.line })}</span>
      </div>
      <div className="name-pair">
        <div>
          <h3 className="name-pair-label">{t('screening.review.screened')}</h3>
          <p className="original-name name-pair-name" data-testid="hit-query-name">
            {hit.queryName}
          </p>
          {hit.queryBirthDate ? (
            <p className="subtle mono">
              {t('screening.check.born')} {hit.queryBirthDate}
            </p>
          ) : null}
        </div>
        <span className="name-pair-arrow" aria-hidden="true">
          ↔
        </span>
        <div>
          <h3 className="name-pair-label">{t('screening.review.listed')}</h3>
          <p className="original-name name-pair-name" data-testid="hit-matched-name">
            {hit.matchedName}
          </p>
          {hit.caption && hit.caption !== hit.matchedName ? (
            <p className="subtle">
              {t('screening.review.entry')} <span className="original-name">{hit.caption}</span>
            </p>
          ) : null}
        </div>
      </div>
      <ExplanationToggle explanations={hit.explanations} label={hit.queryName} />
      {hit.policies.decide ? <DecisionForm hit={hit} onDecided={onDecided} /> : null}
      {hit.decidedAt && (hit.status === 'confirmed' || hit.status === 'dismissed') ? (
        <p className="decision-record">
          {t(`screening.review.decided.${hit.status}`)} <Timestamp value={hit.decidedAt} withSeconds={false} />
          {hit.decidedBy === session.user.id ? ` ${t('screening.review.byYou')}` : ''}
          {hit.reason ? (
            <>
              {' — '}
              <q>{hit.reason}</q>
            </>
          ) : null}
        </p>
      ) : null}
    </li>
  );
}

/** Hits waiting for a person's judgement; each is confirmed or dismissed with a reason, which is audited. */
export function ReviewPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const status: HitStatus = HIT_STATUSES.includes(requested as HitStatus) ? (requested as HitStatus) : 'open';
  const batchId = params.get('batchId') ?? '';
  const offset = offsetParam(params.get('offset'));
  const [lastDecision, setLastDecision] = useState<{ name: string; decision: HitDecision } | null>(null);
  const hits = useQuery({
    queryKey: [...HITS_QUERY_KEY, status, batchId, offset],
    queryFn: () => api.get<HitList>(withQuery('/api/screening/hits', { status, batchId, offset, limit: PAGE_SIZE })),
    placeholderData: keepPreviousData,
  });
  const batch = useQuery({
    queryKey: [...SCREENING_QUERY_KEY, 'batches', batchId],
    queryFn: () => api.get<Batch>(`/api/screening/batches/${encodeURIComponent(batchId)}`),
    enabled: batchId !== '',
  });
  /** Changing a filter starts again at the first page; paging keeps the filters. */
  const setParam = (key: 'status' | 'batchId' | 'offset', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'offset') next.delete('offset');
    setParams(next, { replace: true });
  };
  const total = hits.data?.total ?? 0;
  // Deciding the last open hits of the last page empties it: step back to the page that now ends the list.
  useEffect(() => {
    if (hits.data && hits.data.items.length === 0 && offset > 0 && !hits.isPlaceholderData) {
      const last = total > 0 ? Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE : 0;
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (last > 0) next.set('offset', String(last));
          else next.delete('offset');
          return next;
        },
        { replace: true },
      );
    }
  }, [hits.data, hits.isPlaceholderData, offset, total, setParams]);
  return (
    <>
      <PageHeader title={t('screening.title')} description={t('screening.review.description')} />
      <ScreeningTabs />
      <form
        className="toolbar"
        role="search"
        aria-label={t('screening.review.filters')}
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <div className="field field-inline">
          <label htmlFor="hits-status">{t('screening.review.statusFilter')}</label>
          <select
            id="hits-status"
            value={status}
            onChange={(event) => {
              setLastDecision(null);
              setParam('status', event.target.value === 'open' ? '' : event.target.value);
            }}
          >
            {HIT_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`screening.review.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        {batchId ? (
          <p className="filter-chip">
            {t('screening.review.batchFilter', { file: batch.data?.fileName ?? batchId })}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setParam('batchId', '');
              }}
            >
              {t('screening.review.allBatches')}
            </button>
          </p>
        ) : null}
      </form>
      {lastDecision ? (
        <Notice tone="success" live>
          {t(`screening.review.done.${lastDecision.decision}`, { name: lastDecision.name })}
        </Notice>
      ) : null}
      <QueryProblem isPending={hits.isPending} error={hits.error} />
      {hits.data ? (
        hits.data.items.length === 0 ? (
          <p className="empty" data-testid="hits-empty">
            {t(`screening.review.empty.${status}`)}
          </p>
        ) : (
          <>
            <p className="hint" role="status">
              {t('screening.review.count', { count: hits.data.total })}
            </p>
            <ul className="hit-list" data-testid="hits" aria-busy={hits.isFetching}>
              {hits.data.items.map((hit) => (
                <HitCard
                  key={hit.id}
                  hit={hit}
                  onDecided={(decided, decision) => {
                    setLastDecision({ name: decided.queryName, decision });
                  }}
                />
              ))}
            </ul>
            <Pager
              offset={offset}
              limit={PAGE_SIZE}
              shown={hits.data.items.length}
              total={hits.data.total}
              busy={hits.isFetching}
              onChange={(value) => {
                setLastDecision(null);
                setParam('offset', value > 0 ? String(value) : '');
              }}
            />
          </>
        )
      ) : null}
    </>
  );
}
