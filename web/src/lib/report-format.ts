import { REPORT_METRICS, type ReportFormat, type ReportMetric, type ReportStats, reportChange } from '@floorpulse/shared';
import { fmtDuration } from './duration';
import { fmtAverage, fmtCount, fmtMoney, fmtRate, NO_DATA } from './format';
import { locale, type MessageKey, t } from './i18n';
import { en } from './messages-en';

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
  const delta =
    m.format === 'seconds' || m.format === 'score'
      ? signed(c.delta, { maximumFractionDigits: 1 })
      : signed(c.delta, { maximumFractionDigits: 0 });
  return c.relative === null ? delta : `${delta} (${signed(c.relative, { style: 'percent', maximumFractionDigits: 0 })})`;
}

/** Good, bad or neither, for the change's colour: a rise in hang-ups is bad. */
export function changeTone(m: ReportMetric, now: number | null, before: number | null): 'good' | 'bad' | '' {
  const c = reportChange(m, now, before);
  if (c.delta === null || c.delta === 0 || m.better === null) return '';
  return c.delta > 0 === (m.better === 'up') ? 'good' : 'bad';
}

/** The label of a report line: the metric's own word where the wall has one, else the report's. */
export function reportLabel(key: string): string {
  const own = `metric.${key}`;
  return t((own in en ? own : `report.metric.${key}`) as MessageKey);
}

export const lineValue = (m: ReportMetric, s: ReportStats | null): number | null => (s ? m.value(s) : null);
export { REPORT_METRICS };
