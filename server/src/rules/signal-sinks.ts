import type { Celebration, CelebrationKind, Scope } from '@floorpulse/shared';
import type { AgentLookup } from '../agents/agent-directory.js';
import { groupKey, joinOccurrence, severityFor } from '../alerts/alert-groups.js';
import type { AlertService, OpenAlert } from '../alerts/alert-service.js';
import type { CelebrationLedger } from '../celebrations/celebration-ledger.js';
import type { Claims } from '../cluster/claims.js';
import { localDate } from '../goals/goal-periods.js';
import type { StreakSignal } from '../pipeline/rules/detect-streaks.js';
import type { EventSignal } from '../pipeline/rules/event-rule-engine.js';
import type { MetricSignal } from '../pipeline/rules/metric-rule-engine.js';
import { formatValue, type Rule, renderMessage } from '../pipeline/rules/rule.js';
import { subjectIds } from '../pipeline/rules/subjects.js';
import { wordingOf } from './wording.js';

/** Read from metres away: 38,880 not 38880. The floor's currency is not in the event, so no symbol. */
const AMOUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export interface Sinks {
  alerts: AlertService;
  ledger: CelebrationLedger;
  /** Teams of agents, and the names the texts use (the roster's, else the ids: agents/agent-directory.ts). */
  agents: Pick<AgentLookup, 'teamOf' | 'nameOf' | 'teamNameOf'>;
  zone: string;
  /** Several processes: one alert id per (rule, subject) episode, whichever process fired first. */
  claims?: Claims | undefined;
}

const levelOf = (s: Scope) => (s === 'floor' ? 'floor' : s.startsWith('team:') ? 'team' : 'agent') as 'floor' | 'team' | 'agent';

function celebrationKind(rule: Rule): CelebrationKind {
  if (rule.trigger === 'sale') return 'sale';
  if (rule.trigger === 'streak') return 'streak';
  // A robot line's day is a milestone of the floor (hot leads screened), not a person's achievement.
  return rule.scope.level === 'agent' && rule.scope.channel !== 'robot' ? 'achievement' : 'milestone';
}

/**
 * Turns signals into alerts and celebrations. The ids are what makes them exactly-once:
 * metric alerts `<rule>:<scope>:<opened at>` (a restart re-arms the open ones instead of opening
 * new ones), daily celebrations `<rule>:<scope>:<local day>`, event ones `<rule>:<event id>` (an event
 * alert is named after the occurrence that opened its group; later ones join it).
 */
export class SignalSinks {
  /** (rule, subject) → the alert its active condition opened, for the automatic resolve. */
  private readonly active = new Map<string, string>();

  constructor(private readonly s: Sinks) {}

  rearm(ruleId: string, subject: Scope, alertId: string): void {
    this.active.set(`${ruleId}|${subject}`, alertId);
  }

  /** People first: the texts name the agent and the team as the roster does, by id when it does not list them. */
  private names(ids: { teamId?: string | undefined; agentId?: string | undefined }) {
    return {
      agent: ids.agentId === undefined ? undefined : this.s.agents.nameOf(ids.agentId),
      team: ids.teamId === undefined ? undefined : this.s.agents.teamNameOf(ids.teamId),
    };
  }

