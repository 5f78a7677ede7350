import type { Alert, AlertChange } from '@floorpulse/shared';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { escalations } from '../../server/src/alerts/alert-escalation.js';
import { rule } from './rules-harness.js';

/** Virtual time starts at 0: an alert opened at `openedMs` of it, as the rules stage would publish it. */
const alert = (id: string, ruleId: string, extra: Partial<Alert> = {}, openedMs = 0): Alert => ({
  id,
  ruleId,
  level: 'agent',
  severity: ruleId === 'help' ? 'critical' : 'warning',
  teamId: 'north',
  agentId: 'n1',
  title: id,
  status: 'open',
  openedAt: new Date(openedMs).toISOString(),
  updatedAt: new Date(openedMs).toISOString(),
  evidence: {},
  ...extra,
});
const RULES = new Map([
  ['help', rule('help')],
  ['violation', rule('violation')],
  ['agent-reminders-today', rule('agent-reminders-today')],
]);

function run(marbles: string, values: Record<string, AlertChange>, expected: string, expectedValues: Record<string, string>): void {
  const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
  ts.run(({ hot, expectObservable }) => {
    const changes$ = hot<AlertChange>(marbles, values);
    expectObservable(escalations({ changes$, ruleOf: (id) => RULES.get(id), scheduler: ts })).toBe(expected, expectedValues);
  });
}

describe('escalation in virtual time: the shipped rules escalate help and critical alerts after 120 s without an ack', () => {
  it('a help request nobody acknowledges escalates at 120 s', () => {
    run('h', { h: { kind: 'new', alert: alert('help:1', 'help') } }, '120s e', { e: 'help:1' });
  });

  it('an ack at 60 s, a snooze at 30 s or a resolve stop it', () => {
    const open = alert('help:1', 'help');
    run(
      'a 59999ms b',
      { a: { kind: 'new', alert: open }, b: { kind: 'update', alert: { ...open, status: 'acknowledged', acknowledgedBy: 'lin' } } },
      '',
      {},
    );
    run('a 29999ms b', { a: { kind: 'new', alert: open }, b: { kind: 'update', alert: { ...open, status: 'snoozed' } } }, '', {});
    run('a 9999ms b', { a: { kind: 'new', alert: open }, b: { kind: 'update', alert: { ...open, status: 'resolved' } } }, '', {});
  });

  it('a snooze that runs out after the deadline makes it escalate at once; an escalated alert is not escalated again', () => {
    const open = alert('help:1', 'help');
    run(
      'a 9999ms b 299999ms c 9ms d',
      {
        a: { kind: 'new', alert: open },
        b: { kind: 'update', alert: { ...open, status: 'snoozed' } },
        c: { kind: 'update', alert: { ...open, status: 'open' } },
        d: { kind: 'escalated', alert: { ...open, escalatedAt: new Date(310_000).toISOString() } },
      },
      '310s e',
      { e: 'help:1' },
    );
  });

  it('a warning violation waits; the join that makes the group critical at 200 s escalates it then (open since 0)', () => {
    const v = alert('violation:1', 'violation');
    run(
      'a 199999ms b',
      { a: { kind: 'new', alert: v }, b: { kind: 'update', alert: { ...v, severity: 'critical', evidence: { count: 3 } } } },
      '200s e',
      { e: 'violation:1' },
    );
  });

  it('a critical group joined at 60 s keeps its deadline at 120 s from opening', () => {
    const v = alert('violation:2', 'violation', { severity: 'critical' });
    run('a 59999ms b', { a: { kind: 'new', alert: v }, b: { kind: 'update', alert: { ...v, evidence: { count: 4 } } } }, '120s e', {
      e: 'violation:2',
    });
  });

  it('a rule without escalateAfterSeconds never escalates, even critical; two alerts run their own timers', () => {
    run(
      'a 29999ms b',
      {
        a: { kind: 'new', alert: alert('help:1', 'help') },
        b: { kind: 'new', alert: alert('m:1', 'agent-reminders-today', { severity: 'critical' }, 30_000) },
      },
      '120s e',
      { e: 'help:1' },
    );
    run(
      'a 9999ms b',
      { a: { kind: 'new', alert: alert('help:1', 'help') }, b: { kind: 'new', alert: alert('help:2', 'help', {}, 10_000) } },
      '120s e 9999ms f',
      {
        e: 'help:1',
        f: 'help:2',
      },
    );
  });
});
