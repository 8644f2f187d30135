/**
 * Qualifiers: facts other than the name that raise or lower a name score when both records carry them — birth
 * date (exact, year only, day–month swap, mismatch), nationality, gender, identifiers such as passport numbers.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { FeatureExplanation } from './types.ts';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as countries.LocaleData);
countries.registerLocale(require('i18n-iso-countries/langs/zh.json') as countries.LocaleData);

const COUNTRY_ALIASES: Record<string, string> = {
  'viet nam': 'VN',
  vietnam: 'VN',
  burma: 'MM',
  myanmar: 'MM',
  laos: 'LA',
  'lao pdr': 'LA',
  'lao people’s democratic republic': 'LA',
  'south korea': 'KR',
  'north korea': 'KP',
  dprk: 'KP',
  'hong kong': 'HK',
  macau: 'MO',
  macao: 'MO',
  taiwan: 'TW',
  russia: 'RU',
  iran: 'IR',
  syria: 'SY',
  'east timor': 'TL',
  'timor-leste': 'TL',
  brunei: 'BN',
  'brunei darussalam': 'BN',
  prc: 'CN',
  'united states': 'US',
  usa: 'US',
  uk: 'GB',
  'united kingdom': 'GB',
  'ivory coast': 'CI',
  'czech republic': 'CZ',
  palestine: 'PS',
  'democratic republic of the congo': 'CD',
  'dr congo': 'CD',
  'republic of the congo': 'CG',
  congo: 'CG',
  bolivia: 'BO',
  venezuela: 'VE',
  tanzania: 'TZ',
  moldova: 'MD',
  'cape verde': 'CV',
  swaziland: 'SZ',
  eswatini: 'SZ',
  'the gambia': 'GM',
  gambia: 'GM',
  'the bahamas': 'BS',
  micronesia: 'FM',
  kosovo: 'XK',
  'vatican city': 'VA',
  'north macedonia': 'MK',
  macedonia: 'MK',
  turkey: 'TR',
  türkiye: 'TR',
};

const countryCache = new Map<string, string | null>();

/** ISO 3166-1 alpha-2 code (upper case) of a code or English/Chinese country name; null when unknown. */
export function countryCode(value: string): string | null {
  const key = value.trim().toLowerCase();
  if (!key) return null;
  const cached = countryCache.get(key);
  if (cached !== undefined) return cached;
  let code: string | null = null;
  if (/^[a-z]{2}$/.test(key)) code = key === 'xk' || countries.isValid(key.toUpperCase()) ? key.toUpperCase() : null;
  else if (/^[a-z]{3}$/.test(key)) code = countries.alpha3ToAlpha2(key.toUpperCase()) ?? null;
  if (!code)
    code = COUNTRY_ALIASES[key] ?? countries.getAlpha2Code(value.trim(), 'en') ?? countries.getAlpha2Code(value.trim(), 'zh') ?? null;
  countryCache.set(key, code);
  return code;
}

export interface ParsedDate {
  year: number;
  month: number | null;
  day: number | null;
  text: string;
}

export function parseDate(value: string): ParsedDate | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value.trim());
  if (!match) return null;
  return { year: Number(match[1]), month: match[2] ? Number(match[2]) : null, day: match[3] ? Number(match[3]) : null, text: match[0] };
}

export interface QualifierInput {
  birthDates?: readonly string[] | undefined;
  nationalities?: readonly string[] | undefined;
  gender?: string | null | undefined;
  identifiers?: readonly string[] | undefined;
  schema: string;
}

const PERSON_LIKE = new Set(['Person', 'LegalEntity']);

/** The facts of a record, parsed once (an entry when it is indexed, a query when it is asked). */
export interface Facts {
  schema: string;
  dates: ParsedDate[];
  nationalities: Set<string>;
  gender: 'male' | 'female' | null;
  identifiers: Set<string>;
}

