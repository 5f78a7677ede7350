import type { ClickHouseClient } from '@clickhouse/client';
import type { AlertChange, Celebration, Scope, StoredEvent } from '@floorpulse/shared';
import type { Logger } from 'pino';
import {
  catchError,
  concatMap,
  EMPTY,
  from,
  interval,
  map,
  merge,
  type Observable,
  type SchedulerLike,
  type Subject,
  Subscription,
  share,
  tap,
} from 'rxjs';
import type { AgentLookup } from '../agents/agent-directory.js';
import { escalations } from '../alerts/alert-escalation.js';
import { AlertService } from '../alerts/alert-service.js';
import { CelebrationLedger } from '../celebrations/celebration-ledger.js';
import type { Claims } from '../cluster/claims.js';
import type { AlertPeers } from '../cluster/stored-bus.js';
import { violationCallsSince } from '../compliance/compliance-repo.js';
import type { GoalCalendar } from '../goals/goal-share.js';
import { GoalsService } from '../goals/goals-service.js';
import { detectStreaks } from '../pipeline/rules/detect-streaks.js';
import { evaluateMetricRules } from '../pipeline/rules/evaluate-metric-rules.js';
import { EventRuleEngine, ViolationIndex } from '../pipeline/rules/event-rule-engine.js';
import { HourlyCounts } from '../pipeline/rules/hourly-counts.js';
import { liveNumbers } from '../pipeline/rules/live-numbers.js';
import { MetricRuleEngine } from '../pipeline/rules/metric-rule-engine.js';
import type { Rule } from '../pipeline/rules/rule.js';
import { scopesOf, type Thresholds } from '../pipeline/windows/contribution.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { RuleBook } from './rule-book.js';
import { hourlyAgentCounts } from './rules-repo.js';
import { SignalSinks } from './signal-sinks.js';

const HOUR = 3_600_000;
/** Ticks: sustain, snoozes, midnight and hour edges are noticed within 10 s without new events. */
const TICK_MS = 10_000;

export interface RulesStageDeps {
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  windows: WindowStore;
  stored$: Observable<readonly StoredEvent[]>;
  alerts$: Subject<AlertChange>;
  celebrations$: Subject<Celebration>;
  zone: string;
  thresholds: Thresholds;
  /** Working days and calling hours, for monthly goals' daily and weekly shares (goals/goal-share.ts). */
  goalCalendar: GoalCalendar;
  /** Agents' teams (rules limited to teams), robot lines (rules for people or robots) and names (the texts): app.ts keeps it current. */
  agents: AgentLookup;
  log: Logger;
  /** Several processes (server/src/cluster): stored$ then carries every process's batches, and these make each alert and celebration happen once. */
  claims?: Claims | undefined;
  peers?: AlertPeers | undefined;
  /** Masks phone numbers in a supervisor's note (ingest/phone-mask.ts): events are masked at ingest, notes are typed here. */
  maskNote: (note: string) => string;
  /** The shipped rules (rules/defaults.json under the app root). */
  defaults: Rule[];
  /** A signed-in person's name by login (the users): who acknowledged an alert, as screens show it. */
  personName: (login: string) => string | undefined;
  /** Events older than this on arrival fire no event rule (LIVE_HORIZON_MINUTES; pipeline/rules/live-horizon.ts). */
  liveHorizonMs: number;
}

export interface RulesStage {
  rules: RuleBook;
  alerts: AlertService;
  goals: GoalsService;
  /** Calls with a violation (the last two days): points use the celebrations' own predicate (server/src/points/). */
  violations: ViolationIndex;
  /** Exactly-once celebrations: points celebrate a daily goal met through it (server/src/points/). */
  celebrations: CelebrationLedger;
  subscription: Subscription;
}

/**
 * The rules stage (docs/rules.md, "Data path"): loads rules, alerts, goals and the celebration ledger
 * from ClickHouse, rebuilds the per-hour counts and the violation index, then evaluates every stored batch and
 * tick. Alerts and celebrations leave only through alerts$ and celebrations$.
 */
