import { complianceCheckAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/** POST /api/v1/compliance/check: the stream's rules, over the stream's phone history, before a dial. */
const NOW = Date.parse('2026-11-20T06:00:00Z'); // 14:00 in Shanghai
const NIGHT = Date.parse('2026-11-20T14:00:00Z'); // 22:00 in Shanghai: outside 08:00-21:00
const MIN = 60_000;
const PHONE = '+8613911112222';
const dial = (n: number, ts: number, extra: Record<string, unknown> = {}) => ({
  id: `d${n}`,
  type: 'call.dialed',
  ts,
  teamId: 'north',
  agentId: 'n1',
  callId: `call-${n}`,
  channel: 'human',
  phone: PHONE,
  ...extra,
});
const ask = (server: TestServer, body: object) => post(`${server.url}/api/v1/compliance/check`, body, TOKENS.INGEST_TOKEN);

describe('the pre-dial compliance check', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  const flags = async () =>
    (
      await (
        await server.store.client.query({ query: 'SELECT id FROM call_events WHERE derived ORDER BY id', format: 'JSONEachRow' })
      ).json<{ id: string }>()
    ).map((r) => r.id);
  const metric = async (name: string) => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } })).text();
    return Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`))
        .map((l) => [l.slice(name.length, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]),
    );
  };
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('compliance-check'), scheduler: clock, env: { FREQUENCY_CAP: '3' } });
  });
  afterAll(async () => server.stop());

  it('allows a dial in hours, under the cap, with consent, and answers in its contract', async () => {
    const res = await ask(server, { teamId: 'north', agentId: 'n1', phone: PHONE, consentExpiresAt: NOW + 86_400_000 });
    expect(res.status).toBe(200);
    expect(complianceCheckAnswerSchema.parse(res.body)).toEqual({
      allow: true,
      reasons: [],
      at: new Date(NOW).toISOString(),
      zone: 'Asia/Shanghai',
      dialsIn24h: 0,
      frequencyCap: 3,
    });
    // Nothing of the phone in the answer, in any spelling.
    expect(JSON.stringify(res.body)).not.toMatch(/13911112222/);
  });

  it('counts the dials already made: the 4th dial of a phone in 24 h is refused, however the number is written', async () => {
    await post(`${server.url}/api/v1/events`, [dial(1, NOW - 50 * MIN), dial(2, NOW - 40 * MIN), dial(3, NOW - 30 * MIN)]);
    const res = await ask(server, { teamId: 'north', agentId: 'n2', phone: '139 1111 2222' });
    expect(res.body).toMatchObject({ allow: false, reasons: ['frequency_cap'], dialsIn24h: 3 });
    // A day later the first three are out of its 24 h.
    const later = await ask(server, { teamId: 'north', agentId: 'n2', phone: PHONE, at: NOW - 50 * MIN + 24 * 60 * MIN });
    expect(later.body).toMatchObject({ allow: true, dialsIn24h: 2 });
  });

  it('a refused dial that is dialled anyway gets the flags it was refused for', async () => {
    expect(await flags()).toEqual([]);
    clock.set(NIGHT);
    const check = await ask(server, { teamId: 'north', agentId: 'n1', phone: PHONE, consentExpiresAt: NOW - MIN, at: NIGHT });
    expect(check.body).toMatchObject({ allow: false, reasons: ['outside_hours', 'frequency_cap', 'no_consent'] });
    expect((await post(`${server.url}/api/v1/events`, [dial(4, NIGHT, { consentExpiresAt: NOW - MIN })])).body).toMatchObject({
      accepted: 1,
    });
    expect(await flags()).toEqual(['fp:frequency_cap:call-4', 'fp:no_consent:call-4', 'fp:outside_hours:call-4']);
    clock.set(NOW);
  });

  it('reads the calling hours in the team zone (TEAM_TZ)', async () => {
    await server.stop();
    server = await startServer({
      dataDir: server.dataDir,
      scheduler: clock,
      env: { FREQUENCY_CAP: '3', TEAM_TZ: 'west=Asia/Urumqi' },
    });
    // 21:30 in Shanghai is 19:30 in Urumqi.
    const at = Date.parse('2026-11-20T13:30:00Z');
    expect((await ask(server, { teamId: 'north', agentId: 'n1', phone: '+8613800000001', at })).body.reasons).toEqual(['outside_hours']);
    expect((await ask(server, { teamId: 'west', agentId: 'w1', phone: '+8613800000001', at })).body).toMatchObject({
      allow: true,
      zone: 'Asia/Urumqi',
    });
  });

  it('refuses a bad body with a 400 naming the field, and never quotes the phone', async () => {
    const cases: [object, string][] = [
      [{ agentId: 'n1', phone: PHONE }, 'teamId: is required'],
      [{ teamId: 'north', agentId: 'n1', phone: '12345' }, 'phone: is not a valid phone number'],
      [
        { teamId: 'north', agentId: 'n1', phone: PHONE, at: 'yesterday' },
        'at: must be ISO-8601 with Z or an offset, or epoch milliseconds',
      ],
      [{ teamId: 'north', agentId: 'n1', phone: PHONE, extra: 1 }, 'extra: unknown field'],
    ];
    for (const [body, error] of cases) {
      const res = await ask(server, body);
      expect([res.status, res.body]).toEqual([400, { error }]);
    }
  });

  it('counts checks allowed, refused and invalid, and refusals by reason (since the restart of the TEAM_TZ case)', async () => {
    expect(await metric('floorpulse_dial_checks_total')).toEqual({
      '{result="allowed"}': 1,
      '{result="refused"}': 1,
      '{result="invalid"}': 4,
    });
    expect(await metric('floorpulse_dial_check_refusals_total')).toEqual({
      '{reason="outside_hours"}': 1,
      '{reason="frequency_cap"}': 0,
      '{reason="no_consent"}': 0,
    });
    // Every answered check is timed in the server (the bench reads its p99 there): allowed, refused and invalid alike.
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } })).text();
    const count = Number(/^floorpulse_dial_check_seconds_count (\d+)$/m.exec(text)?.[1]);
    expect(count).toBe(6);
    expect(Number(/^floorpulse_dial_check_seconds_bucket\{le="\+Inf"\} (\d+)$/m.exec(text)?.[1])).toBe(6);
  });
});

describe('the pre-dial check with CONSENT_REQUIRED=yes', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('compliance-consent'), scheduler: clock, env: { CONSENT_REQUIRED: 'yes' } });
  });
  afterAll(async () => server.stop());

  it('refuses a dial without consent, and the stream flags that dial the same way', async () => {
    expect((await ask(server, { teamId: 'north', agentId: 'n1', phone: PHONE })).body).toMatchObject({
      allow: false,
      reasons: ['no_consent'],
    });
    await post(`${server.url}/api/v1/events`, [dial(9, NOW - MIN)]);
    const rows = await (
      await server.store.client.query({ query: 'SELECT id FROM call_events WHERE derived', format: 'JSONEachRow' })
    ).json<{ id: string }>();
    expect(rows.map((r) => r.id)).toEqual(['fp:no_consent:call-9']);
  });
});
