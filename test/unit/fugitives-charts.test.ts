import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alpha2FromNumeric, SMALL_STATE_POINTS } from '../../web/src/components/charts/geo.ts';
import {
  barOption,
  mapOption,
  smallStateMarkers,
  splitUnknownState,
  timeOnRunSeries,
  tooltipLine,
  yearSeries,
} from '../../web/src/components/charts/options.ts';

/** The pure helpers of the fugitives charts (web/src/components/charts): codes, reshaping, ECharts options. */
describe('fugitives charts: geography', () => {
  it('maps world-atlas numeric ids to alpha-2, zero-padded or not', () => {
    assert.equal(alpha2FromNumeric('702'), 'SG');
    assert.equal(alpha2FromNumeric('096'), 'BN');
    assert.equal(alpha2FromNumeric(96), 'BN');
    assert.equal(alpha2FromNumeric('156'), 'CN');
    assert.equal(alpha2FromNumeric('458'), 'MY');
    assert.equal(alpha2FromNumeric('116'), 'KH');
  });

  it('answers null for areas without a code', () => {
    assert.equal(alpha2FromNumeric(undefined), null);
    assert.equal(alpha2FromNumeric(''), null);
    assert.equal(alpha2FromNumeric('999'), null);
  });

  it('has a marker point for Singapore and Brunei, inside the region', () => {
    for (const code of ['SG', 'BN']) {
      const point = SMALL_STATE_POINTS[code];
      assert.ok(point, code);
      assert.ok(point[0] > 95 && point[0] < 120 && point[1] > 0 && point[1] < 10, `${code} lies in maritime South-East Asia`);
    }
  });
});

describe('fugitives charts: reshaping the figures', () => {
  it('fills the years between returns with zero, in order', () => {
    assert.deepEqual(
      yearSeries([
        { year: 2016, count: 1 },
        { year: 2013, count: 2 },
      ]),
      [
        { year: 2013, count: 2 },
        { year: 2014, count: 0 },
        { year: 2015, count: 0 },
        { year: 2016, count: 1 },
      ],
    );
    assert.deepEqual(yearSeries([]), []);
  });

  it('gives every time-on-the-run bucket in order, missing ones as zero', () => {
    const series = timeOnRunSeries([
      { bucket: '10y_plus', returned: 0, atLarge: 2 },
      { bucket: '2_5y', returned: 3, atLarge: 1 },
    ]);
    assert.deepEqual(
      series.map((entry) => entry.bucket),
      ['under_1y', '1_2y', '2_5y', '5_10y', '10y_plus'],
    );
    assert.deepEqual(series[2], { bucket: '2_5y', returned: 3, atLarge: 1 });
    assert.deepEqual(series[0], { bucket: 'under_1y', returned: 0, atLarge: 0 });
  });

  it('sets the persons without a known location apart from the states', () => {
    const split = splitUnknownState([
      { state: 'KH', count: 1 },
      { state: null, count: 2 },
      { state: 'MY', count: 3 },
    ]);
    assert.equal(split.unknown, 2);
    assert.deepEqual(split.known, [
      { state: 'MY', count: 3 },
      { state: 'KH', count: 1 },
    ]);
  });

  it('marks only the small states', () => {
    const markers = smallStateMarkers([
      { state: 'SG', count: 2 },
      { state: 'MY', count: 1 },
    ]);
    assert.deepEqual(
      markers.map((marker) => [marker.state, marker.count]),
      [['SG', 2]],
    );
  });
});

describe('fugitives charts: ECharts options', () => {
  it('stacks the bars of several series and shows a legend', () => {
    const option = barOption({
      categories: ['a', 'b'],
      series: [
        { name: 'Returned', values: [1, 2], colour: '#000' },
        { name: 'At large', values: [3, 4], colour: '#fff' },
      ],
      stacked: true,
    }) as { series: { stack?: string; data: number[] }[]; legend?: unknown; xAxis: { type: string } };
    assert.deepEqual(
      option.series.map((entry) => entry.stack),
      ['total', 'total'],
    );
    assert.deepEqual(option.series[1]?.data, [3, 4]);
    assert.ok(option.legend);
    assert.equal(option.xAxis.type, 'category');
  });

  it('puts the categories on the y axis of a horizontal bar chart', () => {
    const option = barOption({
      categories: ['Singapore'],
      series: [{ name: 'Returned', values: [1], colour: '#000' }],
      horizontal: true,
    }) as {
      yAxis: { type: string; data: string[] };
      legend?: unknown;
    };
    assert.equal(option.yAxis.type, 'category');
    assert.deepEqual(option.yAxis.data, ['Singapore']);
    assert.equal(option.legend, undefined, 'one series needs no legend');
  });

  it('colours the map by count and puts a marker on Singapore, with named tooltips', () => {
    const option = mapOption({
      mapName: 'world',
      seriesName: 'At large',
      points: [
        { state: 'MY', count: 3 },
        { state: 'SG', count: 1 },
      ],
      stateLabel: (code) => (code === 'SG' ? 'Singapore' : code === 'MY' ? 'Malaysia <&>' : code),
      view: { center: [112, 18], zoom: 3 },
    }) as {
      visualMap: { max: number };
      geo: { map: string; center: number[] };
      series: { type: string; data: { name: string; value: unknown }[] }[];
      tooltip: { formatter: (params: { name?: string }) => string };
    };
    assert.equal(option.visualMap.max, 3);
    assert.equal(option.geo.map, 'world');
    assert.deepEqual(option.geo.center, [112, 18]);
    assert.deepEqual(option.series[0]?.data, [
      { name: 'MY', value: 3 },
      { name: 'SG', value: 1 },
    ]);
    assert.equal(option.series[1]?.type, 'scatter');
    assert.deepEqual(option.series[1].data, [{ name: 'SG', value: [103.82, 1.35, 1] }]);
    assert.equal(option.tooltip.formatter({ name: 'SG' }), 'Singapore: <strong>1</strong>');
    assert.equal(option.tooltip.formatter({ name: 'MY' }), 'Malaysia &lt;&amp;&gt;: <strong>3</strong>', 'names are escaped');
    assert.equal(option.tooltip.formatter({ name: 'TH' }), 'TH: <strong>0</strong>', 'a state without persons counts 0');
    assert.equal(option.tooltip.formatter({ name: 'x-12' }), '', 'an area without a code has no tooltip');
  });

  it('escapes tooltip text', () => {
    assert.equal(tooltipLine('<b>', '1'), '&lt;b&gt;: <strong>1</strong>');
  });
});
