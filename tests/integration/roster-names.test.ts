import type { AlertChange, Celebration } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { person } from '../helpers/people.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T03:00:00Z'); // 11:00 in Shanghai
const admin = { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' };

describe("names in the server's own texts (alerts, celebrations, the alert's audit trail)", () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('roster-names');
  let server: TestServer;
  const changes: AlertChange[] = [];
  const celebrations: Celebration[] = [];
  const send = (events: object[]) => post(`${server.url}/api/v1/events`, events);
  const putRoster = async (path: string, body: object) =>
    expect((await fetch(`${server.url}/api/v1/roster/${path}`, { method: 'PUT', headers: admin, body: JSON.stringify(body) })).status).toBe(
      200,
    );

  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock });
    server.app.alerts$.subscribe((c) => changes.push(c));
    server.app.celebrations$.subscribe((c) => celebrations.push(c));
    await putRoster('teams/north', { name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: [] });
    await putRoster('agents/WangFang', { name: '王芳', teamId: 'north', channel: 'human', active: true });
  });
  afterAll(async () => server.stop());

  it('a sale celebrates the person and the team by their roster names; an agent the roster does not list by its id', async () => {
    const sale = (id: string, agentId: string) => ({
      id,
      type: 'call.outcome',
      ts: NOW - 1000,
      teamId: 'north',
      agentId,
      callId: `c-${id}`,
      outcome: 'sale',
    });
    expect((await send([sale('s1', 'WangFang'), sale('s2', 'nc-7781')])).status).toBe(200);
    const both = await eventually('two sale celebrations', async () => (celebrations.length >= 2 ? celebrations : undefined));
    const of = (agentId: string) => both.find((c) => c.agentId === agentId);
    expect(of('WangFang')).toMatchObject({
      kind: 'sale',
      detail: '王芳 (team 北区一组) closed a sale',
      wording: { vars: { agent: '王芳', team: '北区一组' } },
    });
    // The ids stay on the celebration: screens look names up themselves, and counting goes by id.
    expect(of('WangFang')).toMatchObject({ agentId: 'WangFang', teamId: 'north' });
    expect(of('nc-7781')).toMatchObject({ detail: 'nc-7781 (team 北区一组) closed a sale', wording: { vars: { agent: 'nc-7781' } } });
  });

  it("a help request's alert names the person; acknowledging it keeps the supervisor's name beside the login", async () => {
    expect(
      (await send([{ id: 'h1', type: 'help.requested', ts: NOW - 500, teamId: 'north', agentId: 'WangFang', message: 'angry lead' }]))
        .status,
    ).toBe(200);
    const opened = await eventually('help alert', async () => changes.find((c) => c.kind === 'new' && c.alert.id === 'help:h1'));
    expect(opened.alert.title).toContain('王芳');
    expect(opened.alert.title).not.toContain('WangFang');
    expect(opened.alert.wording?.vars).toMatchObject({ agent: '王芳', team: '北区一组' });

    const boss = await person(server.url, { login: 'zhou.sup', name: '周主管', role: 'supervisor', password: 'supervisor-pass-123' });
    const res = await fetch(`${server.url}/api/v1/alerts/help%3Ah1/ack`, {
      method: 'POST',
      headers: { ...boss.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ note: '马上过去' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'zhou.sup', acknowledgedByName: '周主管' });
  });
});
