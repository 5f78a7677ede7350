import type { AgentBoard, AgentBoardDelta, AgentRow } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents as agentsSql } from '../../server/src/history/history-repo.js';
import { MAX_ROOMS_PER_SOCKET } from '../../server/src/realtime/subscriptions.js';
import { testClock } from '../helpers/clock.js';
import { person } from '../helpers/people.js';
import { record, type Screen, screenPool, until } from '../helpers/realtime-client.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

// 15:30 in Shanghai: inside the default calling hours, so no dial is a violation by the hour alone.
const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const AGENTS = 500;
const TEAMS = 10;
const agentId = (i: number) => `a${String(i).padStart(3, '0')}`;
const teamId = (i: number) => `t${i % TEAMS}`;
let seq = 0;

/** One call of agent i: dialed, answered, ended after `talk` s, and a sale or a lead for some. */
function call(i: number, at: number, talk: number): object[] {
  const base = { teamId: teamId(i), agentId: agentId(i), callId: `c-${i}-${++seq}`, channel: 'human' };
  const out: object[] = [
    { ...base, id: `e-${++seq}`, type: 'call.dialed', ts: at, phone: `+86139${String(i).padStart(8, '0')}` },
    { ...base, id: `e-${++seq}`, type: 'call.answered', ts: at + 5_000 },
    {
      ...base,
      id: `e-${++seq}`,
      type: 'call.ended',
      ts: at + 5_000 + talk * 1000,
      answered: true,
      talkSeconds: talk,
      hangupBy: i % 3 ? 'agent' : 'customer',
    },
  ];
  if (i % 4 === 0)
    out.push({ ...base, id: `e-${++seq}`, type: 'call.outcome', ts: at + 6_000 + talk * 1000, outcome: i % 8 ? 'lead' : 'sale' });
  return out;
}
const state = (i: number, s: string, ts: number, reason?: string) => ({
  id: `e-${++seq}`,
  type: 'agent.state',
  ts,
  teamId: teamId(i),
  agentId: agentId(i),
  state: s,
  ...(reason ? { reason } : {}),
});

/** A screen's copy of the table: the ack, then each delta's rows over it. */
function follow(screen: Screen): {
  rows: Map<string, AgentRow>;
  deltas: AgentBoardDelta[];
  bytes: () => number;
  start(b: AgentBoard): void;
} {
  const rows = new Map<string, AgentRow>();
  const deltas = record<AgentBoardDelta>(screen, 'agents:delta');
  let applied = 0;
  const apply = () => {
    for (; applied < deltas.length; applied++) {
      const d = deltas[applied]!.data;
      if (d.full) rows.clear();
      for (const r of d.rows) rows.set(r.agentId, r);
      for (const id of d.removed) rows.delete(id);
    }
  };
  screen.on('agents:delta', () => apply());
  return {
    rows,
    get deltas() {
      return deltas.map((d) => d.data);
    },
    bytes: () => deltas.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d.data)), 0),
    start(b) {
      for (const r of b.rows) rows.set(r.agentId, r);
      apply();
    },
  };
}

