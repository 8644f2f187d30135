import type { FeatureCollection, Geometry } from 'geojson';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { ErrorNotice } from '../errors.tsx';
import { stateName } from '../format.ts';
import { Loading } from '../ui.tsx';
import { echarts } from './echarts.ts';
import { EChart } from './EChart.tsx';
import { alpha2FromNumeric, REGION_VIEW } from './geo.ts';
import { mapOption, type MapPoint } from './options.ts';

export const WORLD_MAP = 'concord-world';

let registration: Promise<void> | null = null;

/**
 * Registers the world map with ECharts once: the 1:50m TopoJSON of world-atlas (it has Singapore and Brunei), loaded
 * on first use as its own chunk, turned into GeoJSON whose regions are named by alpha-2 code.
 */
export function registerWorldMap(): Promise<void> {
  registration ??= import('world-atlas/countries-50m.json', { with: { type: 'json' } })
    .then((module) => {
      const topology = module.default as unknown as Topology<{ countries: GeometryCollection }>;
      const countries = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name?: string }>;
      const named: FeatureCollection = {
        type: 'FeatureCollection',
        features: countries.features.map((country, index) => ({
          ...country,
          properties: { name: alpha2FromNumeric(country.id) ?? `x-${String(index)}` },
        })),
      };
      // ECharts declares its own GeoJSON type, which the standard one of @types/geojson matches.
      echarts.registerMap(WORLD_MAP, named as unknown as Parameters<typeof echarts.registerMap>[1]);
    })
    .catch((error: unknown) => {
      registration = null;
      throw error;
    });
  return registration;
}

/** A choropleth of counts by state (alpha-2), centred on China and South-East Asia; small states carry a marker. */
export function WorldMap({
  points,
  seriesName,
  label,
  testId,
}: {
  points: MapPoint[];
  seriesName: string;
  label: string;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    registerWorldMap().then(
      () => {
        if (live) setReady(true);
      },
      (problem: unknown) => {
        if (live) setError(problem);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const option = useMemo(
    () => mapOption({ mapName: WORLD_MAP, seriesName, points, stateLabel: stateName, view: REGION_VIEW }),
    // i18n.language: the state names follow the interface language.
    [points, seriesName, i18n.language],
  );

  if (error) return <ErrorNotice error={error} />;
  if (!ready) return <Loading label={t('fugitives.charts.mapLoading')} />;
  return <EChart option={option} height={480} label={label} testId={testId} />;
}
