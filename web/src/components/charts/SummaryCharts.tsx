import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Summary } from '../../api/fugitives-stats.ts';
import { formatNumber, stateName } from '../format.ts';
import { EChart } from './EChart.tsx';
import { barOption, CHART_COLOURS, pieOption, splitUnknownState, timeOnRunSeries, yearSeries } from './options.ts';
import { WorldMap } from './WorldMap.tsx';

/** A chart and the same figures as a table, for screen readers and anyone who wants the numbers. */
function ChartPanel({
  id,
  title,
  empty,
  emptyText,
  chart,
  table,
  note,
  wide = false,
}: {
  id: string;
  title: string;
  empty: boolean;
  emptyText: string;
  chart: ReactNode;
  table: ReactNode;
  note?: ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section className={`panel chart-panel${wide ? ' chart-panel-wide' : ''}`} aria-labelledby={`${id}-title`} data-testid={`${id}-panel`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {empty ? <p className="empty">{emptyText}</p> : chart}
      {note}
      <details className="chart-table">
        <summary>{t('fugitives.charts.showTable')}</summary>
        {table}
      </details>
    </section>
  );
}

function FigureTable({
  testId,
  caption,
  headers,
  rows,
}: {
  testId: string;
  caption: string;
  headers: string[];
  rows: { key: string; cells: (string | number)[] }[];
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {headers.map((header, index) => (
              <th key={header} scope="col" className={index > 0 ? 'num' : undefined}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={headers.length}>{t('fugitives.charts.noFigures')}</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.key} data-key={row.key}>
                {row.cells.map((cell, index) =>
                  index === 0 ? (
                    <th key={index} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={index} className="num" data-testid="figure">
                      {typeof cell === 'number' ? formatNumber(cell) : cell}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The charts of a summary (an agency's overview or a campaign's progress): returns by year, by state and by means,
 * time on the run, and the map of where those at large were last known to be. `prefix` starts every test id.
 */
export function SummaryCharts({ summary, prefix }: { summary: Summary; prefix: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const noReturns = summary.returned === 0;

  const years = useMemo(() => yearSeries(summary.returnedByYear), [summary.returnedByYear]);
  const byState = useMemo(
    () => summary.returnedByState.map((entry) => ({ ...entry, name: stateName(entry.state) })),
    // language: the state names follow the interface language.
    [summary.returnedByState, language],
  );
  const byMeans = useMemo(
    () => summary.returnedByMeans.map((entry) => ({ ...entry, name: t(`fugitives.means.${entry.means}`, { defaultValue: entry.means }) })),
    [summary.returnedByMeans, t],
  );
  const buckets = useMemo(() => timeOnRunSeries(summary.timeOnRun), [summary.timeOnRun]);
  const { known, unknown } = useMemo(() => splitUnknownState(summary.atLargeByLastKnownState), [summary.atLargeByLastKnownState]);
  const knownRows = useMemo(
    () => known.map((entry) => ({ ...entry, name: stateName(entry.state) })),
    // language: the state names follow the interface language.
    [known, language],
  );

  const returnedLabel = t('fugitives.charts.returned');
  const atLargeLabel = t('fugitives.charts.atLarge');
  const yearOption = useMemo(
    () =>
      barOption({
        categories: years.map((entry) => String(entry.year)),
        series: [{ name: returnedLabel, values: years.map((entry) => entry.count), colour: CHART_COLOURS.returned }],
      }),
    [years, returnedLabel],
  );
  const stateOption = useMemo(
    () =>
      barOption({
        categories: byState.map((entry) => entry.name),
        series: [{ name: returnedLabel, values: byState.map((entry) => entry.count), colour: CHART_COLOURS.bar }],
        horizontal: true,
        everyLabel: true,
      }),
    [byState, returnedLabel],
  );
  const meansOption = useMemo(
    () => pieOption({ name: returnedLabel, slices: byMeans.map((entry) => ({ name: entry.name, value: entry.count })) }),
    [byMeans, returnedLabel],
  );
  const bucketOption = useMemo(
    () =>
      barOption({
        categories: buckets.map((entry) => t(`fugitives.charts.buckets.${entry.bucket}`)),
        series: [
          { name: returnedLabel, values: buckets.map((entry) => entry.returned), colour: CHART_COLOURS.returned },
          { name: atLargeLabel, values: buckets.map((entry) => entry.atLarge), colour: CHART_COLOURS.atLarge },
        ],
        stacked: true,
        everyLabel: true,
      }),
    [buckets, returnedLabel, atLargeLabel, t],
  );
  const nobodyOnRecord = buckets.every((entry) => entry.returned + entry.atLarge === 0);

  const noReturnsText = t('fugitives.charts.noReturns');
  return (
    <div className="chart-grid" data-testid={`${prefix}-charts`}>
      <ChartPanel
        id={`${prefix}-by-year`}
        title={t('fugitives.charts.byYear')}
        empty={noReturns}
        emptyText={noReturnsText}
        chart={<EChart option={yearOption} label={t('fugitives.charts.byYear')} testId={`${prefix}-chart-by-year`} />}
        table={
          <FigureTable
            testId={`${prefix}-table-by-year`}
            caption={t('fugitives.charts.byYear')}
            headers={[t('fugitives.charts.year'), returnedLabel]}
            rows={years.map((entry) => ({ key: String(entry.year), cells: [String(entry.year), entry.count] }))}
          />
        }
      />
      <ChartPanel
        id={`${prefix}-by-state`}
        title={t('fugitives.charts.byState')}
        empty={noReturns}
        emptyText={noReturnsText}
        chart={
          <EChart
            option={stateOption}
            height={Math.max(160, 48 + byState.length * 36)}
            label={t('fugitives.charts.byState')}
            testId={`${prefix}-chart-by-state`}
          />
        }
        table={
          <FigureTable
            testId={`${prefix}-table-by-state`}
            caption={t('fugitives.charts.byState')}
            headers={[t('fugitives.charts.state'), returnedLabel]}
            rows={byState.map((entry) => ({ key: entry.state, cells: [entry.name, entry.count] }))}
          />
        }
      />
      <ChartPanel
        id={`${prefix}-by-means`}
        title={t('fugitives.charts.byMeans')}
        empty={noReturns}
        emptyText={noReturnsText}
        chart={<EChart option={meansOption} label={t('fugitives.charts.byMeans')} testId={`${prefix}-chart-by-means`} />}
        table={
          <FigureTable
            testId={`${prefix}-table-by-means`}
            caption={t('fugitives.charts.byMeans')}
            headers={[t('fugitives.charts.means'), returnedLabel]}
            rows={byMeans.map((entry) => ({ key: entry.means, cells: [entry.name, entry.count] }))}
          />
        }
      />
      <ChartPanel
        id={`${prefix}-time-on-run`}
        title={t('fugitives.charts.timeOnRun')}
        empty={nobodyOnRecord}
        emptyText={t('fugitives.charts.noFlightDates')}
        chart={<EChart option={bucketOption} label={t('fugitives.charts.timeOnRun')} testId={`${prefix}-chart-time-on-run`} />}
        note={<p className="hint">{t('fugitives.charts.timeOnRunHint')}</p>}
        table={
          <FigureTable
            testId={`${prefix}-table-time-on-run`}
            caption={t('fugitives.charts.timeOnRun')}
            headers={[t('fugitives.charts.bucket'), returnedLabel, atLargeLabel]}
            rows={buckets.map((entry) => ({
              key: entry.bucket,
              cells: [t(`fugitives.charts.buckets.${entry.bucket}`), entry.returned, entry.atLarge],
            }))}
          />
        }
      />
      <ChartPanel
        id={`${prefix}-map`}
        wide
        title={t('fugitives.charts.map')}
        empty={summary.atLarge === 0}
        emptyText={t('fugitives.charts.noneAtLarge')}
        chart={<WorldMap points={known} seriesName={atLargeLabel} label={t('fugitives.charts.map')} testId={`${prefix}-chart-map`} />}
        note={
          <p className="hint" data-testid={`${prefix}-map-unknown`} data-count={unknown}>
            {t('fugitives.charts.unknownLocation', { count: formatNumber(unknown) })} {t('fugitives.charts.mapHint')}
          </p>
        }
        table={
          <FigureTable
            testId={`${prefix}-table-map`}
            caption={t('fugitives.charts.map')}
            headers={[t('fugitives.charts.state'), atLargeLabel]}
            rows={[
              ...knownRows.map((entry) => ({ key: entry.state, cells: [entry.name, entry.count] as (string | number)[] })),
              ...(unknown > 0 ? [{ key: 'unknown', cells: [t('fugitives.charts.unknownState'), unknown] }] : []),
            ]}
          />
        }
      />
      <p className="hint chart-grid-footer">{t('fugitives.charts.asOf', { date: summary.asOf })}</p>
    </div>
  );
}
