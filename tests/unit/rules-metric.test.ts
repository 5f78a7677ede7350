import { describe, expect, it } from 'vitest';
import { answered, ended, flag, HOUR, MIN, metricHarness, outcome, repeat, rule } from './rules-harness.js';

const DAY0 = Date.UTC(2026, 2, 2); // a Monday, zone UTC in these tests
const at = (h: number, m = 0, s = 0) => DAY0 + h * HOUR + m * MIN + s * 1000;

/** n ended calls in hour h, `early` of them customer hang-ups under 30 s. */
const hour = (h: number, n: number, early: number, agentId = 'a1') =>
  repeat(n, (i) => ended(at(h, 1 + i), i < early ? 10 : 90, { agentId }, i < early ? 'customer' : 'agent'));

describe('agent-hangups-3h: hang-up rate above 30% in each of 3 consecutive hours', () => {
  it('fires when the last 3 full hours are each above 30% with the minimum sample', () => {
    const h = metricHarness([rule('agent-hangups-3h')]);
    expect(h.step([...hour(9, 10, 4), ...hour(10, 10, 4), ...hour(11, 10, 4)], at(11, 59))).toEqual([]);
    expect(h.tick(at(12, 0, 10))).toEqual(['fire:agent-hangups-3h:agent:a1']);
  });

  it('does not fire when an hour is below the minimum sample of 10 ended calls', () => {
    const h = metricHarness([rule('agent-hangups-3h')]);
    h.add([...hour(9, 10, 9), ...hour(10, 9, 9), ...hour(11, 10, 9)], at(11, 59));
    expect(h.tick(at(12, 0, 10))).toEqual([]);
  });

  it('does not fire when one of the hours is at or under 30%', () => {
    const h = metricHarness([rule('agent-hangups-3h')]);
    h.add([...hour(9, 10, 4), ...hour(10, 10, 3), ...hour(11, 10, 4)], at(11, 59));
    expect(h.tick(at(12, 0, 10))).toEqual([]);
  });

  it('waits for the sustain before firing', () => {
    const h = metricHarness([rule('agent-hangups-3h', { sustainSeconds: 600 })]);
    h.add([...hour(9, 10, 4), ...hour(10, 10, 4), ...hour(11, 10, 4)], at(11, 59));
    expect(h.tick(at(12, 0, 10))).toEqual([]);
    expect(h.tick(at(12, 9, 0))).toEqual([]);
    expect(h.tick(at(12, 10, 10))).toEqual(['fire:agent-hangups-3h:agent:a1']);
  });

  it('resolves itself when a good hour ends the run, and respects the cooldown before firing again', () => {
    const h = metricHarness([rule('agent-hangups-3h', { cooldownSeconds: 6 * 3600 })]);
    h.add([...hour(9, 10, 4), ...hour(10, 10, 4), ...hour(11, 10, 4), ...hour(12, 10, 0)], at(12, 59));
    expect(h.tick(at(12, 0, 10))).toEqual(['fire:agent-hangups-3h:agent:a1']);
    expect(h.tick(at(13, 0, 10))).toEqual(['clear:agent-hangups-3h:agent:a1']);
    h.add(
      [13, 14, 15, 16, 17].flatMap((x) => hour(x, 10, 5)),
      at(17, 59),
    );
    expect(h.tick(at(16, 0, 10))).toEqual([]); // bad again since 13–15, but 4 h after firing: cooling down
    expect(h.tick(at(18, 0, 10))).toEqual(['fire:agent-hangups-3h:agent:a1']); // 6 h after the first firing
  });

  it('uses local clock hours: in Asia/Kolkata (+05:30) the hours start at :30 UTC', () => {
    const h = metricHarness([rule('agent-hangups-3h')], 'Asia/Kolkata');
    const utc = (hh: number, mm: number) => DAY0 + hh * HOUR + mm * MIN;
    // Local 09:00–12:00 = 03:30–06:30 UTC.
    const calls = [3.5, 4.5, 5.5].flatMap((x) =>
      repeat(10, (i) => ended(DAY0 + x * HOUR + (i + 1) * MIN, i < 4 ? 10 : 90, {}, i < 4 ? 'customer' : 'agent')),
    );
    h.add(calls, utc(6, 29));
    expect(h.tick(utc(6, 29))).toEqual([]);
    expect(h.tick(utc(6, 30))).toEqual(['fire:agent-hangups-3h:agent:a1']);
  });
});

describe('agent-reminders-today: more than 5 compliance reminders today', () => {
  const reminders = (n: number, h0 = 9) => repeat(n, (i) => flag(at(h0, i), 'script_reminder', 'reminder'));
  it('fires at the 6th reminder, not at the 5th', () => {
    const h = metricHarness([rule('agent-reminders-today')]);
    const rs = reminders(6);
    expect(h.step(rs.slice(0, 5), at(9, 5))).toEqual([]);
    expect(h.step(rs.slice(5), at(9, 6))).toEqual(['fire:agent-reminders-today:agent:a1']);
  });
  it('waits for the sustain', () => {
    const h = metricHarness([rule('agent-reminders-today', { sustainSeconds: 300 })]);
    expect(h.step(reminders(6), at(9, 6))).toEqual([]);
    expect(h.tick(at(9, 10))).toEqual([]);
    expect(h.tick(at(9, 11))).toEqual(['fire:agent-reminders-today:agent:a1']);
  });
  it('resolves itself at local midnight, fires again the next day, but not inside the cooldown', () => {
    const h = metricHarness([rule('agent-reminders-today')]);
    expect(h.step(reminders(6), at(9, 6))).toEqual(['fire:agent-reminders-today:agent:a1']);
    expect(h.step(reminders(1, 10), at(10, 1))).toEqual([]); // still active: no second alert
    expect(h.tick(at(24, 0, 10))).toEqual(['clear:agent-reminders-today:agent:a1']);
    expect(h.step(reminders(6, 33), at(33, 6))).toEqual(['fire:agent-reminders-today:agent:a1']);
    const c = metricHarness([rule('agent-reminders-today', { cooldownSeconds: 2 * 86_400 })]);
    c.step(reminders(6), at(9, 6));
    c.tick(at(24, 0, 10));
    expect(c.step(reminders(6, 33), at(33, 6))).toEqual([]);
  });
});

