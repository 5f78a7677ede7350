import { t } from './i18n';

/** Seconds as a person reads a wait: "45 s", "1 min 24 s", "2 h 5 min"; null (no such step) is "—", never 0. */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return t('dur.s', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? t('dur.ms', { m, s: s % 60 }) : t('dur.m', { m });
  const h = Math.floor(m / 60);
  return m % 60 ? t('dur.hm', { h, m: m % 60 }) : t('dur.h', { h });
}
