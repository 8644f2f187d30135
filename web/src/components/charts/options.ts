import type { EChartsCoreOption } from 'echarts/core';
import { TIME_ON_RUN_BUCKETS, type Summary, type TimeOnRunBucket } from '../../api/fugitives-stats.ts';
import { SMALL_STATE_POINTS } from './geo.ts';

/**
 * Pure builders of the ECharts options of the fugitives figures: the data is reshaped here (gaps filled, buckets
 * ordered, unknown states set apart) and labels come in from the caller already translated, so they can be tested
 * without a browser.
 */

export const CHART_COLOURS = { returned: '#067647', atLarge: '#b42318', bar: '#1d4ed8', noData: '#e4e8ee', border: '#9aa6b5' };
const PIE_COLOURS = ['#1d4ed8', '#067647', '#b54708', '#7a5af8', '#0e7490', '#b42318'];

/** Returns per calendar year from the first to the last year with a return, years without one counted as 0. */
export function yearSeries(byYear: Summary['returnedByYear']): { year: number; count: number }[] {
  if (byYear.length === 0) return [];
  const counts = new Map(byYear.map((entry) => [entry.year, entry.count]));
  const years = byYear.map((entry) => entry.year);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const series: { year: number; count: number }[] = [];
  for (let year = first; year <= last; year += 1) series.push({ year, count: counts.get(year) ?? 0 });
  return series;
}

/** Every time-on-the-run bucket in order, missing ones as zero. */
export function timeOnRunSeries(timeOnRun: Summary['timeOnRun']): { bucket: TimeOnRunBucket; returned: number; atLarge: number }[] {
  const byBucket = new Map(timeOnRun.map((entry) => [entry.bucket, entry]));
  return TIME_ON_RUN_BUCKETS.map((bucket) => ({
    bucket,
    returned: byBucket.get(bucket)?.returned ?? 0,
    atLarge: byBucket.get(bucket)?.atLarge ?? 0,
  }));
}

export interface MapPoint {
  state: string;
  count: number;
}

/** The persons at large by known last state (largest first), and how many have no known location. */
export function splitUnknownState(byState: Summary['atLargeByLastKnownState']): { known: MapPoint[]; unknown: number } {
  const known: MapPoint[] = [];
  let unknown = 0;
  for (const entry of byState) {
    if (entry.state === null) unknown += entry.count;
    else known.push({ state: entry.state, count: entry.count });
  }
  known.sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
  return { known, unknown };
}

/** The states of the map too small to see, each with its marker point. */
export function smallStateMarkers(known: readonly MapPoint[]): (MapPoint & { point: readonly [number, number] })[] {
  return known.flatMap((entry) => {
    const point = SMALL_STATE_POINTS[entry.state];
    return point ? [{ ...entry, point }] : [];
  });
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** A tooltip line: "name: value", escaped (ECharts writes tooltips as HTML). */
export const tooltipLine = (name: string, value: string) => `${escapeHtml(name)}: <strong>${escapeHtml(value)}</strong>`;

interface BarSeries {
  name: string;
  values: number[];
  colour: string;
}

/** Bars over categories; several series side by side, or stacked; horizontal puts the categories on the y axis. */
export function barOption({
  categories,
  series,
  stacked = false,
  horizontal = false,
  everyLabel = false,
}: {
  categories: string[];
  series: BarSeries[];
  stacked?: boolean;
  horizontal?: boolean;
  everyLabel?: boolean;
}): EChartsCoreOption {
  const categoryAxis = {
    type: 'category',
    data: categories,
    axisTick: { alignWithLabel: true },
    // everyLabel: every category named (none hidden for lack of room), long names wrapped.
    ...(everyLabel ? { axisLabel: { interval: 0, hideOverlap: false, ...(horizontal ? {} : { width: 72, overflow: 'break' }) } } : {}),
    ...(horizontal ? { inverse: true } : {}),
  };
  const valueAxis = { type: 'value', minInterval: 1 };
  return {
    animation: false,
    grid: { left: 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    ...(series.length > 1 ? { legend: { top: 0, data: series.map((entry) => entry.name) } } : {}),
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: series.map((entry) => ({
      type: 'bar',
      name: entry.name,
      data: entry.values,
      itemStyle: { color: entry.colour },
      barMaxWidth: 36,
      ...(stacked ? { stack: 'total' } : {}),
    })),
  };
}

/** A ring of slices with their names and shares. */
export function pieOption({ name, slices }: { name: string; slices: { name: string; value: number }[] }): EChartsCoreOption {
  return {
    animation: false,
    color: PIE_COLOURS,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        name,
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        // The legend names the slices; each slice shows its count.
        label: { position: 'inside', formatter: '{c}', color: '#ffffff', fontWeight: 'bold' },
        data: slices,
      },
    ],
  };
}

/**
 * A choropleth of counts by state on a registered map whose regions are named by alpha-2 code, with a marker on each
 * state too small to see; `stateLabel` names a state for tooltips.
 */
export function mapOption({
  mapName,
  seriesName,
  points,
  stateLabel,
  view,
}: {
  mapName: string;
  seriesName: string;
  points: MapPoint[];
  stateLabel: (code: string) => string;
  view: { center: [number, number]; zoom: number };
}): EChartsCoreOption {
  const max = Math.max(1, ...points.map((point) => point.count));
  const markers = smallStateMarkers(points);
  const counts = new Map(points.map((point) => [point.state, point.count]));
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (params: { name?: string; value?: unknown; seriesType?: string }) => {
        const code = params.name ?? '';
        if (!/^[A-Z]{2}$/.test(code)) return '';
        return tooltipLine(stateLabel(code), String(counts.get(code) ?? 0));
      },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      seriesIndex: 0,
      calculable: false,
      left: 8,
      bottom: 8,
      itemHeight: 80,
      text: [String(max), '0'],
      inRange: { color: ['#fde8e6', CHART_COLOURS.atLarge] },
    },
    geo: {
      map: mapName,
      roam: true,
      center: view.center,
      zoom: view.zoom,
      scaleLimit: { min: 1, max: 40 },
      itemStyle: { areaColor: CHART_COLOURS.noData, borderColor: CHART_COLOURS.border, borderWidth: 0.5 },
      emphasis: { label: { show: false }, itemStyle: { areaColor: '#c7d7fe' } },
      select: { disabled: true },
    },
    series: [
      {
        type: 'map',
        name: seriesName,
        geoIndex: 0,
        data: points.map((point) => ({ name: point.state, value: point.count })),
      },
      {
        type: 'scatter',
        name: seriesName,
        coordinateSystem: 'geo',
        symbolSize: 12,
        itemStyle: { color: CHART_COLOURS.atLarge, borderColor: '#ffffff', borderWidth: 1.5 },
        label: { show: true, position: 'right', fontSize: 11, formatter: (params: { name?: string }) => stateLabel(params.name ?? '') },
        data: markers.map((marker) => ({ name: marker.state, value: [...marker.point, marker.count] })),
      },
    ],
  };
}
