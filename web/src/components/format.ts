import { currentLanguage } from '../i18n/index.ts';

export function formatDateTime(value: string | null | undefined, withSeconds = false): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(currentLanguage(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
  }).format(date);
}

export function formatNumber(value: number | string): string {
  return typeof value === 'number' ? new Intl.NumberFormat(currentLanguage()).format(value) : value;
}

/** A state's name in the interface language, from the ISO 3166-1 alpha-2 code (the browser knows the names). */
export function stateName(code: string): string {
  try {
    return new Intl.DisplayNames([currentLanguage()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Local time as YYYY-MM-DD HH:mm:ss: unambiguous in every language of the region, and sortable by eye. */
export function formatTimestamp(value: string, withSeconds = true): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const day = `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}${withSeconds ? `:${pad(date.getSeconds())}` : ''}`;
  return `${day} ${time}`;
}
