import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fugitivesStatsApi } from '../../api/fugitives-stats.ts';
import { LazySummaryCharts } from '../../components/charts/LazySummaryCharts.tsx';
import { formatNumber } from '../../components/format.ts';
import { PageHeader, QueryProblem } from '../../components/ui.tsx';
import { FUGITIVES_QUERY_KEY, FugitivesTabs } from './common.tsx';

/** A figure tile: a label and a bare number (its test id reads the number alone). */
export function FigureTile({ label, value, testId }: { label: string; value: number | null; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value === null ? '—' : formatNumber(value)}</dd>
    </div>
  );
}

/** How the hunt for the agency's own wanted persons is going: figures, returns over time and place, the map. */
export function OverviewPage() {
  const { t } = useTranslation();
  const overview = useQuery({ queryKey: [...FUGITIVES_QUERY_KEY, 'overview'], queryFn: fugitivesStatsApi.overview });
  const data = overview.data;
  return (
    <>
      <PageHeader title={t('fugitives.overview.title')} description={t('fugitives.overview.description')} />
      <FugitivesTabs />
      <QueryProblem isPending={overview.isPending} error={overview.error} />
      {data ? (
        <>
          <dl className="summary-figures" data-testid="overview-figures">
            <FigureTile label={t('fugitives.overview.persons')} value={data.persons} testId="overview-persons" />
            <FigureTile label={t('fugitives.overview.atLarge')} value={data.atLarge} testId="overview-at-large" />
            <FigureTile label={t('fugitives.overview.returned')} value={data.returned} testId="overview-returned" />
            <FigureTile label={t('fugitives.overview.medianDays')} value={data.medianDaysToReturn} testId="overview-median-days" />
          </dl>
          {data.persons === 0 ? (
            <p className="empty">{t('fugitives.overview.empty')}</p>
          ) : (
            <LazySummaryCharts summary={data} prefix="overview" />
          )}
        </>
      ) : null}
    </>
  );
}
