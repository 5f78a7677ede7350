import type { ClickHouseClient } from '@clickhouse/client';
import type { BacktestAnswer, Firing, Scope, StoredEvent } from '@floorpulse/shared';
import { AgentDirectory } from '../agents/agent-directory.js';
import type { RosterView } from '../agents/roster.js';
import { EventRuleEngine, ViolationIndex } from '../pipeline/rules/event-rule-engine.js';
import { HourlyCounts } from '../pipeline/rules/hourly-counts.js';
import { liveNumbers } from '../pipeline/rules/live-numbers.js';
import { MetricRuleEngine } from '../pipeline/rules/metric-rule-engine.js';
import type { Rule } from '../pipeline/rules/rule.js';
import { subjectIds } from '../pipeline/rules/subjects.js';
import { startOfLocalDay } from '../pipeline/time/local-day.js';
import { contributionOf, type Thresholds } from '../pipeline/windows/contribution.js';
import { WindowStore } from '../pipeline/windows/window-store.js';
import { eventsBetween } from '../storage/events-repo.js';

const HOUR = 3_600_000;
/** The replay's clock step: sustain and clears are resolved to the minute. */
const STEP = 60_000;
/** A month of history at most per run: the replay reads every event of the period. */
export const MAX_BACKTEST_MS = 31 * 24 * HOUR;
const MAX_LISTED = 1000;

/** The rule cannot be replayed (streaks depend on goals that change over time). HTTP → 400. */
export class BacktestUnsupportedError extends Error {}

/**
 * "How many times would this rule have fired, when and for whom?" (docs/rules.md, "Backtest"). Replays the
 * history in call_events through the same window store, hourly counts and rule engines as the
 * live pipeline, minute by minute on a virtual clock, and lists the firings in [from, to).
 */
export async function backtest(
  o: { client: ClickHouseClient; zone: string; thresholds: Thresholds; bucketMs: number; roster: RosterView },
  rule: Rule,
  fromMs: number,
  toMs: number,
): Promise<BacktestAnswer> {
  if (rule.trigger === 'streak') throw new BacktestUnsupportedError('rule: streak rules cannot be backtested');
  const windows = new WindowStore({ bucketMs: o.bucketMs, zone: o.zone });
  const hourly = new HourlyCounts({ zone: o.zone, thresholds: o.thresholds, keepHours: 26 });
  // Its own directory, fed by the replay: an agent's team is the one it had at that point of history;
  // who is a robot line, today's roster (a rule for people is tried on today's people).
  const agents = new AgentDirectory(o.roster);
  const teamOf = agents.teamOf;
  const violations = new ViolationIndex();
  const engine = new MetricRuleEngine({
    rules: () => [{ ...rule, enabled: true }],
    numbers: liveNumbers(windows, hourly),
    scopes: () => windows.scopes(),
    agents,
    zone: o.zone,
  });
  // Every event replayed as if it had arrived when it happened: none is late, so no live horizon.
  const events = new EventRuleEngine({
    rules: () => [{ ...rule, enabled: true }],
    violations,
    zone: o.zone,
    agents,
    horizonMs: Number.POSITIVE_INFINITY,
  });
  const firings: Firing[] = [];
  const open = new Map<Scope, Firing>();
  let fired = 0;
  const record = (f: Firing) => {
    fired++;
    if (firings.length < MAX_LISTED) firings.push(f);
  };

  const seedFrom = Math.min(startOfLocalDay(fromMs, o.zone), fromMs - ((rule.consecutiveHours ?? 1) + 1) * HOUR);
  const read = reader(eventsBetween(o.client, seedFrom, toMs));
  const feed = (batch: StoredEvent[], now: number) => {
    windows.evict(now);
    const changed = windows.add(
      batch.map((e) => contributionOf(e, o.thresholds)),
      now,
    );
    hourly.add(batch);
    agents.noteStored(batch);
    return changed;
  };
  // Seed (the day so far and the hours the rule looks back on) without evaluating: firings count from `from` on.
  const seed = await read(fromMs);
  for (const e of seed) if (e.type === 'compliance.flag' && e.severity === 'violation') violations.add(e.callId, e.ts);
  feed(seed, fromMs);

  for (let t = Math.min(fromMs + STEP, toMs); ; t = Math.min(t + STEP, toMs)) {
    const batch = await read(t);
    const changed = feed(batch, t);
    for (const s of events.evaluate(batch, t)) {
      if (s.at >= fromMs && s.at < toMs)
        record({ at: new Date(s.at).toISOString(), subject: s.subject, teamId: s.teamId, agentId: s.agentId, callIds: s.evidence.callIds });
    }
    if (rule.trigger === 'metric') {
      const hourEdge =
        hourly.hourStart(t) !== hourly.hourStart(t - STEP) || startOfLocalDay(t, o.zone) !== startOfLocalDay(t - STEP, o.zone);
      const scopes = hourEdge ? null : new Set([...changed, ...engine.watched()]);
      for (const s of engine.evaluate(scopes, t)) {
        if (s.kind === 'clear') {
          const f = open.get(s.subject);
          if (f) f.clearedAt = new Date(t).toISOString();
          open.delete(s.subject);
          continue;
        }
        const f: Firing = {
          at: new Date(t).toISOString(),
          subject: s.subject,
          ...subjectIds(s.subject, teamOf),
          value: s.evidence.value,
          sample: s.evidence.sample,
        };
        open.set(s.subject, f);
        record(f);
      }
    }
    if (t >= toMs) break;
  }
  return {
    ruleId: rule.id,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    fired,
    firings,
    truncated: fired > firings.length,
  };
}

/** Reads events in ts order in steps: `read(before)` returns the next events with ts < before. */
function reader(pages: AsyncGenerator<StoredEvent[]>): (before: number) => Promise<StoredEvent[]> {
  let buf: StoredEvent[] = [];
  let i = 0;
  let done = false;
  return async (before) => {
    const out: StoredEvent[] = [];
    for (;;) {
      while (i < buf.length && buf[i]!.ts < before) out.push(buf[i++]!);
      if (i < buf.length || done) break;
      const next = await pages.next();
      if (next.done) done = true;
      else {
        buf = next.value;
        i = 0;
      }
    }
    return out;
  };
}
