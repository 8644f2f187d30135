import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { api, isApiError } from '../../api/client.ts';
import type { FeatureExplanation, Watchlist, WatchlistVisibility } from '../../api/screening.ts';
import type { Items, SessionView } from '../../api/types.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { formatNumber } from '../../components/format.ts';
import { Badge } from '../../components/ui.tsx';

export const SCREENING_QUERY_KEY = ['screening'] as const;

export function useWatchlists() {
  return useQuery({
    queryKey: [...SCREENING_QUERY_KEY, 'watchlists'],
    queryFn: () => api.get<Items<Watchlist>>('/api/screening/watchlists'),
    staleTime: 30_000,
  });
}

/**
 * The visibilities of the watchlists the user may create (src/modules/screening/policies.ts): investigators and agency
 * administrators keep their agency's lists, platform administrators the lists every agency screens against. There is
 * no list yet to carry the server's policies, so the session's roles decide; the server enforces the same rule.
 */
export function creatableVisibilities(session: SessionView): WatchlistVisibility[] {
  const roles = session.user.roles;
  return [
    ...(roles.includes('investigator') || roles.includes('agency_admin') ? (['agency'] as const) : []),
    ...(roles.includes('platform_admin') ? (['platform'] as const) : []),
  ];
}

const tabs = [
  { to: '/screening', key: 'check', end: true },
  { to: '/screening/batches', key: 'batches', end: false },
  { to: '/screening/review', key: 'review', end: false },
  { to: '/screening/watchlists', key: 'watchlists', end: false },
] as const;

/** The sections of the screening area, as a row of tabs (links: each section has its own address). */
export function ScreeningTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t('screening.sections')}>
      {tabs.map((tab) => (
        <NavLink key={tab.key} to={tab.to} end={tab.end} className="tab" data-testid={`screening-tab-${tab.key}`}>
          {t(`screening.tabs.${tab.key}`)}
        </NavLink>
      ))}
    </nav>
  );
}

export const percent = (score: number): number => Math.round(Math.max(0, Math.min(1, score)) * 100);

/** A score 0–1 as a bar with its percentage; the bar is a meter for assistive technology. */
export function ScoreBar({ score }: { score: number }) {
  const { t } = useTranslation();
  const value = percent(score);
  const tone = value >= 85 ? 'high' : value >= 70 ? 'medium' : 'low';
  return (
    <div className="score">
      <div
        className="score-track"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-label={t('screening.scoreLabel', { percent: value })}
      >
        <div className={`score-fill score-${tone}`} style={{ width: `${String(value)}%` }} />
      </div>
      <span className="score-percent" data-testid="score-percent">
        {value} %
      </span>
    </div>
  );
}

export function MatchBadge({ match }: { match: boolean }) {
  const { t } = useTranslation();
  return <Badge tone={match ? 'danger' : 'neutral'}>{match ? t('screening.match') : t('screening.noMatch')}</Badge>;
}

const signed = (effect: number): string => {
  const points = Math.round(effect * 100);
  return points > 0 ? `+${String(points)}` : String(points);
};

/** One line per feature that made up a score: its name in the interface language, strength, effect and detail. */
export function ExplanationTable({ explanations }: { explanations: FeatureExplanation[] }) {
  const { t, i18n } = useTranslation();
  if (explanations.length === 0) return <p className="hint">{t('screening.explanation.none')}</p>;
  return (
    <>
      {i18n.language === 'en' ? null : <p className="hint source-language">{t('screening.explanation.englishDetail')}</p>}
      <table className="table table-dense explanation-table" data-testid="explanation">
        <caption className="visually-hidden">{t('screening.explanation.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('screening.explanation.feature')}</th>
            <th scope="col" className="num">
              {t('screening.explanation.value')}
            </th>
            <th scope="col" className="num">
              {t('screening.explanation.effect')}
            </th>
            <th scope="col">{t('screening.explanation.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {explanations.map((line, index) => (
            <tr key={`${line.code}-${String(index)}`} data-feature={line.code}>
              <th scope="row">
                {t(`screening.feature.${line.code}`, { defaultValue: line.code })}
                <span className="subtle mono">{line.code}</span>
              </th>
              <td className="num mono">{percent(line.value)} %</td>
              <td className={`num mono ${line.effect < 0 ? 'text-danger' : ''}`}>{signed(line.effect)}</td>
              <td lang="en">{line.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A button that shows or hides the explanation of a score placed after it. */
export function ExplanationToggle({ explanations, label }: { explanations: FeatureExplanation[]; label: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="explanation">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={t('screening.explanation.toggleFor', { name: label })}
        onClick={() => {
          setOpen((value) => !value);
        }}
      >
        {open ? t('screening.explanation.hide') : t('screening.explanation.show')}
      </button>
      <div id={id} hidden={!open}>
        {open ? <ExplanationTable explanations={explanations} /> : null}
      </div>
    </div>
  );
}

/** Rows per page of the longer lists (entries, hits); the server allows up to 500. */
export const PAGE_SIZE = 50;

/** A page offset read from the address: a non-negative whole number, else the first page. */
export function offsetParam(value: string | null): number {
  const offset = Number(value);
  return Number.isInteger(offset) && offset > 0 ? offset : 0;
}

/** "x–y of total" with previous and next buttons, for a list paged by offset and limit. */
export function Pager({
  offset,
  limit,
  shown,
  total,
  busy = false,
  onChange,
}: {
  offset: number;
  limit: number;
  shown: number;
  total: number;
  busy?: boolean;
  onChange: (offset: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t('screening.pager.label')} data-testid="pager">
      <span className="hint" role="status" data-testid="pager-range">
        {t('screening.pager.range', {
          from: formatNumber(shown === 0 ? 0 : offset + 1),
          to: formatNumber(offset + shown),
          total: formatNumber(total),
        })}
      </span>
      <button
        type="button"
        className="button button-secondary"
        disabled={offset === 0 || busy}
        onClick={() => {
          onChange(Math.max(0, offset - limit));
        }}
      >
        {t('screening.pager.previous')}
      </button>
      <button
        type="button"
        className="button button-secondary"
        disabled={offset + shown >= total || busy}
        onClick={() => {
          onChange(offset + limit);
        }}
      >
        {t('screening.pager.next')}
      </button>
    </nav>
  );
}

/**
 * A refused file (batch or watchlist import): a lead in the interface language, then the server's problems, each
 * naming its line (in English, as the server words them). Other errors are explained as everywhere else.
 */
export function FileErrorNotice({ error, lead }: { error: unknown; lead: string }) {
  if (!error) return null;
  // Request validation (an array of issues) and every other error read as they do everywhere else.
  if (!isApiError(error, 'INVALID_INPUT') || Array.isArray(error.details)) return <ErrorNotice error={error} />;
  const details = error.details && typeof error.details === 'object' ? (error.details as { problems?: unknown }) : {};
  const problems = Array.isArray(details.problems) ? details.problems.map(String) : null;
  return (
    <div className="notice notice-error" role="alert" data-testid="file-error">
      <strong>{lead}</strong>
      {problems && problems.length > 0 ? (
        <ul className="problem-list" lang="en">
          {problems.map((problem, index) => (
            <li key={index}>{problem}</li>
          ))}
        </ul>
      ) : (
        <p lang="en">{error.message}</p>
      )}
    </div>
  );
}
