import { t } from './i18n';
import { en } from './messages-en';

/**
 * A compliance finding's rule in the screen's language: FloorPulse's own checks and the QA system's
 * common ones by name; a rule an external QA system named otherwise by its id (it is that system's word).
 */
export function findingName(rule: string): string {
  const key = `finding.${rule}`;
  return key in en ? t(key as keyof typeof en) : rule;
}

/** A call's outcome in the screen's language (the five of the event contract), else as the dialer sent it. */
export function outcomeName(outcome: string): string {
  const key = `callOutcome.${outcome}`;
  return key in en ? t(key as keyof typeof en) : outcome;
}
