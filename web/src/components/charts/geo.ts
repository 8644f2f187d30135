import countries from 'i18n-iso-countries';

/**
 * Geography of the charts: world-atlas names its countries by ISO 3166-1 numeric code ("702"), the API by alpha-2
 * ("SG"). States too small to see on a map of the region get a marker at a fixed point.
 */

/** The alpha-2 code of an ISO 3166-1 numeric code (string or number); null for areas without one (e.g. Kosovo). */
export function alpha2FromNumeric(id: string | number | null | undefined): string | null {
  if (id === null || id === undefined || id === '') return null;
  const code = countries.numericToAlpha2(String(id).padStart(3, '0'));
  return code ?? null;
}

/** [longitude, latitude] of states a few pixels wide on the regional map, where their marker goes. */
export const SMALL_STATE_POINTS: Readonly<Record<string, readonly [number, number]>> = {
  SG: [103.82, 1.35],
  BN: [114.73, 4.54],
  HK: [114.17, 22.32],
  MO: [113.54, 22.19],
  MV: [73.51, 4.18],
};

/** The default view of the map: China and South-East Asia. */
export const REGION_VIEW = { center: [110, 20] as [number, number], zoom: 4 };
