import type { Alert } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../server/src/alerts/alert-actions.js';
import { transition } from '../../server/src/alerts/alert-transitions.js';
import { periodRange } from '../../server/src/goals/goal-periods.js';
import { renderMessage, ruleSchema } from '../../server/src/pipeline/rules/rule.js';
import { defaultRules } from '../../server/src/rules/rule-book.js';

describe('rules as data', () => {
  it('ships the ten default rules, all valid', () => {
    expect(defaultRules().map((r) => `${r.kind}:${r.id}`)).toEqual([
      'alert:agent-hangups-3h',
      'alert:agent-reminders-today',
      'alert:violation',
      'alert:team-complaint-rate',
      'alert:help',
      'celebration:sale',
      'celebration:agent-achievement',
      'celebration:team-leads-milestone',
      'celebration:daily-goal-streak',
      'celebration:robot-hot-leads',
    ]);
  });
  it("keeps the people's rules off robot lines, and the robots' milestone off people", () => {
    const channel = new Map(defaultRules().map((r) => [r.id, r.scope.channel]));
    for (const id of ['agent-hangups-3h', 'agent-reminders-today', 'agent-achievement', 'daily-goal-streak'])
      expect(channel.get(id), id).toBe('human');
    expect(channel.get('robot-hot-leads')).toBe('robot');
  });
  it('refuses a channel on a team or floor rule, naming the field', () => {
    const r = ruleSchema.safeParse({
      id: 'x',
      kind: 'alert',
      title: 't',
      trigger: 'metric',
      metric: 'sales',
      scope: { level: 'team', channel: 'robot' },
      message: 'm',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['scope', 'channel']);
  });
  it('rejects a metric rule without a metric, naming the field', () => {
    const r = ruleSchema.safeParse({ id: 'x', kind: 'alert', title: 't', trigger: 'metric', scope: { level: 'agent' }, message: 'm' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['metric']);
  });
  it('rejects an unknown metric', () => {
    expect(
      ruleSchema.safeParse({
        id: 'x',
        kind: 'alert',
        title: 't',
        trigger: 'metric',
        metric: 'happiness',
        scope: { level: 'agent' },
        message: 'm',
      }).success,
    ).toBe(false);
  });
  it('fills message templates and leaves unknown names', () => {
    expect(renderMessage('{agent} at {value} {nope}', { agent: 'a1', value: '40.0%' })).toBe('a1 at 40.0% {nope}');
  });
});

describe('alert transitions', () => {
  const open: Alert = {
    id: 'a',
    ruleId: 'help',
    level: 'agent',
    severity: 'critical',
    title: 't',
    status: 'open',
    openedAt: 'x',
    updatedAt: 'x',
    evidence: {},
  };
  it('open → acknowledged → snoozed → (snooze ends) acknowledged → resolved', () => {
    const acked = transition(open, 'ack', 0, 'supervisor', { note: 'on it' });
    expect(acked).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'supervisor',
      note: 'on it',
      acknowledgedAt: '1970-01-01T00:00:00.000Z',
    });
    const snoozed = transition(acked, 'snooze', 0, 'supervisor', { minutes: 30 });
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: '1970-01-01T00:30:00.000Z' });
    expect(transition(snoozed, 'unsnooze', 1_800_000, 'system').status).toBe('acknowledged');
    expect(transition(acked, 'resolve', 5, 'supervisor').status).toBe('resolved');
  });
  it('refuses to ack or snooze a resolved alert, and to ack twice', () => {
    const resolved = transition(open, 'resolve', 0, 's');
    expect(() => transition(resolved, 'ack', 0, 's')).toThrow(InvalidTransitionError);
    expect(() => transition(resolved, 'snooze', 0, 's', { minutes: 5 })).toThrow(InvalidTransitionError);
    expect(() => transition(transition(open, 'ack', 0, 's'), 'ack', 0, 's')).toThrow(InvalidTransitionError);
  });
});

describe('goal periods in the floor zone', () => {
  it('day, week (Monday) and month start at local midnight in Asia/Shanghai', () => {
    const now = Date.parse('2026-11-20T03:00:00Z'); // Friday 11:00 local
    const iso = (r: { from: number; to: number }) => [new Date(r.from).toISOString(), new Date(r.to).toISOString()];
    expect(iso(periodRange('day', now, 'Asia/Shanghai'))).toEqual(['2026-11-19T16:00:00.000Z', '2026-11-20T16:00:00.000Z']);
    expect(iso(periodRange('week', now, 'Asia/Shanghai'))).toEqual(['2026-11-15T16:00:00.000Z', '2026-11-22T16:00:00.000Z']);
    expect(iso(periodRange('month', now, 'Asia/Shanghai'))).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
  });
  it('a day across the spring-forward change in America/New_York is 23 hours', () => {
    const r = periodRange('day', Date.parse('2026-03-08T15:00:00Z'), 'America/New_York');
    expect((r.to - r.from) / 3_600_000).toBe(23);
  });
});
