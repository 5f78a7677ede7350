import { type Alert, type Celebration, TOKEN_ROLES, type Wording } from '@floorpulse/shared';
import { fmtCount } from './format';
import { type MessageKey, t } from './i18n';
import { en } from './messages-en';
import { roster } from './roster-names';

const known = (key: string): key is MessageKey => key in en;

/** Who a text is about, by id: the page's roster names them as they are now. */
export interface Subject {
  agentId?: string | undefined;
  teamId?: string | undefined;
}

/**
 * The names as the roster has them now, over the ones the server wrote when the rule fired: an admin's
 * rename shows on the cards already up. An agent or team the page's roster does not list keeps the
 * server's value (its id).
 */
function liveNames(s: Subject): Record<string, string> {
  const a = s.agentId !== undefined ? roster.agents.get(s.agentId) : undefined;
  const tm = s.teamId !== undefined ? roster.teams.get(s.teamId) : undefined;
  return { ...(a ? { agent: a.name } : {}), ...(tm ? { team: tm.name } : {}) };
}

/** A default rule's text in the screen's language, or null (a reworded or custom rule: the server's text stands). */
export function worded(w: Wording | undefined, about: Subject = {}): string | null {
  if (!w) return null;
  const key = `rule.${w.rule}`;
  if (!known(key)) return null;
  const { metric, amount, message, rule } = w.vars;
  const metricKey = `metric.${metric}`;
  // A violation names its compliance rule (frequency_cap): in words, not as the id QA or FloorPulse sent.
  const complianceKey = `compliance.${rule}`;
  return t(key, {
    ...w.vars,
    ...liveNames(about),
    ...(known(metricKey) ? { metric: t(metricKey) } : {}),
    ...(known(complianceKey) ? { rule: t(complianceKey) } : {}),
    amountText: typeof amount === 'number' ? t('rule.amountText', { amount: fmtCount(amount) }) : '',
    message: typeof message === 'string' && message !== '' ? t('rule.quote', { text: message }) : '',
  });
}

export const alertText = (a: Alert): string => worded(a.wording, a) ?? a.title;

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

export const celebrationText = (c: Celebration): string => worded(c.wording, c) ?? (c.detail || c.title);

/**
 * Who a celebration is about, as the wall names them: the agent, else the team, by the roster's name
 * as it is now (the id for one the roster does not list). One place, for every card, merged or not.
 */
export const celebrationWho = (c: Celebration): string => {
  if (c.agentId !== undefined) return roster.name(c.agentId);
  if (c.teamId !== undefined) return roster.teamName(c.teamId);
  // A contest's shared win (a tie) names every winner: the server's names, as it decided (docs/rules.md, "Contests").
  return c.kind === 'contest' ? String(c.wording?.vars.winners ?? c.title) : '';
};

/** A shipped rule's name in the screen's language; an admin's own rule by its id (its title is the admin's). */
export function ruleName(id: string): string {
  const key = `ruleName.${id}`;
  return known(key) ? t(key) : id;
}

/** A rule in a list: a shipped one by its name in the screen's language, an admin's own by the title they gave it. */
export function ruleTitle(r: { id: string; title: string }): string {
  const key = `ruleName.${r.id}`;
  return known(key) ? t(key) : r.title;
}

/**
 * Who did something, as the server records it (`by`): a person by their login, a machine token by its
 * role in words ("admin" → "Token: Administrator"), never the bare role code.
 */
export function actorText(by: string): string {
  return (TOKEN_ROLES as readonly string[]).includes(by) ? t('topbar.token', { role: t(`role.${by}` as MessageKey) }) : by;
}