describe('the supervisors agents table: one feed for every agent', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('agent-board');
  let server: TestServer;
  const screens = screenPool();

  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock });
  });
  afterAll(async () => {
    screens.closeAll();
    await server.stop();
  });

  const ingest = async (events: object[]) => {
    for (let i = 0; i < events.length; i += 1000) {
      const res = await post(`${server.url}/api/v1/events`, events.slice(i, i + 1000));
      expect(res.status).toBe(200);
    }
  };
  /** The SQL of the history agents table (AGENTS_SQL) for the window the board reports. */
  const sqlRows = async (b: { from: string; to: string }, teams: string[] = []) => {
    const { rows } = await agentsSql(server.store.client, {
      fromMs: Date.parse(b.from),
      toMs: Date.parse(b.to),
      teamId: '',
      teams,
      earlyHangupSeconds: server.config.EARLY_HANGUP_SECONDS,
      effectiveSeconds: server.config.EFFECTIVE_SECONDS,
    });
    return rows;
  };
  const sameAsSql = (live: Map<string, AgentRow>, sql: AgentRow[]) =>
    sql.length === live.size && sql.every((r) => JSON.stringify(live.get(r.agentId)) === JSON.stringify(r));

  it('feeds 500 agents to one socket in one room, every row live and equal to SQL', async () => {
    const sup = await screens.connect(server.url, { token: TOKENS.SUPERVISOR_TOKEN });
    const table = follow(sup);
    const ack = await sup.emitWithAck('agents:subscribe', { scope: 'floor' });
    if (!ack.ok) throw new Error(ack.error);
    expect(ack.data.rows).toEqual([]);
    table.start(ack.data);

    // Wave 1: every agent makes a call and has a state; some are on a break with a pause code.
    const wave1: object[] = [];
    for (let i = 0; i < AGENTS; i++) {
      wave1.push(...call(i, NOW - 10 * 60_000 + i * 100, 20 + (i % 90)));
      wave1.push(state(i, i % 5 === 0 ? 'break' : 'available', NOW - 5 * 60_000 + i * 10, i % 5 === 0 ? 'LUNCH' : undefined));
    }
    await ingest(wave1);
    const board = { from: ack.data.from, to: ack.data.to };
    let sql = await sqlRows(board);
    expect(sql).toHaveLength(AGENTS);
    await until(() => sameAsSql(table.rows, sql), 10_000, 'the feed equal to SQL after wave 1');

    // Wave 2: a second call for every agent, and a new state for one in three: the same socket, every row moves.
    const before = table.deltas.length;
    const wave2: object[] = [];
    for (let i = 0; i < AGENTS; i++) {
      wave2.push(...call(i, NOW - 3 * 60_000 + i * 100, 65));
      if (i % 3 === 0) wave2.push(state(i, 'on_call', NOW - 60_000 + i * 10));
    }
    await ingest(wave2);
    sql = await sqlRows(board);
    await until(() => sameAsSql(table.rows, sql), 10_000, 'the feed equal to SQL after wave 2');
    for (const r of sql) expect(r.counts.dialed).toBe(2);
    expect(table.rows.get(agentId(3))?.state).toBe('on_call');
    expect(table.rows.get(agentId(5))).toMatchObject({ state: 'break', stateReason: 'LUNCH' });
    // Deltas, not the table again: wave 2 changed every row, yet only a few emits carried them.
    const wave2Deltas = table.deltas.slice(before);
    expect(wave2Deltas.length).toBeGreaterThan(0);
    expect(wave2Deltas.length).toBeLessThan(40);
    // One room for the whole floor, whatever the number of agents.
    const rooms = (await server.app.io.in(sup.id!).fetchSockets())[0]!.rooms;
    expect([...rooms].filter((r) => r.startsWith('agents|'))).toEqual(['agents|{"scope":"floor"}']);
  });

  it('the old per-agent rooms fail the same test: past 100 agents a subscription is refused', async () => {
    // The path the table used before: one rates room per agent. A socket may hold 100 rooms, so agents 101 to
    // 500 could never be live: their rows would have kept the numbers of the last reload as if they were.
    const old = await screens.connect(server.url, { token: TOKENS.SUPERVISOR_TOKEN });
    const answers = [];
    for (let i = 0; i < AGENTS; i++) answers.push(await old.emitWithAck('subscribe', { scope: `agent:${agentId(i)}`, window: 'today' }));
    expect(answers.filter((a) => a.ok)).toHaveLength(MAX_ROOMS_PER_SOCKET);
    expect(answers[MAX_ROOMS_PER_SOCKET]).toEqual({ ok: false, error: 'too many subscriptions' });
    expect(answers.slice(MAX_ROOMS_PER_SOCKET).every((a) => !a.ok)).toBe(true);
  });

  it("a team's room carries that team's agents only", async () => {
    const sup = await person(server.url, { login: 'sup.t3', role: 'supervisor', teams: ['t3'], password: 'supervisor-pass-123' });
    const s = await screens.connect(server.url, {}, { headers: { cookie: sup.cookie } });
    const table = follow(s);
    const ack = await s.emitWithAck('agents:subscribe', { scope: 'team:t3' });
    if (!ack.ok) throw new Error(ack.error);
    table.start(ack.data);
    expect(ack.data.rows.map((r) => r.teamId)).toEqual(Array(AGENTS / TEAMS).fill('t3'));
    expect(sameAsSql(table.rows, await sqlRows(ack.data, ['t3']))).toBe(true);
    // A state of another team's agent is not this room's news; one of t3's is.
    await ingest([state(4, 'wrap_up', NOW - 30_000), state(13, 'wrap_up', NOW - 30_000)]);
    await until(() => table.rows.get(agentId(13))?.state === 'wrap_up', 5000, "t3's agent in wrap-up");
    expect(table.rows.has(agentId(4))).toBe(false);
    const sent = table.deltas.flatMap((d) => d.rows);
    expect(sent.map((r) => r.agentId)).toContain(agentId(13));
    expect(sent.every((r) => r.teamId === 't3')).toBe(true);
  });

  it('a screen back from a dropped connection gets the whole table again, and ends equal to SQL', async () => {
    const sup = await screens.connect(server.url, { token: TOKENS.SUPERVISOR_TOKEN }, { reconnectionDelay: 1000 });
    const table = follow(sup);
    const ack = await sup.emitWithAck('agents:subscribe', { scope: 'floor' });
    if (!ack.ok) throw new Error(ack.error);
    table.start(ack.data);
    // A delta first: Socket.IO recovers a session from the offset of the last broadcast the screen got.
    await ingest([state(6, 'break', NOW - 15_000, 'LUNCH')]);
    await until(() => table.rows.get(agentId(6))?.stateReason === 'LUNCH', 3000, 'a first delta');
    const before = sup.id;
    sup.io.engine.close(); // the Wi-Fi drops: transport closed, not a deliberate disconnect
    await until(() => !server.app.io.of('/').sockets.has(before!), 2000, 'the server to notice the drop');
    await ingest([state(7, 'offline', NOW - 10_000), ...call(8, NOW - 20_000, 12)]);
    await until(() => sup.connected, 5000, 'the reconnect');
    expect(sup.recovered).toBe(true);
    await until(() => table.deltas.some((d) => d.full), 3000, 'the whole table');
    const sql = await sqlRows(ack.data);
    await until(() => sameAsSql(table.rows, sql), 5000, 'the table equal to SQL after the reconnect');
    expect(table.rows.get(agentId(7))?.state).toBe('offline');
  });

  it('refuses the table to roles that may not supervise, with an allowlisted error', async () => {
    for (const token of [TOKENS.VIEWER_TOKEN, TOKENS.ANALYST_TOKEN]) {
      const s = await screens.connect(server.url, { token });
      expect(await s.emitWithAck('agents:subscribe', { scope: 'floor' })).toEqual({ ok: false, error: 'forbidden' });
    }
    const s = await screens.connect(server.url, { token: TOKENS.SUPERVISOR_TOKEN });
    expect(await s.emitWithAck('agents:subscribe', { scope: 'planet:mars' } as never)).toEqual({ ok: false, error: 'invalid request' });
  });
});