  async metric(sig: MetricSignal): Promise<void> {
    const { rule, subject, evidence } = sig;
    const ids = subjectIds(subject, this.s.agents.teamOf);
    const metric = evidence.metric ?? rule.metric;
    const vars = {
      ...this.names(ids),
      rule: rule.id,
      metric,
      value: metric && typeof evidence.value === 'number' ? formatValue(metric, evidence.value) : '—',
      threshold: metric && evidence.threshold !== undefined ? formatValue(metric, evidence.threshold) : undefined,
    };
    const key = `${rule.id}|${subject}`;
    if (rule.kind === 'celebration') {
      if (sig.kind === 'clear') return;
      await this.s.ledger.fire(
        this.celebration(`${rule.id}:${subject}:${localDate(sig.at, this.s.zone)}`, rule, ids, vars, sig.at),
        rule.id,
      );
      return;
    }
    if (sig.kind === 'clear') {
      const id = this.active.get(key);
      this.active.delete(key);
      if (id) await this.s.alerts.autoResolve(id);
      if (id) await this.s.claims?.drop(`episode:${key}`, id);
      return;
    }
    // Each process steps the rule at its own moments, so `sig.at` differs between them: the first one's id is everyone's.
    const own = `${rule.id}:${subject}:${sig.at}`;
    const id = this.s.claims ? await this.s.claims.hold(`episode:${key}`, own) : own;
    this.active.set(key, id);
    await this.s.alerts.open({
      id,
      ruleId: rule.id,
      level: levelOf(subject),
      severity: rule.severity,
      ...ids,
      title: renderMessage(rule.message, vars),
      evidence: { ...evidence, rule: rule.id },
      ...wordingOf(rule, vars),
    });
  }

  async event(sig: EventSignal): Promise<void> {
    const { rule } = sig;
    // The screens' wording gets the raw values (amount, the agent's own help text); the English text its formatted ones.
    const raw = { ...sig.vars, ...this.names({ agentId: sig.agentId, teamId: sig.teamId }) };
    const vars = {
      ...raw,
      amountText: typeof sig.vars.amount === 'number' ? ` (${AMOUNT.format(sig.vars.amount)})` : '',
      message: sig.vars.message ? `: “${sig.vars.message}”` : '',
    };
    const ids =
      rule.scope.level === 'floor'
        ? {}
        : rule.scope.level === 'team'
          ? { teamId: sig.teamId }
          : { teamId: sig.teamId, agentId: sig.agentId };
    if (rule.kind === 'celebration') {
      await this.s.ledger.fire(this.celebration(sig.id, rule, ids, vars, sig.at, raw), rule.id);
      return;
    }
    // One alert per (rule, subject) while it is unresolved: this occurrence joins it (alert-groups.ts).
    const at = new Date(sig.at).toISOString();
    const input: OpenAlert = {
      id: sig.id,
      ruleId: rule.id,
      level: levelOf(sig.subject),
      severity: severityFor(rule, 1),
      ...ids,
      title: renderMessage(rule.message, vars),
      evidence: { ...sig.evidence, window: { from: at, to: at }, count: 1 },
      ...wordingOf(rule, raw),
    };
    // Several processes: all agree on one group per (rule, subject) while it is open, whichever opened it (claims hold).
    const held = this.s.claims ? await this.s.claims.hold(`group:${groupKey(input)}`, sig.id) : sig.id;
    await this.s.alerts.openGrouped({ ...input, id: held }, (cur, now) => joinOccurrence(cur, input, rule, now), sig.id);
  }

  async streak(sig: StreakSignal): Promise<void> {
    const teamId = this.s.agents.teamOf(sig.agentId);
    const vars = { ...this.names({ agentId: sig.agentId, teamId }), days: sig.days, rule: sig.rule.id };
    const id = `${sig.rule.id}:agent:${sig.agentId}:${localDate(sig.dayStart, this.s.zone)}`;
    await this.s.ledger.fire(
      this.celebration(id, sig.rule, { agentId: sig.agentId, ...(teamId ? { teamId } : {}) }, vars, sig.at),
      sig.rule.id,
    );
  }

  private celebration(
    id: string,
    rule: Rule,
    ids: { teamId?: string; agentId?: string },
    vars: Record<string, string | number | undefined>,
    at: number,
    raw = vars,
  ): Celebration {
    const amount = typeof vars.amount === 'number' ? { amount: vars.amount } : {};
    return {
      id,
      kind: celebrationKind(rule),
      ...ids,
      title: rule.title,
      detail: renderMessage(rule.message, vars),
      ...amount,
      at: new Date(at).toISOString(),
      ...wordingOf(rule, raw),
    };
  }
}
