import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { EventRuleEngine, ViolationIndex } from '../../server/src/pipeline/rules/event-rule-engine.js';
import { flag, help, outcome, rule } from './rules-harness.js';

const T = Date.UTC(2026, 2, 2, 9);
function engine(rules = [rule('violation'), rule('help'), rule('sale')]) {
  const violations = new ViolationIndex();
  const e = new EventRuleEngine({
    rules: () => rules,
    violations,
    zone: 'UTC',
    agents: { teamOf: () => undefined, isRobot: () => false },
    horizonMs: 15 * 60_000,
  });
  return {
    violations,
    run: (events: StoredEvent[], now = T) =>
      e.evaluate(events, now).map((s) => ({ id: s.id, rule: s.rule.id, subject: s.subject, evidence: s.evidence })),
  };
}

describe('violation: any violation, derived or external, at once', () => {
  it('opens one alert per flag, naming the rule and the call', () => {
    const { run } = engine([rule('violation')]);
    const ext = flag(T, 'script_violation', 'violation', {}, 'call-9');
    const derived = {
      ...flag(T, 'outside_hours', 'violation', {}, 'call-10'),
      id: 'fp:outside_hours:call-10',
      derived: true,
    } as StoredEvent;
    expect(run([ext, derived])).toEqual([
      {
        id: `violation:${ext.id}`,
        rule: 'violation',
        subject: 'agent:a1',
        evidence: { rule: 'script_violation', callIds: ['call-9'], message: 'reported by QA' },
      },
      {
        id: 'violation:fp:outside_hours:call-10',
        rule: 'violation',
        subject: 'agent:a1',
        evidence: { rule: 'outside_hours', callIds: ['call-10'], message: 'derived by FloorPulse' },
      },
    ]);
  });
  it('ignores reminders', () => {
    expect(engine([rule('violation')]).run([flag(T, 'script_reminder', 'reminder')])).toEqual([]);
  });
  it('respects a cooldown per agent when one is set', () => {
    const { run } = engine([rule('violation', { cooldownSeconds: 60 })]);
    expect(run([flag(T, 'x', 'violation')], T)).toHaveLength(1);
    expect(run([flag(T, 'x', 'violation')], T + 30_000)).toHaveLength(0);
    expect(run([flag(T, 'x', 'violation', { agentId: 'a2' })], T + 30_000)).toHaveLength(1);
    expect(run([flag(T, 'x', 'violation')], T + 60_000)).toHaveLength(1);
  });
});

describe('help: help.requested at once', () => {
  it('opens an alert with the agent message as evidence', () => {
    const h = help(T);
    expect(engine([rule('help')]).run([h])).toEqual([
      { id: `help:${h.id}`, rule: 'help', subject: 'agent:a1', evidence: { message: 'lead is angry' } },
    ]);
  });
  it('is silent in quiet hours', () => {
    expect(engine([rule('help', { quietHours: { from: '08:00', to: '10:00' } })]).run([help(T)], T)).toEqual([]);
  });
});

describe('sale: every sale, but none on a call with a violation', () => {
  it('celebrates a sale with a stable id sale:<event id>', () => {
    const s = outcome(T, 'sale', {}, 'call-1', 1200);
    expect(engine([rule('sale')]).run([s])).toEqual([
      { id: `sale:${s.id}`, rule: 'sale', subject: 'agent:a1', evidence: { callIds: ['call-1'] } },
    ]);
  });
  it('does not celebrate a sale whose call was flagged earlier, or in the same batch after it', () => {
    const { run } = engine([rule('sale')]);
    run([flag(T, 'no_consent', 'violation', {}, 'call-1')]);
    expect(run([outcome(T, 'sale', {}, 'call-1')])).toEqual([]);
    expect(run([outcome(T, 'sale', {}, 'call-2'), flag(T, 'x', 'violation', {}, 'call-2')])).toEqual([]);
  });
  it('celebrates when the call only had reminders, and does not celebrate leads', () => {
    const { run } = engine([rule('sale')]);
    run([flag(T, 'script_reminder', 'reminder', {}, 'call-3')]);
    expect(run([outcome(T, 'sale', {}, 'call-3'), outcome(T, 'lead', {}, 'call-4')])).toHaveLength(1);
  });
  it('a flag arriving after the sale does not take the celebration back (documented)', () => {
    const { run } = engine([rule('sale'), rule('violation')]);
    expect(run([outcome(T, 'sale', {}, 'call-5')]).map((s) => s.rule)).toEqual(['sale']);
    expect(run([flag(T + 1000, 'false_claim', 'violation', {}, 'call-5')]).map((s) => s.rule)).toEqual(['violation']);
  });
});

describe('live horizon: events older than 15 min on arrival fire nothing', () => {
  const all = () => engine([rule('violation'), rule('help'), rule('sale')]);
  it('a violation, a help request and a sale from an hour ago open nothing; the same ones 14 min old do', () => {
    const late = T - 60 * 60_000;
    expect(all().run([flag(late, 'x', 'violation'), help(late), outcome(late, 'sale')])).toEqual([]);
    const fresh = T - 14 * 60_000;
    expect(
      all()
        .run([flag(fresh, 'x', 'violation'), help(fresh), outcome(fresh, 'sale')])
        .map((s) => s.rule)
        .sort(),
    ).toEqual(['help', 'sale', 'violation']);
  });
  it('the horizon is measured from the clock at evaluation, not from the event', () => {
    const { run } = all();
    const at = T - 10 * 60_000;
    expect(run([help(at)], T)).toHaveLength(1);
    expect(run([help(at)], T + 6 * 60_000)).toHaveLength(0);
  });
  it('a late violation still keeps a later sale on its call from being celebrated', () => {
    const { run } = all();
    expect(run([flag(T - 2 * 60 * 60_000, 'no_consent', 'violation', {}, 'call-late')])).toEqual([]);
    expect(run([outcome(T, 'sale', {}, 'call-late')])).toEqual([]);
  });
});