export function prepareFacts(input: QualifierInput): Facts {
  return {
    schema: input.schema,
    dates: (input.birthDates ?? []).map(parseDate).filter((d): d is ParsedDate => d !== null),
    nationalities: new Set((input.nationalities ?? []).map(countryCode).filter((c): c is string => c !== null)),
    gender: normaliseGender(input.gender),
    identifiers: new Set((input.identifiers ?? []).map(normaliseIdentifier).filter((id) => id.length >= 4)),
  };
}

/** Adjustments of a name score from the other facts of both records, each explained. */
export function qualify(query: Facts, entry: Facts): FeatureExplanation[] {
  const out: FeatureExplanation[] = [];

  if (
    query.schema !== entry.schema &&
    !(PERSON_LIKE.has(query.schema) && PERSON_LIKE.has(entry.schema)) &&
    query.schema !== 'LegalEntity' &&
    entry.schema !== 'LegalEntity'
  ) {
    out.push({ code: 'schema_mismatch', value: 1, effect: -0.3, detail: `${query.schema} against ${entry.schema}` });
  }

  const qDates = query.dates;
  const eDates = entry.dates;
  if (qDates.length && eDates.length) {
    const found: FeatureExplanation[] = [];
    const consider = (feature: FeatureExplanation): void => {
      found.push(feature);
    };
    for (const q of qDates) {
      for (const e of eDates) {
        const full = q.month !== null && q.day !== null && e.month !== null && e.day !== null;
        if (full && q.year === e.year && q.month === e.month && q.day === e.day)
          consider({ code: 'birth_date_exact', value: 1, effect: 0.08, detail: `born ${q.text}` });
        else if (full && q.year === e.year && q.month === e.day && q.day === e.month)
          consider({ code: 'birth_date_swap', value: 1, effect: -0.03, detail: `${q.text} ↔ ${e.text}: day and month swapped` });
        else if (q.year === e.year && (!full || q.month === null || e.month === null))
          consider({ code: 'birth_year', value: 1, effect: 0.03, detail: `born ${q.year}` });
        else if (q.year === e.year)
          consider({ code: 'birth_date_mismatch', value: 0.5, effect: -0.05, detail: `${q.text} ↔ ${e.text}: same year, other day` });
        else if (Math.abs(q.year - e.year) === 1)
          consider({ code: 'birth_date_mismatch', value: 0.7, effect: -0.08, detail: `${q.text} ↔ ${e.text}: one year apart` });
        else consider({ code: 'birth_date_mismatch', value: 1, effect: -0.18, detail: `${q.text} ↔ ${e.text}` });
      }
    }
    const best = found.sort((x, y) => y.effect - x.effect)[0];
    if (best) out.push(best);
  }

  const qNat = query.nationalities;
  const eNat = entry.nationalities;
  if (qNat.size && eNat.size) {
    const shared = [...qNat].filter((code) => eNat.has(code));
    if (shared.length) out.push({ code: 'nationality_match', value: 1, effect: 0.02, detail: shared.join(', ') });
    else out.push({ code: 'nationality_mismatch', value: 1, effect: -0.07, detail: `${[...qNat].join(', ')} ↔ ${[...eNat].join(', ')}` });
  }

  const g1 = query.gender;
  const g2 = entry.gender;
  if (g1 && g2 && g1 !== g2) out.push({ code: 'gender_mismatch', value: 1, effect: -0.1, detail: `${g1} ↔ ${g2}` });

  const qIds = query.identifiers;
  const eIds = entry.identifiers;
  if (qIds.size && eIds.size) {
    const shared = [...qIds].filter((id) => eIds.has(id));
    if (shared.length) out.push({ code: 'identifier_match', value: 1, effect: 0.3, detail: `identifier ${shared[0]}` });
    else out.push({ code: 'identifier_mismatch', value: 1, effect: -0.05, detail: 'identifiers differ' });
  }
  return out;
}

export function normaliseGender(value: string | null | undefined): 'male' | 'female' | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'male' || v === 'm' || v === '1') return 'male';
  if (v === 'female' || v === 'f' || v === '2') return 'female';
  return null;
}

export const normaliseIdentifier = (value: string): string => value.toUpperCase().replace(/[^0-9A-Z]/g, '');
