import {
  type Celebration,
  type ContestBoard,
  contestAnswerSchema,
  contestBoardSchema,
  contestSqlAnswerSchema,
  contestsAnswerSchema,
} from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_GRACE_MS } from '../../server/src/contests/contests-service.js';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { createDisplay, person } from '../helpers/people.js';
import { connectScreen, type Screen } from '../helpers/realtime-client.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

// 14:00 in Shanghai, the floor's zone: the contests below run 14:00-15:00 local.
const FROM = Date.parse('2026-11-20T06:00:00Z');
const TO = FROM + 3_600_000;
const MIN = 60_000;

const sale = (id: string, agentId: string, teamId: string, ts: number, extra: object = {}) => ({
  id,
  type: 'call.outcome',
  ts,
  teamId,
  agentId,
  callId: `c-${id}`,
  channel: 'human',
  outcome: 'sale',
  ...extra,
});
const effective = (id: string, agentId: string, teamId: string, ts: number, talkSeconds = 75) => ({
  id,
  type: 'call.ended',
  ts,
  teamId,
  agentId,
  callId: `c-${id}`,
  channel: 'human',
  answered: true,
  talkSeconds,
  hangupBy: 'agent',
});

describe('contests: a time-boxed race, counted live, decided from SQL and celebrated once', () => {
  const clock = testClock(FROM - 5 * MIN);
  const dataDir = tempDataDir('contests');
  let server: TestServer;
  const celebrations: Celebration[] = [];
  let screen: Screen;
  let latest: ContestBoard[] = [];

  const send = async (events: object[]) => expect((await post(`${server.url}/api/v1/events`, events)).body).toMatchObject({ rejected: [] });
  const create = (body: object, token: string = TOKENS.SUPERVISOR_TOKEN) => post(`${server.url}/api/v1/contests`, body, token);
  const onWall = (id: string) => latest.find((b) => b.contest.id === id);
  const stored = async (id: string) =>
    (await get(`${server.url}/api/v1/contests`)).body.contests.find((b: ContestBoard) => b.contest.id === id);
  const decided = (id: string) => eventually(`contest ${id} decided`, async () => ((await stored(id))?.result ? await stored(id) : null));
  const celebrationsOf = async (id: string) => {
    const rs = await server.store.client.query({
      query: 'SELECT count() AS n FROM celebrations WHERE id = {id:String}',
      query_params: { id: `contest:${id}` },
      format: 'JSONEachRow',
    });
    return Number((await rs.json<{ n: number }>())[0]!.n);
  };
  /** The hand-written reference: sales of people by team over [from, to). */
  const sqlSales = async (from: number, to: number) => {
    const rs = await server.store.client.query({
      query: `SELECT team_id, count() AS n FROM call_events
              WHERE type = 'call.outcome' AND outcome = 'sale' AND channel != 'robot'
                AND ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
              GROUP BY team_id ORDER BY team_id`,
      query_params: { from, to },
      format: 'JSONEachRow',
    });
    return Object.fromEntries((await rs.json<{ team_id: string; n: number }>()).map((r) => [`team:${r.team_id}`, Number(r.n)]));
  };
  const putRoster = async (path: string, body: object) =>
    expect(
      (
        await fetch(`${server.url}/api/v1/roster/${path}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    ).toBe(200);
  const start = async () => {
    server = await startServer({ dataDir, scheduler: clock });
    server.app.celebrations$.subscribe((c) => celebrations.push(c));
    screen = await connectScreen(server.url, { token: TOKENS.VIEWER_TOKEN });
    screen.on('contests:update', (b) => (latest = b));
    const ack = await screen.emitWithAck('contests:subscribe', {});
    if (!ack.ok) throw new Error(ack.error);
    latest = ack.data;
  };
  const stop = async () => {
    screen.close();
    await server.stop();
  };

  beforeAll(async () => {
    await start();
    await putRoster('teams/north', { name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: [] });
    await putRoster('teams/south', { name: '南区二组', timeZone: 'Asia/Shanghai', supervisors: [] });
    await putRoster('agents/WangFang', { name: '王芳', teamId: 'north', channel: 'human', active: true });
    await putRoster('agents/LiWei', { name: '李伟', teamId: 'north', channel: 'human', active: true });
    await putRoster('agents/bot-1', { name: 'Robot 1', teamId: 'north', channel: 'robot', active: true });
    await putRoster('agents/ZhaoMin', { name: '赵敏', teamId: 'south', channel: 'human', active: true });
  });
  afterAll(stop);

  const teamRace = {
    name: 'Afternoon sales sprint',
    kind: 'teams',
    metric: 'sales',
    from: new Date(FROM).toISOString(),
    to: new Date(TO).toISOString(),
    participants: ['team:north', 'team:south'],
  };

  it('refuses a bad contest with a 400 naming the field, and a viewer with a 403', async () => {
    const bad = async (body: object) => (await create(body)).body.error as string;
    expect(await bad({ ...teamRace, name: '' })).toMatch(/^name: /);
    expect(await bad({ ...teamRace, metric: 'dialed' })).toMatch(/^metric: /);
    expect(await bad({ ...teamRace, to: teamRace.from })).toBe('to: must be after from');
    expect(await bad({ ...teamRace, participants: ['team:north'] })).toMatch(/^participants: /);
    expect(await bad({ ...teamRace, participants: ['team:north', 'team:nowhere'] })).toBe('participants: no team nowhere in the roster');
    expect(await bad({ ...teamRace, kind: 'agents', participants: ['agent:WangFang', 'agent:bot-1'] })).toMatch(/robot line/);
    expect(await bad({ ...teamRace, kind: 'agents', participants: ['agent:WangFang', 'agent:ZhaoMin'] })).toBe(
      'participants: an agents race is inside one team',
    );
    expect(await bad({ ...teamRace, kind: 'target', participants: ['agent:WangFang', 'agent:LiWei'] })).toMatch(/^target: /);
    expect((await create(teamRace, TOKENS.VIEWER_TOKEN)).status).toBe(403);
    // A supervisor person runs contests for the teams they look after, not another's.
    const north = await person(server.url, {
      login: 'zhou.sup',
      name: '周主管',
      role: 'supervisor',
      teams: ['north'],
      password: 'supervisor-pass-123',
    });
    const res = await fetch(`${server.url}/api/v1/contests`, {
      method: 'POST',
      headers: { ...north.headers, 'content-type': 'application/json' },
      body: JSON.stringify(teamRace),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('participants: south is not yours to run a contest for');
  });

  it("a team's TV is not given the floor's races (they show other teams' numbers); the floor's TV is", async () => {
    const team = await connectScreen(server.url, {
      token: (await createDisplay(server.url, { name: 'North TV', scope: 'team:north' })).secret,
    });
    const floor = await connectScreen(server.url, {
      token: (await createDisplay(server.url, { name: 'Floor TV', scope: 'floor' })).secret,
    });
    try {
      expect(await team.emitWithAck('contests:subscribe', {})).toEqual({ ok: false, error: 'not yours to see' });
      expect(await floor.emitWithAck('contests:subscribe', {})).toMatchObject({ ok: true });
    } finally {
      team.close();
      floor.close();
    }
  });

  it('masks a phone number typed into the name: it never reaches a wall', async () => {
    const res = await create({ ...teamRace, name: 'Call 13812345678 first' });
    expect(res.status).toBe(201);
    expect(res.body.contest.contest.name).toBe('Call [phone …5678] first');
    expect(JSON.stringify((await get(`${server.url}/api/v1/contests`)).body)).not.toContain('13812345678');
    expect((await post(`${server.url}/api/v1/contests/${res.body.contest.contest.id}/cancel`, {}, TOKENS.SUPERVISOR_TOKEN)).status).toBe(
      200,
    );
  });

  let raceId = '';
  it('a team race shows live on the wall, counts only [from, to) and people, and equals SQL for its window', async () => {
    const res = await create(teamRace);
    expect(res.status).toBe(201);
    // The answers are the shared contracts the web parses.
    contestAnswerSchema.parse(res.body);
    raceId = res.body.contest.contest.id;
    expect(res.body.contest.status).toBe('scheduled');
    await eventually('the scheduled race on the wall', async () => onWall(raceId));

    clock.set(FROM + 10 * MIN);
    await send([
      sale('n1', 'WangFang', 'north', FROM),
      sale('n2', 'LiWei', 'north', FROM + 5 * MIN, { amount: 300 }),
      // A robot line's sale is not a person's: it never counts for the team.
      { ...sale('r1', 'bot-1', 'north', FROM + 6 * MIN), channel: 'robot' },
      sale('s1', 'ZhaoMin', 'south', FROM + 7 * MIN),
      // Just before the window: not counted.
      sale('s0', 'ZhaoMin', 'south', FROM - 1),
    ]);
    const live = await eventually('north 2, south 1 on the wall', async () => {
      const b = onWall(raceId);
      return b?.status === 'running' && b.standings.find((s) => s.participant === 'team:north')?.value === 2 ? b : null;
    });
    expect(live.standings).toEqual([
      { participant: 'team:north', value: 2 },
      { participant: 'team:south', value: 1 },
    ]);

    clock.set(TO + 1000);
    // The window's last millisecond counts; its end does not.
    await send([sale('s2', 'ZhaoMin', 'south', TO - 1), sale('s3', 'ZhaoMin', 'south', TO), sale('n3', 'WangFang', 'north', TO + 500)]);
    await eventually('south 2 on the wall', async () => (onWall(raceId)?.standings[1]?.value === 2 ? true : null));
    const wall = Object.fromEntries(onWall(raceId)!.standings.map((s) => [s.participant, s.value]));
    expect(wall).toEqual(await sqlSales(FROM, TO));
    contestsAnswerSchema.parse((await get(`${server.url}/api/v1/contests`)).body);
    for (const b of latest) contestBoardSchema.parse(b);
    expect(wall).toEqual({ 'team:north': 2, 'team:south': 2 });
  });

  it('a tie at the close is shared by the tied (docs/rules.md, "Contests — ties"), celebrated once', async () => {
    clock.set(TO + CLOSE_GRACE_MS + 10);
    const board = await decided(raceId);
    expect(board.status).toBe('decided');
    expect(board.result.winners).toEqual(['team:north', 'team:south']);
    expect(board.result.closedAt).toBe(new Date(TO).toISOString());
    const mine = await eventually('the contest celebration', async () => celebrations.find((c) => c.id === `contest:${raceId}`));
    expect(mine).toMatchObject({
      kind: 'contest',
      title: 'Afternoon sales sprint',
      wording: { rule: 'contest', vars: { winners: '北区一组, 南区二组', value: 2 } },
    });
    expect(mine.teamId).toBeUndefined();
    await eventually('the winner on the wall', async () => (onWall(raceId)?.status === 'decided' ? true : null));
    expect(await celebrationsOf(raceId)).toBe(1);
  });

  let targetId = '';
  it('first to N: the earliest to reach it wins at once, before the window ends; the others stand as they were then', async () => {
    const from = TO + 10 * MIN;
    clock.set(from + MIN);
    const res = await create({
      name: '先到三单',
      kind: 'target',
      metric: 'sales',
      target: 3,
      from: new Date(from).toISOString(),
      to: new Date(from + 60 * MIN).toISOString(),
      participants: ['agent:WangFang', 'agent:LiWei'],
    });
    expect(res.status).toBe(201);
    targetId = res.body.contest.contest.id;
    clock.set(from + 20 * MIN);
    const t = (m: number) => from + m * MIN;
    await send([
      sale('t1', 'WangFang', 'north', t(1)),
      sale('t2', 'LiWei', 'north', t(2)),
      sale('t3', 'LiWei', 'north', t(3)),
      sale('t4', 'WangFang', 'north', t(4)),
      // Dated earlier but sent in the same batch: the race goes by event time, not arrival.
      sale('t5', 'WangFang', 'north', t(5)),
      sale('t6', 'LiWei', 'north', t(6)),
      sale('t7', 'LiWei', 'north', t(7)),
    ]);
    const board = await decided(targetId);
    expect(board.result.winners).toEqual(['agent:WangFang']);
    expect(board.result.closedAt).toBe(new Date(t(5)).toISOString());
    expect(board.result.standings).toEqual([
      { participant: 'agent:WangFang', value: 3, reachedAt: new Date(t(5)).toISOString() },
      { participant: 'agent:LiWei', value: 2 },
    ]);
    const won = await eventually('the race celebration', async () => celebrations.find((c) => c.id === `contest:${targetId}`));
    expect(won).toMatchObject({ kind: 'contest', agentId: 'WangFang', detail: '王芳 won 先到三单 with 3 sales' });
    // The history page's SQL, run as an analyst runs it, gives the stored standings.
    const sql = await get(`${server.url}/api/v1/contests/${targetId}/sql`);
    expect(sql.status).toBe(200);
    contestSqlAnswerSchema.parse(sql.body);
    const rs = await server.store.client.query({ query: sql.body.sql, format: 'JSONEachRow' });
    const rows = await rs.json<{ participant: string; value: number }>();
    expect(rows.map((r) => [r.participant, Number(r.value)])).toEqual([
      ['WangFang', 3],
      ['LiWei', 2],
    ]);
  });

  let pendingId = '';
  let cancelledId = '';
  it('a restart announces nothing again, and decides once a contest whose window closed while it was down', async () => {
    const from = TO + 90 * MIN;
    clock.set(from);
    const mk = async (name: string) =>
      (
        await create({
          name,
          kind: 'teams',
          metric: 'effective',
          from: new Date(from).toISOString(),
          to: new Date(from + 30 * MIN).toISOString(),
          participants: ['team:north', 'team:south'],
        })
      ).body.contest.contest.id as string;
    pendingId = await mk('Effective calls');
    cancelledId = await mk('Called off');
    const cancel = await post(`${server.url}/api/v1/contests/${cancelledId}/cancel`, {}, TOKENS.SUPERVISOR_TOKEN);
    expect(cancel.body.contest.status).toBe('cancelled');
    clock.set(from + 10 * MIN);
    await send([
      effective('e1', 'ZhaoMin', 'south', from + MIN),
      effective('e2', 'WangFang', 'north', from + 2 * MIN, 59), // under 60 s: not effective
    ]);
    await eventually('south 1 live', async () =>
      onWall(pendingId)?.standings.find((s) => s.participant === 'team:south')?.value === 1 ? true : null,
    );
    await stop();

    clock.set(from + 30 * MIN + CLOSE_GRACE_MS + 10);
    celebrations.length = 0;
    await start();
    const board = await decided(pendingId);
    expect(board.result.winners).toEqual(['team:south']);
    await eventually('the late celebration', async () => celebrations.find((c) => c.id === `contest:${pendingId}`));
    expect((await stored(cancelledId)).status).toBe('cancelled');
    expect((await stored(cancelledId)).result).toBeUndefined();

    // Once more: everything decided before stays decided, and nothing is celebrated again.
    await stop();
    celebrations.length = 0;
    clock.advance(2000);
    await start();
    await new Promise<void>((resolve) => screen.once('contests:update', () => resolve()));
    expect(celebrations.filter((c) => c.kind === 'contest')).toEqual([]);
    for (const id of [raceId, targetId, pendingId]) expect(await celebrationsOf(id)).toBe(1);
    expect(await celebrationsOf(cancelledId)).toBe(0);
    expect((await post(`${server.url}/api/v1/contests/${pendingId}/cancel`, {}, TOKENS.SUPERVISOR_TOKEN)).status).toBe(409);
  });
});
