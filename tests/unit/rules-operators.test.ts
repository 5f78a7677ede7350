import type { Scope, StoredEvent } from '@floorpulse/shared';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { detectStreaks } from '../../server/src/pipeline/rules/detect-streaks.js';
import { evaluateMetricRules } from '../../server/src/pipeline/rules/evaluate-metric-rules.js';
import { flag, metricHarness, repeat, rule } from './rules-harness.js';

const fmt = map((s: { kind: string; rule: { id: string }; subject: string; at: number }) => `${s.kind}:${s.rule.id}:${s.subject}@${s.at}`);
const reminders = (n: number, ts = 1000) => repeat(n, () => flag(ts, 'script_reminder', 'reminder'));

describe('evaluateMetricRules (virtual time)', () => {
  it('emits nothing and completes when no events arrive', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const h = metricHarness([rule('agent-reminders-today')]);
    scheduler.run(({ cold, expectObservable }) => {
      const out = cold<{ scopes: Set<Scope> }>('----|').pipe(evaluateMetricRules({ engine: h.engine, scheduler, tickMs: 2 }));
      expectObservable(out).toBe('----|');
    });
  });

  it('fires on the batch that crosses the threshold, once', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const h = metricHarness([rule('agent-reminders-today')]);
    scheduler.run(({ cold, expectObservable }) => {
      const src = cold<StoredEvent[]>('a-b-c|', { a: reminders(5), b: reminders(1), c: reminders(1) }).pipe(
        map((evs) => ({ scopes: h.add(evs, scheduler.now() + 1000) })),
      );
      expectObservable(src.pipe(evaluateMetricRules({ engine: h.engine, scheduler, tickMs: 100 }), fmt)).toBe('--x--|', {
        x: 'fire:agent-reminders-today:agent:a1@2',
      });
    });
  });

  // The batch at frame 0 is not yet inside the window ending at now = 0: it first holds on the 1 s tick.
  it('fires on a tick once the sustain has elapsed, without new events', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const h = metricHarness([rule('agent-reminders-today', { sustainSeconds: 5 })]);
    scheduler.run(({ cold, expectObservable }) => {
      const src = cold<StoredEvent[]>('a 9999ms |', { a: reminders(6) }).pipe(map((evs) => ({ scopes: h.add(evs, 2000) })));
      expectObservable(src.pipe(evaluateMetricRules({ engine: h.engine, scheduler, tickMs: 1000 }), fmt)).toBe('6000ms x 3999ms |', {
        x: 'fire:agent-reminders-today:agent:a1@6000',
      });
    });
  });

  it('clears on the first tick after local midnight (auto-resolve) and stops ticking with its source', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const h = metricHarness([rule('agent-reminders-today')]);
    const DAY = 86_400_000;
    scheduler.run(({ cold, expectObservable }) => {
      // Six reminders at ts 0; hourly ticks; day 1 begins at 24 h, when "today" is empty again.
      const src = cold<StoredEvent[]>('a 107999999ms |', { a: reminders(6, 0) }).pipe(map((evs) => ({ scopes: h.add(evs, 0) })));
      expectObservable(src.pipe(evaluateMetricRules({ engine: h.engine, scheduler, tickMs: 3_600_000 }), fmt)).toBe(
        '3600000ms x 82799999ms y 21599999ms |',
        {
          x: 'fire:agent-reminders-today:agent:a1@3600000',
          y: `clear:agent-reminders-today:agent:a1@${DAY}`,
        },
      );
    });
  });

  it('stops on early unsubscribe and passes errors through', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const h = metricHarness([rule('agent-reminders-today')]);
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold<{ scopes: Set<Scope> }>('--#');
      expectObservable(src.pipe(evaluateMetricRules({ engine: h.engine, scheduler, tickMs: 1 }))).toBe('--#');
      const long = cold<{ scopes: Set<Scope> }>('------|');
      expectObservable(long.pipe(evaluateMetricRules({ engine: h.engine, scheduler, tickMs: 1 })), '---!').toBe('---');
      expectSubscriptions(long.subscriptions).toBe(['^--!']);
    });
  });
});

describe('detectStreaks (virtual time)', () => {
  const DAY = 86_400_000;
  it('fires once per agent per day when today and the 2 days before met the daily goal', async () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const metDays = new Set([DAY, 2 * DAY]); // days 1 and 2; today is day 3
    const out: string[] = [];
    scheduler.run(({ cold }) => {
      cold('a-a-b|', { a: { scopes: new Set<Scope>(['agent:a1']) }, b: { scopes: new Set<Scope>(['agent:a2']) } })
        .pipe(
          detectStreaks({
            rules: () => [rule('daily-goal-streak')],
            metToday: () => true,
            metOn: async (a, d) => a === 'a1' && metDays.has(d),
            agents: { teamOf: () => 't1', isRobot: () => false },
            zone: 'UTC',
            scheduler: { now: () => 3 * DAY + 3_600_000 + scheduler.now(), schedule: scheduler.schedule.bind(scheduler) },
          }),
        )
        .subscribe((s) => out.push(`${s.agentId}:${s.dayStart / DAY}:${s.days}`));
    });
    await new Promise((r) => setImmediate(r));
    expect(out).toEqual(['a1:3:3']);
  });

  it('does not fire while today is not met', async () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const out: unknown[] = [];
    scheduler.run(({ cold }) => {
      cold('a|', { a: { scopes: new Set<Scope>(['agent:a1']) } })
        .pipe(
          detectStreaks({
            rules: () => [rule('daily-goal-streak')],
            metToday: () => false,
            metOn: async () => true,
            agents: { teamOf: () => 't1', isRobot: () => false },
            zone: 'UTC',
            scheduler,
          }),
        )
        .subscribe((s) => out.push(s));
    });
    await new Promise((r) => setImmediate(r));
    expect(out).toEqual([]);
  });
});