export async function startRulesStage(d: RulesStageDeps): Promise<RulesStage> {
  const now = d.scheduler.now();
  const rules = new RuleBook({ client: d.client, scheduler: d.scheduler, defaults: d.defaults });
  const skipped = await rules.load();
  if (skipped.length) d.log.warn({ skipped }, 'rule overrides that no longer validate were skipped');
  const alerts = new AlertService({
    client: d.client,
    scheduler: d.scheduler,
    alerts$: d.alerts$,
    claims: d.claims,
    peers: d.peers,
    maskNote: d.maskNote,
    personName: d.personName,
  });
  const ledger = new CelebrationLedger({ client: d.client, scheduler: d.scheduler, celebrations$: d.celebrations$, claims: d.claims });
  const goals = new GoalsService({
    client: d.client,
    scheduler: d.scheduler,
    windows: d.windows,
    zone: d.zone,
    thresholds: d.thresholds,
    calendar: d.goalCalendar,
  });
  const [stillOpen] = await Promise.all([alerts.load(), ledger.load(), goals.load()]);

  const hourly = new HourlyCounts({ zone: d.zone, thresholds: d.thresholds, keepHours: 26 });
  for (const r of await hourlyAgentCounts(d.client, { fromMs: now - 25 * HOUR, toMs: now + HOUR, tz: d.zone, ...d.thresholds }))
    hourly.seed(r.agentId, r.hourStart, r.counts);
  const violations = new ViolationIndex();
  for (const v of await violationCallsSince(d.client, now - 48 * HOUR)) violations.add(v.callId, v.ts);

  const metricEngine = new MetricRuleEngine({
    rules: () => rules.all(),
    numbers: liveNumbers(d.windows, hourly),
    scopes: () => d.windows.scopes(),
    agents: d.agents,
    zone: d.zone,
  });
  const eventEngine = new EventRuleEngine({
    rules: () => rules.all(),
    violations,
    zone: d.zone,
    agents: d.agents,
    horizonMs: d.liveHorizonMs,
  });
  const sinks = new SignalSinks({ alerts, ledger, agents: d.agents, zone: d.zone, claims: d.claims });
  // A restart re-arms the conditions whose alerts are still open: they resolve when the condition clears, and do not open twice.
  for (const a of stillOpen) {
    const subject: Scope = a.level === 'floor' ? 'floor' : a.level === 'team' ? `team:${a.teamId}` : `agent:${a.agentId}`;
    if (rules.get(a.ruleId)?.trigger !== 'metric') continue;
    metricEngine.markActive(a.ruleId, subject, Date.parse(a.openedAt));
    sinks.rearm(a.ruleId, subject, a.id);
  }

  const batches$ = d.stored$.pipe(
    tap((events) => {
      hourly.add(events);
      goals.noteStored(events);
    }),
    share(),
  );
  const scopes$ = batches$.pipe(
    map((events) => ({ scopes: new Set(events.flatMap(scopesOf)) })),
    share(),
  );
  const safe =
    <T>(what: string, fn: (v: T) => Promise<void>) =>
    (v: T) =>
      from(fn(v)).pipe(
        catchError((err: unknown) => {
          d.log.error({ err }, `rules: ${what} failed`);
          return EMPTY;
        }),
      );

  const subscription = new Subscription();
  if (d.peers) subscription.add(d.peers.transitions$.pipe(concatMap((t) => alerts.applyPeer(t.alert, t.seq))).subscribe());
  subscription.add(
    merge(
      scopes$.pipe(
        evaluateMetricRules({ engine: metricEngine, scheduler: d.scheduler, tickMs: TICK_MS }),
        concatMap(safe('metric rule', (s) => sinks.metric(s))),
      ),
      batches$.pipe(
        concatMap((events) => eventEngine.evaluate(events, d.scheduler.now())),
        concatMap(safe('event rule', (s) => sinks.event(s))),
      ),
      scopes$.pipe(
        detectStreaks({
          rules: () => rules.all(),
          metToday: (a) => goals.dailyGoalsMetToday(a),
          metOn: (a, day) => goals.dailyGoalsMet(a, day),
          agents: d.agents,
          zone: d.zone,
          scheduler: d.scheduler,
        }),
        concatMap(safe('streak', (s) => sinks.streak(s))),
      ),
    ).subscribe(),
  );
  // Escalation timers: the alerts still open at start, then every change (alerts/alert-escalation.ts).
  subscription.add(
    escalations({
      changes$: merge(from(stillOpen.map((alert): AlertChange => ({ kind: 'update', alert }))), d.alerts$),
      ruleOf: (id) => rules.get(id),
      scheduler: d.scheduler,
    })
      .pipe(concatMap(safe('escalation', async (id: string) => void (await alerts.escalate(id)))))
      .subscribe(),
  );
  subscription.add(
    interval(TICK_MS, d.scheduler)
      .pipe(
        concatMap(
          safe('tick', async () => {
            const t = d.scheduler.now();
            hourly.prune(t);
            violations.prune(t);
            await alerts.wakeSnoozed();
          }),
        ),
      )
      .subscribe(),
  );
  return { rules, alerts, goals, violations, celebrations: ledger, subscription };
}
