import { agentCallsAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

// 15:30 in Shanghai: inside the default calling hours.
const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const MIN = 60_000;
const PHONE = '+8613912345678';
const REC = 'https://recordings.example.com/c1.mp3';
let seq = 0;
const ev = (callId: string, type: string, ts: number, extra: object = {}, agentId = 'drill-a') => ({
  id: `dd-${++seq}`,
  type,
  ts,
  teamId: 'north',
  agentId,
  callId,
  ...extra,
});

describe("the agents table's drill-down: an agent's last 2 hours of calls", () => {
  const clock = testClock(NOW);
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('agent-calls'), scheduler: clock, env: { LIVE_HORIZON_MINUTES: '240' } });
    const res = await post(`${server.url}/api/v1/events`, [
      // c1: connected, 75 s, a sale, two findings, a recording.
      ev('c1', 'call.dialed', NOW - 30 * MIN, { channel: 'human', phone: PHONE }),
      ev('c1', 'call.answered', NOW - 30 * MIN + 5000),
      ev('c1', 'compliance.flag', NOW - 30 * MIN + 6000, { rule: 'script_missing', severity: 'reminder' }),
      ev('c1', 'compliance.flag', NOW - 30 * MIN + 7000, { rule: 'complaint', severity: 'violation' }),
      ev('c1', 'call.ended', NOW - 30 * MIN + 80_000, { answered: true, talkSeconds: 75, hangupBy: 'agent', recordingUrl: REC }),
      ev('c1', 'call.outcome', NOW - 30 * MIN + 81_000, { outcome: 'sale', amount: 1200 }),
      // c2: not answered.
      ev('c2', 'call.dialed', NOW - 60 * MIN, { channel: 'human', phone: PHONE }),
      ev('c2', 'call.ended', NOW - 60 * MIN + 20_000, { answered: false, talkSeconds: 0, hangupBy: 'system' }),
      // c3: dialed, still ringing.
      ev('c3', 'call.dialed', NOW - 2 * MIN, { channel: 'human', phone: PHONE }),
      // c4: 3 hours ago, outside the 2 hours; c5: another agent's.
      ev('c4', 'call.dialed', NOW - 180 * MIN, { channel: 'human', phone: PHONE }),
      ev('c5', 'call.dialed', NOW - 10 * MIN, { channel: 'human', phone: PHONE }, 'drill-b'),
    ]);
    expect(res.body.rejected).toEqual([]);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers each call of the last 2 hours, newest first, with the values the events give', async () => {
    const res = await get(`${server.url}/api/v1/agents/drill-a/calls`, TOKENS.SUPERVISOR_TOKEN);
    expect(res.status).toBe(200);
    const body = agentCallsAnswerSchema.parse(res.body);
    expect(body.from).toBe(new Date(NOW - 120 * MIN).toISOString());
    expect(body.calls).toEqual([
      // The fifth dial of the same number in 24 h: FloorPulse's own frequency check flagged it (docs/rules.md).
      {
        callId: 'c3',
        at: new Date(NOW - 2 * MIN).toISOString(),
        talkSeconds: null,
        answered: false,
        outcome: '',
        flags: [{ rule: 'frequency_cap', severity: 'violation' }],
        hasRecording: false,
      },
      {
        callId: 'c1',
        at: new Date(NOW - 30 * MIN).toISOString(),
        talkSeconds: 75,
        answered: true,
        outcome: 'sale',
        flags: [
          { rule: 'complaint', severity: 'violation' },
          { rule: 'script_missing', severity: 'reminder' },
        ],
        hasRecording: true,
      },
      {
        callId: 'c2',
        at: new Date(NOW - 60 * MIN).toISOString(),
        talkSeconds: 0,
        answered: false,
        outcome: '',
        flags: [],
        hasRecording: false,
      },
    ]);
  });

  it('shows the SQL that ran with bound parameters, and running it again gives the same calls', async () => {
    const { body } = await get(`${server.url}/api/v1/agents/drill-a/calls`, TOKENS.SUPERVISOR_TOKEN);
    expect(body.sql).toContain('{agentId:String}');
    expect(body.sql).not.toContain('drill-a');
    expect(body.params).toMatchObject({ agentId: 'drill-a', from: NOW - 120 * MIN });
    const rs = await server.store.client.query({ query: body.sql, query_params: body.params, format: 'JSONEachRow' });
    expect((await rs.json<{ call_id: string }>()).map((r) => r.call_id)).toEqual(body.calls.map((c: { callId: string }) => c.callId));
  });

  it('never carries a phone number, its hash or the recording link', async () => {
    const { body } = await get(`${server.url}/api/v1/agents/drill-a/calls`, TOKENS.SUPERVISOR_TOKEN);
    const text = JSON.stringify(body);
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain(REC);
    expect(text).not.toMatch(/phone/i);
    // The link itself is one click away, through the recording route (supervisors).
    expect((await get(`${server.url}/api/v1/calls/c1/recording`, TOKENS.SUPERVISOR_TOKEN)).body.url).toBe(REC);
  });

  it('refuses a viewer and names the field of a bad agent id', async () => {
    expect((await get(`${server.url}/api/v1/agents/drill-a/calls`, TOKENS.VIEWER_TOKEN)).status).toBe(403);
    const bad = await get(`${server.url}/api/v1/agents/${'x'.repeat(65)}/calls`, TOKENS.SUPERVISOR_TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^agentId:/);
  });
});
