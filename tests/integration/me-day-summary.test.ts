import { meAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { person, type Session, signIn } from '../helpers/people.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

// 17:30 in Shanghai on 2026-11-20; the north team's shift ends at 18:00 there, the floor runs on New York time:
// the shift end is the team's own zone's (10:00Z), not the floor's.
const BEFORE = Date.parse('2026-11-20T09:30:00Z');
const ENDS = Date.parse('2026-11-20T10:00:00Z');

describe("the team's shift end and the day's summary on /me", () => {
  const clock = testClock(BEFORE);
  let server: TestServer;
  let agent: Session;
  const putTeam = (body: object) =>
    fetch(`${server.url}/api/v1/roster/teams/north`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const me = async () => {
    const res = await fetch(`${server.url}/api/v1/me`, { headers: agent.headers });
    expect(res.status).toBe(200);
    return meAnswerSchema.parse(await res.json());
  };

  beforeAll(async () => {
    server = await startServer({
      dataDir: tempDataDir('me-day-summary'),
      scheduler: clock,
      env: { FLOOR_TZ: 'America/New_York', CALL_HOURS: '00:00-23:59' },
    });
    const put = await fetch(`${server.url}/api/v1/roster/agents/n1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '王芳', teamId: 'north', channel: 'human', active: true }),
    });
    expect(put.status).toBe(200);
    agent = await person(server.url, { login: 'wf', name: '王芳', role: 'agent', agentId: 'n1', password: 'wf-password-1' });
    await post(`${server.url}/api/v1/events`, [
      { id: 's1', type: 'call.dialed', ts: BEFORE - 60_000, teamId: 'north', agentId: 'n1', callId: 'c1', channel: 'human' },
    ]);
  });
  afterAll(() => server?.stopAll());

  it('refuses a shift end that is not HH:MM, naming the field', async () => {
    for (const shiftEnd of ['6pm', '24:00', '18:60', '8:00']) {
      const res = await putTeam({ name: '北区', timeZone: 'Asia/Shanghai', supervisors: [], shiftEnd });
      expect(res.status, shiftEnd).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^shiftEnd: must be a time HH:MM/);
    }
  });

  it('has no shift (null) until one is configured', async () => {
    expect((await putTeam({ name: '北区', timeZone: 'Asia/Shanghai', supervisors: [] })).status).toBe(200);
    expect((await me()).shift).toBeNull();
  });

  it('is not over before the shift end in the team zone, and is over from it on', async () => {
    const res = await putTeam({ name: '北区', timeZone: 'Asia/Shanghai', supervisors: [], shiftEnd: '18:00' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { shiftEnd: string }).shiftEnd).toBe('18:00');
    expect((await me()).shift).toEqual({ end: '18:00', zone: 'Asia/Shanghai', endsAt: new Date(ENDS).toISOString(), over: false });
    clock.set(ENDS - 1);
    expect((await me()).shift?.over).toBe(false);
    clock.set(ENDS);
    agent = await signIn(server.url, 'wf', 'wf-password-1');
    const after = await me();
    expect(after.shift?.over).toBe(true);
    // The day's numbers the summary shows are the page's own `today`.
    expect(after.today.mine.counts.dialed).toBe(1);
  });

  it('keeps the shift end when a change leaves it out (a CSV import has no column for it), and clears it on ""', async () => {
    const csv = await fetch(`${server.url}/api/v1/roster/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'text/csv' },
      body: 'kind,id,name,time_zone\nteam,north,North,Asia/Shanghai\n',
    });
    expect(csv.status).toBe(200);
    const roster = (await (
      await fetch(`${server.url}/api/v1/roster`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } })
    ).json()) as {
      teams: { id: string; name: string; shiftEnd?: string }[];
    };
    expect(roster.teams.find((t) => t.id === 'north')).toMatchObject({ name: 'North', shiftEnd: '18:00' });
    // The export carries it (shift_end), and an export imports unchanged.
    const exported = await (
      await fetch(`${server.url}/api/v1/roster/export.csv`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } })
    ).text();
    expect(exported).toContain('team,north,North,,,,,Asia/Shanghai,,18:00\r\n');
    const csvClear = await fetch(`${server.url}/api/v1/roster/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'text/csv' },
      body: 'kind,id,name,time_zone,shift_end\nteam,north,North,Asia/Shanghai,25:00\n',
    });
    expect(((await csvClear.json()) as { rejected: { error: string }[] }).rejected[0]?.error).toMatch(/^shift_end: must be a time HH:MM/);
    expect((await putTeam({ name: 'North', timeZone: 'Asia/Shanghai', supervisors: [], shiftEnd: '' })).status).toBe(200);
    expect((await me()).shift).toBeNull();
  });
});
