import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { echarts } from './echarts.ts';

/**
 * One ECharts chart in a div: created on mount, given each new option whole, resized with its box, disposed on
 * unmount. The canvas is decorative to screen readers (`label` names it); the figures are offered as a table next to it.
 */
export function EChart({
  option,
  height = 300,
  label,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    // A box taken out of the page (before React's clean-up below runs) measures 0: nothing to fit the chart to.
    const observer = new ResizeObserver(() => {
      if (!element.isConnected || element.clientWidth === 0 || element.clientHeight === 0 || instance.isDisposed()) return;
      instance.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="echart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
