import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * A call's recording link (call.ended recordingUrl): stored, handed to supervisors on request, and
 * nowhere else: not to a wall's token, not in the analysts' views. A link that is not a web address, or
 * that holds a phone number (it cannot be masked and still open), is refused naming the field.
 */
const NOW = Date.parse('2026-11-20T06:00:00.000Z');
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ dataDir: tempDataDir('recordings'), scheduler: testClock(NOW) });
});
afterAll(async () => {
  await server.stop();
});

const ended = (id: string, callId: string, recordingUrl: string) => ({
  id,
  type: 'call.ended',
  ts: NOW - 5_000,
  teamId: 'north',
  agentId: 'n1',
  callId,
  answered: true,
  talkSeconds: 42,
  hangupBy: 'customer',
  recordingUrl,
});

describe('call recordings', () => {
  it('refuses a link that is not http(s) or holds a phone number, naming the field, while the valid one lands', async () => {
    const res = await post(`${server.url}/api/v1/events`, [
      ended('r-ok', 'rec-1', 'https://dialer.example.com/rec/7f3a9c.wav?sig=abc'),
      ended('r-js', 'rec-2', 'javascript:alert(1)'),
      ended('r-phone', 'rec-3', 'https://dialer.example.com/rec/13800001234.wav'),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      { index: 1, error: expect.stringMatching(/^recordingUrl: must be an http or https URL/) },
      { index: 2, error: 'recordingUrl: holds a phone number; send a link without one' },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('13800001234');
  });

  it('gives a supervisor the link, a wall nothing, and 404 for a call without one', async () => {
    const sup = await get(`${server.url}/api/v1/calls/rec-1/recording`, TOKENS.SUPERVISOR_TOKEN);
    expect(sup).toMatchObject({ status: 200, body: { callId: 'rec-1', url: 'https://dialer.example.com/rec/7f3a9c.wav?sig=abc' } });
    expect((await get(`${server.url}/api/v1/calls/rec-1/recording`, TOKENS.VIEWER_TOKEN)).status).toBe(403);
    expect((await get(`${server.url}/api/v1/calls/rec-1/recording`, TOKENS.ANALYST_TOKEN)).status).toBe(403);
    const none = await get(`${server.url}/api/v1/calls/rec-2/recording`, TOKENS.SUPERVISOR_TOKEN);
    expect(none.status).toBe(404);
    expect(none.body.error).toMatch(/^callId: /);
  });

  it('is kept out of the analysts’ views', async () => {
    const rs = await server.store.analyst!.query({
      query: 'SELECT name FROM system.columns WHERE database = {db:String} AND table = {t:String}',
      query_params: { db: server.store.analystDatabase, t: 'call_events' },
      format: 'JSONEachRow',
    });
    const names = (await rs.json<{ name: string }>()).map((r) => r.name);
    expect(names).toContain('call_id');
    expect(names).not.toContain('recording_url');
  });
});