describe('team-complaint-rate: above 0.3% today with at least 200 answered', () => {
  const ans = (n: number, teamId = 't1') => repeat(n, (i) => answered(at(9) + i * 1000, { teamId, agentId: `a${i % 5}` }));
  const complaint = (m: number) => flag(at(9, m), 'complaint', 'reminder');
  it('fires at 1 complaint in 200 answered (0.5%)', () => {
    const h = metricHarness([rule('team-complaint-rate')]);
    expect(h.step([...ans(200), complaint(30)], at(9, 31))).toContain('fire:team-complaint-rate:team:t1');
  });
  it('does not fire below the minimum sample (1 complaint in 199 answered)', () => {
    const h = metricHarness([rule('team-complaint-rate')]);
    expect(h.step([...ans(199), complaint(30)], at(9, 31))).toEqual([]);
  });
  it('waits for the sustain', () => {
    const h = metricHarness([rule('team-complaint-rate', { sustainSeconds: 60 })]);
    expect(h.step([...ans(200), complaint(30)], at(9, 31))).toEqual([]);
    expect(h.tick(at(9, 32))).toEqual(['fire:team-complaint-rate:team:t1']);
  });
  it('resolves itself when more answered calls bring it to 0.25%, and cools down for an hour', () => {
    const h = metricHarness([rule('team-complaint-rate')]);
    h.step([...ans(200), complaint(30)], at(9, 31));
    const more = repeat(200, (i) => answered(at(9, 40) + i * 1000, { agentId: 'b1' }));
    expect(h.step(more, at(9, 45))).toEqual(['clear:team-complaint-rate:team:t1']);
    expect(h.step([complaint(50)], at(9, 51))).toEqual([]); // 2/400 = 0.5% again, 20 min after firing
    expect(h.tick(at(10, 32))).toEqual(['fire:team-complaint-rate:team:t1']);
  });
});

describe('agent-achievement: effective rate above 45% or conversion above 20% today', () => {
  it('fires on an effective rate of 50% over 20 ended calls', () => {
    const h = metricHarness([rule('agent-achievement')]);
    expect(
      h.step(
        repeat(20, (i) => ended(at(9, i), i < 10 ? 75 : 20, {}, 'agent')),
        at(9, 30),
      ),
    ).toEqual(['fire:agent-achievement:agent:a1']);
  });
  it('fires on a conversion of 25% over 20 answered calls (the second condition)', () => {
    const h = metricHarness([rule('agent-achievement')]);
    const evs = [...repeat(20, (i) => answered(at(9, i))), ...repeat(5, (i) => outcome(at(9, 30 + i), 'sale'))];
    expect(h.step(evs, at(9, 40))).toEqual(['fire:agent-achievement:agent:a1']);
  });
  it('does not fire below the minimum sample (19 ended, all effective)', () => {
    const h = metricHarness([rule('agent-achievement')]);
    expect(
      h.step(
        repeat(19, (i) => ended(at(9, i), 75, {}, 'agent')),
        at(9, 30),
      ),
    ).toEqual([]);
  });
  it('waits for the sustain and clears at midnight', () => {
    const h = metricHarness([rule('agent-achievement', { sustainSeconds: 120 })]);
    expect(
      h.step(
        repeat(20, (i) => ended(at(9, i), 75, {}, 'agent')),
        at(9, 30),
      ),
    ).toEqual([]);
    expect(h.tick(at(9, 32))).toEqual(['fire:agent-achievement:agent:a1']);
    expect(h.tick(at(24, 0, 10))).toEqual(['clear:agent-achievement:agent:a1']);
  });
});

describe('team-leads-milestone: a team reaches 300 leads today', () => {
  const leads = (n: number) => repeat(n, (i) => outcome(at(9) + i * 1000, 'lead', { agentId: `r${i % 3}` }));
  it('fires at 300, not at 299', () => {
    const h = metricHarness([rule('team-leads-milestone')]);
    const all = leads(300);
    expect(h.step(all.slice(0, 299), at(10))).toEqual([]);
    expect(h.step(all.slice(299), at(10, 1))).toEqual(['fire:team-leads-milestone:team:t1']);
  });
  it('limited to some teams, ignores the others', () => {
    const h = metricHarness([rule('team-leads-milestone', { scope: { level: 'team', teams: ['t2'] } })]);
    expect(h.step(leads(300), at(10))).toEqual([]);
  });
  it('resolves (for the engine) at midnight and cools down', () => {
    const h = metricHarness([rule('team-leads-milestone', { cooldownSeconds: 86_400 * 2, sustainSeconds: 0 })]);
    expect(h.step(leads(300), at(10))).toEqual(['fire:team-leads-milestone:team:t1']);
    expect(h.tick(at(24, 0, 10))).toEqual(['clear:team-leads-milestone:team:t1']);
    expect(
      h.step(
        repeat(300, (i) => outcome(at(34) + i * 1000, 'lead')),
        at(35),
      ),
    ).toEqual([]);
  });
});
