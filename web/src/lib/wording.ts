import type { Alert, Celebration, Wording } from '@floorpulse/shared';
import { fmtCount } from './format';
import { type MessageKey, t } from './i18n';
import { en } from './messages-en';

const known = (key: string): key is MessageKey => key in en;

/** A default rule's text in the screen's language, or null (a reworded or custom rule: the server's text stands). */
export function worded(w: Wording | undefined): string | null {
  if (!w) return null;
  const key = `rule.${w.rule}`;
  if (!known(key)) return null;
  const { metric, amount, message } = w.vars;
  const metricKey = `metric.${metric}`;
  return t(key, {
    ...w.vars,
    ...(known(metricKey) ? { metric: t(metricKey) } : {}),
    amountText: typeof amount === 'number' ? t('rule.amountText', { amount: fmtCount(amount) }) : '',
    message: typeof message === 'string' && message !== '' ? t('rule.quote', { text: message }) : '',
  });
}

export const alertText = (a: Alert): string => worded(a.wording) ?? a.title;

/**
 * Where a violation came from (FloorPulse's own check or QA), in the screen's language; else the
 * evidence's note — except a help request's words, which its worded text already quotes.
 */
export function evidenceNote(a: Alert): string | undefined {
  if (a.wording?.rule === 'help') return undefined;
  const source = a.wording?.vars.source;
  const key = `rule.source.${source}`;
  return typeof source === 'string' && known(key) ? t(key) : a.evidence.message;
}

export const celebrationText = (c: Celebration): string => worded(c.wording) ?? (c.detail || c.title);

/** A shipped rule's name in the screen's language; an admin's own rule by its id (its title is the admin's). */
export function ruleName(id: string): string {
  const key = `ruleName.${id}`;
  return known(key) ? t(key) : id;
}
