import { AVERAGE_KEYS, type MetricKey, RATE_KEYS } from '@floorpulse/shared';
import { locale } from './i18n';
import { meta } from './meta';

/** The sign of "no data": a rate whose denominator is 0 (BRIEF: never NaN, never a fake 0). */
export const NO_DATA = '—';

export function isRate(metric: MetricKey): boolean {
  return (RATE_KEYS as readonly string[]).includes(metric);
}

/** 0.4321 → "43.2%" (en) / "43.2%" (zh-CN); null → "—". */
export function fmtRate(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NO_DATA;
  return new Intl.NumberFormat(locale.value, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** A target: as few decimals as it needs ("≥ 30%", "≤ 0.3%"). */
export function fmtTarget(metric: MetricKey, v: number): string {
  if (!isRate(metric)) return fmtCount(v);
  return new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

export function fmtCount(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NO_DATA;
  return new Intl.NumberFormat(locale.value, { maximumFractionDigits: 0 }).format(v);
}

/** Averages of scores (satisfaction 4.3, QA 86.5): one decimal; null → "—". */
export function fmtAverage(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NO_DATA;
  return new Intl.NumberFormat(locale.value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
}

/**
 * An amount in the floor's currency (config CURRENCY, via GET /api/v1/meta), formatted for the locale
 * ("¥38,048"; "$1,200"). The narrow symbol: the floor has one currency, and "CN¥" costs a TV tile two
 * characters. Whole units: a wall is read from 5 m.
 */
export function fmtMoney(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NO_DATA;
  if (!meta.currency) return fmtCount(v);
  return new Intl.NumberFormat(locale.value, {
    style: 'currency',
    currency: meta.currency,
    currencyDisplay: 'narrowSymbol',
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }).format(v);
}

export function fmtMetric(metric: MetricKey, v: number | null | undefined): string {
  if (metric === 'revenue') return fmtMoney(v);
  if ((AVERAGE_KEYS as readonly string[]).includes(metric)) return fmtAverage(v);
  return isRate(metric) ? fmtRate(v) : fmtCount(v);
}

/** Times are the floor's: formatted in FLOOR_TZ whatever the browser's own zone. */
export function fmtTime(at: number | string, opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' }): string {
  return new Intl.DateTimeFormat(locale.value, { timeZone: meta.floorTz, hourCycle: 'h23', ...opts }).format(new Date(at));
}

export function fmtDateTime(at: number | string): string {
  return fmtTime(at, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function fmtBucket(at: number, bucket: '15m' | '1h' | '1d'): string {
  return bucket === '1d' ? fmtTime(at, { month: '2-digit', day: '2-digit', weekday: 'short' }) : fmtDateTime(at);
}
