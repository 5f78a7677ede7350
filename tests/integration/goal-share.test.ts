import { goalProgressAnswerSchema, meAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { person, type Session } from '../helpers/people.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

// Wednesday 16 December 2026, 09:00 in Shanghai. December has 23 working days Monday to Friday; 11 are gone
// (1–4, 7–11, 14–15), 12 are left from today (16–18 this week, 21–25, 28–31).
const NOW = Date.parse('2026-12-16T01:00:00Z');
const DAY = 86_400_000;

describe("a monthly goal's weekly and daily share, through the goals API and /me", () => {
  const clock = testClock(NOW);
  let server: TestServer;
  let agent: Session;

  beforeAll(async () => {
    server = await startServer({
      dataDir: tempDataDir('goal-share'),
      scheduler: clock,
      env: { FLOOR_TZ: 'Asia/Shanghai', CALL_HOURS: '09:00-18:00', WORKING_DAYS: '1,2,3,4,5' },
    });
    // 27 sales on the first days of the month (the SQL part), 2 this morning before 09:00 (the live part).
    const sale = (i: number, ts: number) => ({
      id: `gs-${i}`,
      type: 'call.outcome',
      ts,
      teamId: 'north',
      agentId: 'a1',
      callId: `c-${i}`,
      channel: 'human',
      outcome: 'sale',
    });
    const events = [
      ...Array.from({ length: 27 }, (_, i) => sale(i, Date.parse('2026-12-02T04:00:00Z') + (i % 9) * DAY)),
      sale(100, NOW - 1_800_000),
      sale(101, NOW - 600_000),
      sale(102, Date.parse('2026-11-30T04:00:00Z')), // November: not this month's
    ];
    expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);
    const put = await fetch(`${server.url}/api/v1/goals`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        goals: [
          { scope: 'agent:a1', metric: 'sales', period: 'month', target: 60 },
          { scope: 'agent:a1', metric: 'sales', period: 'day', target: 3 },
        ],
      }),
    });
    expect(put.status).toBe(200);
    await fetch(`${server.url}/api/v1/roster/agents/a1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '王芳', teamId: 'north', channel: 'human', active: true }),
    });
    agent = await person(server.url, { login: 'wf', name: '王芳', role: 'agent', agentId: 'a1', password: 'wf-password-1' });
  });
  afterAll(() => server?.stopAll());

  it('shares what is left over the working days left, as computed by hand', async () => {
    const res = await get(`${server.url}/api/v1/goals/progress?scope=agent:a1`);
    expect(res.status).toBe(200);
    const progress = goalProgressAnswerSchema.parse(res.body).progress;
    const month = progress.find((g) => g.period === 'month')!;
    expect(month.value).toBe(29);
    // 60 − 27 before today = 33 to do, over 12 working days: 2.75 a day, 8.25 over this week's 3.
    expect(month.share).toEqual({
      workingDays: 23,
      workingDaysLeft: 12,
      perDay: 2.75,
      perWeek: 8.25,
      today: 2,
      expected: 28.7,
      onPace: true,
    });
    expect(progress.find((g) => g.period === 'day')!.share).toBeUndefined();
  });

  it('turns behind when the pro-rata line passes the value, on /me too', async () => {
    // 18:00: today's calling hours are over, 12 working days of 23 gone: 60 × 12 / 23 = 31.3; 29 is 2 behind.
    clock.set(NOW + 9 * 3_600_000);
    const res = await fetch(`${server.url}/api/v1/me`, { headers: agent.headers });
    expect(res.status).toBe(200);
    const month = meAnswerSchema.parse(await res.json()).goals.find((g) => g.period === 'month')!;
    expect(month.share?.expected).toBeCloseTo((60 * 12) / 23, 2);
    expect(month.share?.onPace).toBe(false);
    expect(month.onPace).toBe(false);
  });
});
