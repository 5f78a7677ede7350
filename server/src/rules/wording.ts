import type { Wording } from '@floorpulse/shared';
import type { Rule } from '../pipeline/rules/rule.js';
import { defaultRules } from './rule-book.js';

/** Default rule id → its title and message as shipped. */
const SHIPPED = new Map(defaultRules().map((r) => [r.id, `${r.title}\n${r.message}`]));

/**
 * The wording of a default rule nobody reworded: its id and the raw values (a screen in zh-CN words
 * it itself). A reworded or an admin's own rule gets none: its text is the admin's, in their language.
 */
export function wordingOf(rule: Rule, vars: Record<string, string | number | undefined>): { wording?: Wording } {
  if (SHIPPED.get(rule.id) !== `${rule.title}\n${rule.message}`) return {};
  const kept: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(vars)) if (v !== undefined && v !== '') kept[k] = v;
  return { wording: { rule: rule.id, vars: kept } };
}
