import { lazy, Suspense } from 'react';
import type { Summary } from '../../api/fugitives-stats.ts';
import { Loading } from '../ui.tsx';

/** ECharts and the charts are a chunk of their own, loaded when a page first shows figures. */
const SummaryChartsChunk = lazy(() => import('./SummaryCharts.tsx').then((module) => ({ default: module.SummaryCharts })));

export function LazySummaryCharts({ summary, prefix }: { summary: Summary; prefix: string }) {
  return (
    <Suspense fallback={<Loading />}>
      <SummaryChartsChunk summary={summary} prefix={prefix} />
    </Suspense>
  );
}
