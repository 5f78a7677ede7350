import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { contributionOf } from '../../server/src/pipeline/windows/contribution.js';
import { WindowStore } from '../../server/src/pipeline/windows/window-store.js';
import { lcg } from '../helpers/lcg.js';

const t = { earlyHangupSeconds: 30, effectiveSeconds: 60 };
const NOW = Date.parse('2026-11-20T07:30:04.000Z');
const flag = (
  id: string,
  callId: string,
  ts: number,
  severity: 'violation' | 'reminder' = 'violation',
  rule = 'script_violation',
): StoredEvent => ({ id, type: 'compliance.flag', ts, teamId: 't', agentId: 'a', callId, rule, severity });

describe('WindowStore', () => {
  const store = () => new WindowStore({ bucketMs: 10_000, zone: 'Asia/Shanghai' });

  it('reports every rate as null when no call happened', () => {
    const s = store().snapshot('floor', '15m', NOW);
    expect(Object.values(s.rates).every((r) => r === null)).toBe(true);
    expect(s.counts.dialed).toBe(0);
  });

  it('aligns windows to 10 s buckets and states the exact [from, to)', () => {
    const s = store().snapshot('floor', '15m', NOW);
    expect(s.from).toBe('2026-11-20T07:15:10.000Z');
    expect(s.to).toBe('2026-11-20T07:30:10.000Z');
    expect(store().snapshot('floor', 'today', NOW).from).toBe('2026-11-19T16:00:00.000Z');
  });

  it('counts a call with two violation flags once, in every window that holds one of them', () => {
    const w = store();
    w.add(
      [flag('f1', 'c1', NOW - 50 * 60_000), flag('f2', 'c1', NOW - 60_000), flag('f3', 'c2', NOW - 60_000)].map((e) =>
        contributionOf(e, t),
      ),
      NOW,
    );
    expect(w.snapshot('floor', '15m', NOW).counts.violations).toBe(2);
    expect(w.snapshot('floor', '1h', NOW).counts.violations).toBe(2);
  });

  it('counts reminders and complaints per flag', () => {
    const w = store();
    w.add(
      [flag('f1', 'c1', NOW - 1000, 'reminder'), flag('f2', 'c1', NOW - 1000, 'reminder', 'complaint')].map((e) => contributionOf(e, t)),
      NOW,
    );
    expect(w.snapshot('agent:a', '15m', NOW).counts).toMatchObject({ reminders: 2, complaints: 1, violations: 0 });
  });

  it('adds an event older than the last hour to today, not to the sliding windows', () => {
    const w = store();
    const dial: StoredEvent = {
      id: 'd',
      type: 'call.dialed',
      ts: NOW - 3 * 3_600_000,
      teamId: 't',
      agentId: 'a',
      callId: 'c',
      channel: 'robot',
    };
    w.add([contributionOf(dial, t)], NOW);
    expect(w.snapshot('channel:robot', 'today', NOW).counts.dialed).toBe(1);
    expect(w.snapshot('channel:robot', '1h', NOW).counts.dialed).toBe(0);
  });

  it('does not count yesterday in today, and forgets days before yesterday', () => {
    const w = store();
    const yesterday: StoredEvent = {
      id: 'd',
      type: 'call.dialed',
      ts: Date.parse('2026-11-19T15:59:59.000Z'),
      teamId: 't',
      agentId: 'a',
      callId: 'c',
      channel: 'human',
    };
    w.add([contributionOf(yesterday, t)], NOW);
    expect(w.snapshot('floor', 'today', NOW).counts.dialed).toBe(0);
    const muchLater = NOW + 3 * 86_400_000;
    w.evict(muchLater);
    expect(w.size().buckets).toBe(0);
  });

  it('counts exactly like a plain sum over events, however late and out of order they come, batch by batch', () => {
    // Late events make older buckets after newer ones; the changed set names each touched scope once.
    const rnd = lcg(11);
    const ws = store();
    const events: StoredEvent[] = [];
    for (let batch = 0; batch < 40; batch++) {
      const page: StoredEvent[] = [];
      for (let i = 0; i < 50; i++) {
        const late = rnd() < 0.3 ? Math.floor(rnd() * 10 * 60_000) : Math.floor(rnd() * 30_000);
        const ts = NOW - 50 * 60_000 + batch * 70_000 - late;
        page.push({
          id: `e${batch}-${i}`,
          type: 'call.dialed',
          ts,
          teamId: `t${i % 3}`,
          agentId: `a${i % 7}`,
          callId: `c${batch}-${i}`,
          channel: 'human',
        });
      }
      const changed = ws.add(
        page.map((e) => contributionOf(e, t)),
        NOW,
      );
      expect([...changed].sort()).toEqual(
        [...new Set(page.flatMap((e) => ['floor', `team:${e.teamId}`, `agent:${e.agentId}`, 'channel:human']))].sort(),
      );
      events.push(...page);
    }
    // One bucket per (scope, 10 s) that has events, never two.
    const pairs = new Set(
      events.flatMap((e) =>
        ['floor', `team:${e.teamId}`, `agent:${e.agentId}`, 'channel:human'].map((s) => `${s}|${Math.floor(e.ts / 10_000)}`),
      ),
    );
    expect(ws.size().buckets).toBe(pairs.size);
    for (const window of ['15m', '1h'] as const) {
      const { from, to } = ws.range(window, NOW);
      for (const scope of ['floor', 'team:t1', 'agent:a3', 'channel:human'] as const) {
        const expected = events.filter(
          (e) =>
            e.ts >= from &&
            e.ts < to &&
            (scope === 'floor' || scope === 'channel:human' || scope === `team:${e.teamId}` || scope === `agent:${e.agentId}`),
        ).length;
        expect(ws.counts(scope, from, to).dialed, `${scope} ${window}`).toBe(expected);
      }
    }
  });

  it('answers "today" like a plain sum as the clock crosses midnight, with late and early-dated events', () => {
    // "today" is served from a running day total: it must agree with the events at every moment,
    // including events dated up to 5 minutes ahead (outside [from, to) until their bucket comes).
    const rnd = lcg(5);
    const ws = store();
    const events: StoredEvent[] = [];
    const midnight = Date.parse('2026-11-20T16:00:00.000Z'); // 00:00 in Shanghai
    // Three hours: buckets evicted and their slots reused, so a ring index (late events make one) goes stale.
    for (let now = midnight - 40 * 60_000; now < midnight + 140 * 60_000; now += 20_000 + Math.floor(rnd() * 20_000)) {
      const page: StoredEvent[] = [];
      for (let i = 0; i < 6; i++) {
        const ts = now - Math.floor(rnd() * (rnd() < 0.2 ? 90 * 60_000 : 60_000)) + (rnd() < 0.15 ? Math.floor(rnd() * 5 * 60_000) : 0);
        page.push({
          id: `e${events.length + i}`,
          type: 'call.dialed',
          ts,
          teamId: 't',
          agentId: `a${i % 2}`,
          callId: `c${events.length + i}`,
          channel: 'human',
        });
      }
      ws.add(
        page.map((e) => contributionOf(e, t)),
        now,
      );
      ws.evict(now);
      events.push(...page);
      const { from, to } = ws.range('today', now);
      for (const scope of ['floor', 'agent:a1'] as const) {
        const expected = events.filter((e) => e.ts >= from && e.ts < to && (scope === 'floor' || e.agentId === 'a1')).length;
        expect(ws.counts(scope, from, to).dialed, `${scope} at ${new Date(now).toISOString()}`).toBe(expected);
      }
    }
  });
});
