import { type DialChecksAnswer, dialChecksAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAL_CHECKS_SQL } from '../../server/src/compliance/check-counts-repo.js';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/** The pre-dial checks counted, stored and answered (GET /api/v1/compliance/checks, docs/metrics.md). */
const NOW = Date.parse('2026-11-20T06:00:00Z'); // 14:00 in Shanghai, inside 08:00-21:00
const NIGHT = Date.parse('2026-11-20T14:00:00Z'); // 22:00 in Shanghai: outside the calling hours
const MIN = 60_000;
const DAY = '2026-11-20';
const FRESH = '+8613911112222'; // never dialled
const CAPPED = '+8613933334444'; // dialled once already: FREQUENCY_CAP=1 refuses the next
const ask = (server: TestServer, body: object) => post(`${server.url}/api/v1/compliance/check`, body, TOKENS.INGEST_TOKEN);
const consent = NOW + 86_400_000;

describe('pre-dial checks counted in ClickHouse', () => {
  const clock = testClock(NOW);
  const dir = tempDataDir('compliance-check-counts');
  let server: TestServer;
  const start = async () => {
    server = await startServer({ dataDir: dir, scheduler: clock, env: { FREQUENCY_CAP: '1' } });
  };
  const answer = async (q: string): Promise<DialChecksAnswer> => {
    const res = await get(`${server.url}/api/v1/compliance/checks?${q}`, TOKENS.SUPERVISOR_TOKEN);
    expect(res.status).toBe(200);
    return dialChecksAnswerSchema.parse(res.body);
  };
  /** The answer's own SQL with its own parameters, run on the app's ClickHouse. */
  const runSql = async (a: DialChecksAnswer) =>
    (await server.store.client.query({ query: a.sql, query_params: a.params, format: 'JSONEachRow' })).json<
      Record<string, string | number>
    >();

  beforeAll(async () => {
    await start();
    const res = await fetch(`${server.url}/api/v1/roster/teams/north`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '北区', timeZone: 'Asia/Shanghai', supervisors: [] }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => server.stopAll());

  it('answers null, not zeros, for a day when no check was asked', async () => {
    const a = await answer(`day=${DAY}`);
    expect(a.total).toBeNull();
    expect(a.byTeam).toEqual([]);
    expect(await runSql(a)).toEqual([]);
    expect(a.sql).toBe(DIAL_CHECKS_SQL);
  });

  it('counts N checks with known reasons: the answer equals a hand count at once, and the SQL once flushed', async () => {
    const dialled = await post(`${server.url}/api/v1/events`, [
      { id: 'd1', type: 'call.dialed', ts: NOW - 30 * MIN, teamId: 'south', agentId: 's1', callId: 'c1', channel: 'human', phone: CAPPED },
    ]);
    expect(dialled.body).toMatchObject({ accepted: 1 });
    // north: 3 allowed, 2 refused for two rules each (a night dial with expired consent); south: 1 capped, 1 allowed.
    for (let i = 0; i < 3; i++)
      expect((await ask(server, { teamId: 'north', agentId: 'n1', phone: FRESH, consentExpiresAt: consent })).body.allow).toBe(true);
    clock.set(NOW + 2 * MIN); // another minute: a second row of counts
    for (let i = 0; i < 2; i++)
      expect(
        (await ask(server, { teamId: 'north', agentId: 'n2', phone: FRESH, consentExpiresAt: NOW - MIN, at: NIGHT })).body.reasons,
      ).toEqual(['outside_hours', 'no_consent']);
    expect((await ask(server, { teamId: 'south', agentId: 's1', phone: CAPPED, consentExpiresAt: consent })).body.reasons).toEqual([
      'frequency_cap',
    ]);
    expect((await ask(server, { teamId: 'south', agentId: 's1', phone: FRESH, consentExpiresAt: consent })).body.allow).toBe(true);
    // A 400 is no check of a dial: not counted.
    expect((await ask(server, { teamId: 'north', agentId: 'n1', phone: 'not a phone' })).status).toBe(400);

    const hand = {
      checks: 7,
      allowed: 4,
      refused: 3,
      byReason: { outside_hours: 2, frequency_cap: 1, no_consent: 2 },
    };
    const first = await answer(`day=${DAY}`);
    expect(first.total).toEqual(hand);
    // Stored plus pending is the answer; what is not yet written is said, not hidden.
    const sqlChecks = (await runSql(first)).reduce((n, r) => n + Number(r.asked), 0);
    expect(sqlChecks + first.pending.checks).toBe(7);

    // The 5 s flush (real time: the test clock's timers are real), seen as nothing pending any more.
    const flushed = await eventually(
      'the counts written',
      async () => {
        const a = await answer(`day=${DAY}`);
        return a.pending.checks === 0 ? a : null;
      },
      15_000,
    );
    expect(flushed.total).toEqual(hand);
    const rows = await runSql(flushed);
    expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'team_id' ? v : Number(v)])))).toEqual([
      { team_id: 'north', asked: 5, allowed: 3, refused: 2, outside_hours: 2, frequency_cap: 0, no_consent: 2 },
      { team_id: 'south', asked: 2, allowed: 1, refused: 1, outside_hours: 0, frequency_cap: 1, no_consent: 0 },
    ]);
    // Teams by the roster's name; a team the roster does not know keeps its id.
    expect(flushed.byTeam.map((t) => [t.teamId, t.name, t.refused])).toEqual([
      ['north', '北区', 2],
      ['south', 'south', 1],
    ]);
  });

  it('filters by team, and the day before holds none of them', async () => {
    const south = await answer(`day=${DAY}&team=south`);
    expect(south.total).toEqual({ checks: 2, allowed: 1, refused: 1, byReason: { outside_hours: 0, frequency_cap: 1, no_consent: 0 } });
    expect(south.byTeam.map((t) => t.teamId)).toEqual(['south']);
    expect((await answer('day=2026-11-19')).total).toBeNull();
    expect((await answer(`day=${DAY}&team=east`)).total).toBeNull();
  });

  it('keeps the counts across a restart, the ones asked just before closing too', async () => {
    await ask(server, { teamId: 'south', agentId: 's1', phone: FRESH }); // no consent known: allowed (CONSENT_REQUIRED unset)
    await server.stop(); // App.close writes what is pending
    await start();
    const a = await answer(`day=${DAY}`);
    expect(a.pending.checks).toBe(0);
    expect(a.total).toMatchObject({ checks: 8, allowed: 5, refused: 3 });
    expect((await runSql(a)).reduce((n, r) => n + Number(r.asked), 0)).toBe(8);
  });

  it('defaults to the floor-local today and refuses a day that is not a date', async () => {
    const a = await answer('');
    expect([a.day, a.tz, a.from]).toEqual([DAY, 'Asia/Shanghai', '2026-11-19T16:00:00.000Z']);
    expect((await get(`${server.url}/api/v1/compliance/checks?day=2026-02-30`, TOKENS.SUPERVISOR_TOKEN)).status).toBe(400);
    expect((await get(`${server.url}/api/v1/compliance/checks?day=${DAY}`, TOKENS.VIEWER_TOKEN)).status).toBe(403);
  });
});
