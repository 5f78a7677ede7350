import { REPORT_METRICS, type ReportFormat, type ReportMetric, type ReportStats, reportChange } from '@floorpulse/shared';
import { fmtDuration } from './duration';
import { fmtAverage, fmtCount, fmtMoney, fmtRate, fmtTime, NO_DATA } from './format';
import { locale, type MessageKey, t } from './i18n';
import { en } from './messages-en';
import { meta } from './meta';

/** A report value as its format reads ("43.2%", "¥1,250", "1 min 24 s"); null → "—". */
export function fmtReport(format: ReportFormat, v: number | null): string {
  switch (format) {
    case 'share':
      return fmtRate(v);
    case 'money':
      return fmtMoney(v);
    case 'seconds':
      return fmtDuration(v);
    case 'score':
      return fmtAverage(v);
    default:
      return fmtCount(v);
  }
}

const signed = (n: number, opts: Intl.NumberFormatOptions) =>
  new Intl.NumberFormat(locale.value, { signDisplay: 'exceptZero', ...opts }).format(n);

/** The change column: "+5.0 pp" for a share, "+2 (+100%)" for a count; "—" when a side has no value. */
export function fmtChange(m: ReportMetric, now: number | null, before: number | null): string {
  const c = reportChange(m, now, before);
  if (c.delta === null) return NO_DATA;
  if (m.format === 'share') return t('report.pp', { n: signed(c.delta * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
  if (m.format === 'seconds') return `${c.delta < 0 ? '−' : c.delta > 0 ? '+' : ''}${fmtDuration(Math.abs(c.delta))}`;
  const delta =
    m.format === 'money' && meta.currency
      ? signed(c.delta, { style: 'currency', currency: meta.currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 })
      : signed(c.delta, { maximumFractionDigits: m.format === 'score' ? 1 : 0 });
  return c.relative === null ? delta : `${delta} (${signed(c.relative, { style: 'percent', maximumFractionDigits: 0 })})`;
}

/** Good, bad or neither, for the change's colour: a rise in hang-ups is bad. */
export function changeTone(m: ReportMetric, now: number | null, before: number | null): 'good' | 'bad' | '' {
  const c = reportChange(m, now, before);
  if (c.delta === null || c.delta === 0 || m.better === null) return '';
  // A share's change shows to 0.1 pp: one that reads "0.0 pp" is no change, not a red one.
  if (m.format === 'share' && Math.abs(c.delta) < 0.0005) return '';
  return c.delta > 0 === (m.better === 'up') ? 'good' : 'bad';
}

/**
 * The label of a report line: the report's own word where it needs one (a rate beside its count: the wall's
 * tile says "30 s hang-ups" for both), else the metric's.
 */
export function reportLabel(key: string): string {
  const own = `report.metric.${key}`;
  return t((own in en ? own : `metric.${key}`) as MessageKey);
}

/** A report's period in the floor's zone, as the floor reads it: "Mon 30/11 00:00 – Tue 01/12 22:45". */
export function fmtPeriod(from: string, to: string): string {
  const opts: Intl.DateTimeFormatOptions = { weekday: 'short', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
  return `${fmtTime(from, opts)} – ${fmtTime(to, opts)}`;
}

export const lineValue = (m: ReportMetric, s: ReportStats | null): number | null => (s ? m.value(s) : null);
export { REPORT_METRICS };
