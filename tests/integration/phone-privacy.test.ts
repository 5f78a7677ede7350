import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T03:00:00Z'); // 11:00 in Shanghai
const SUP = TOKENS.SUPERVISOR_TOKEN;
const PHONE = '13800001234';
/** Every run of 5 digits of the number, with its country code: none may reach a screen or a table. */
const RUNS = [...new Set(Array.from({ length: `86${PHONE}`.length - 4 }, (_, i) => `86${PHONE}`.slice(i, i + 5)))];
const leaks = (text: string) => RUNS.filter((r) => text.includes(r));

describe('phone numbers in free text and ids never reach alerts, screens or tables', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  const text = async (query: string) => (await server.store.client.query({ query, format: 'JSONEachRow' })).text();
  beforeAll(async () => {
    // The night dial below (07:00) reaches the server at 11:00: 5 h of live horizon lets it alert (live-horizon.test.ts has the default).
    server = await startServer({ dataDir: tempDataDir('phone-privacy'), scheduler: clock, env: { LIVE_HORIZON_MINUTES: '300' } });
  });
  afterAll(async () => server.stop());

  it('masks a help message and a call id holding the number, on every path to an alert', async () => {
    const res = await post(`${server.url}/api/v1/events`, [
      { id: `help-${PHONE}`, type: 'help.requested', ts: NOW - 3000, teamId: 'north', agentId: 'n1', message: `请回电 ${PHONE}` },
      // A QA violation and a night dial (its outside_hours flag is FloorPulse's) on a call whose id holds the number.
      {
        id: 'qa-1',
        type: 'compliance.flag',
        ts: NOW - 2000,
        teamId: 'north',
        agentId: 'n2',
        callId: `call-${PHONE}`,
        rule: 'script',
        severity: 'violation',
      },
      {
        id: 'night-1',
        type: 'call.dialed',
        ts: Date.parse('2026-11-20T07:00:00+08:00'),
        teamId: 'north',
        agentId: 'n3',
        callId: `night-${PHONE}`,
        channel: 'human',
        phone: `+86${PHONE}`,
      },
    ]);
    expect(res.body).toMatchObject({ accepted: 3, rejected: [] });
    const alerts = await eventually('three alerts', async () => {
      const list = (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts as {
        id: string;
        ruleId: string;
        title: string;
        evidence: { message?: string };
      }[];
      return list.length >= 3 ? list : undefined;
    });
    expect(alerts.map((a) => a.ruleId).sort()).toEqual(['help', 'violation', 'violation']);
    expect(alerts.find((a) => a.ruleId === 'help')?.evidence.message).toBe('请回电 [phone …1234]');
    expect(leaks(JSON.stringify(alerts))).toEqual([]);

    expect(JSON.parse(await text("SELECT message FROM call_events WHERE type = 'help.requested'"))).toEqual({
      message: '请回电 [phone …1234]',
    });
    expect(leaks(await text('SELECT * EXCEPT (phone_hash) FROM call_events'))).toEqual([]);
    expect(leaks(await text('SELECT * FROM alerts'))).toEqual([]);
  });

  it('masks a note a supervisor types on an alert before it is stored or sent', async () => {
    const [help] = (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts.filter((a: { ruleId: string }) => a.ruleId === 'help');
    const acked = await post(
      `${server.url}/api/v1/alerts/${encodeURIComponent(help.id)}/ack`,
      { note: '已回电 138-0000-1234，客户满意' },
      SUP,
    );
    expect(acked.status).toBe(200);
    expect(acked.body.note).toBe('已回电 [phone …1234]，客户满意');
    expect(leaks(JSON.stringify((await get(`${server.url}/api/v1/alerts`, SUP)).body))).toEqual([]);
    expect(leaks(await text('SELECT * FROM alerts'))).toEqual([]);
    expect(await text("SELECT note FROM alerts WHERE transition = 'ack'")).toContain('[phone …1234]');
  });

  it('refuses a note that is not well-formed Unicode, naming note (ClickHouse would refuse the transition)', async () => {
    const [violation] = (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts.filter(
      (a: { ruleId: string }) => a.ruleId === 'violation',
    );
    const res = await post(`${server.url}/api/v1/alerts/${encodeURIComponent(violation.id)}/ack`, '{"note":"called \\ud800 back"}', SUP);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('note: is not well-formed Unicode');
    expect((await post(`${server.url}/api/v1/alerts/${encodeURIComponent(violation.id)}/ack`, { note: 'called back' }, SUP)).status).toBe(
      200,
    );
  });
});
