import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorConfig, startConnector } from '../../tools/connectors/connector.js';
import { Backoff } from '../../tools/connectors/delivery/backoff.js';
import { ESL_SUBSCRIPTION } from '../../tools/connectors/freeswitch/esl-client.js';
import { AMI_FLOOR_PER_COPY, amiFloorScript, ESL_FLOOR_PER_COPY, eslFloorScript, FLOOR_MAPPING } from '../helpers/dialer-replay.js';
import { eslWire, type FakeDialer, fakeAmiServer, fakeEslServer } from '../helpers/fake-dialers.js';
import { get, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function config(dialer: ConnectorConfig['dialer'], port: number, url: string, over: Partial<ConnectorConfig> = {}): ConnectorConfig {
  return {
    dialer,
    host: '127.0.0.1',
    port,
    user: 'floorpulse',
    secret: 's3cret',
    url,
    token: TOKENS.INGEST_TOKEN,
    mapping: FLOOR_MAPPING,
    sourceId: 'pbx1',
    bufferEvents: 10_000,
    spoolEvents: 0,
    trunks: [],
    sendPhones: false,
    cdr: true,
    amd: false,
    batchMax: 50,
    ...over,
  };
}
const deps = {
  scheduler: asyncScheduler,
  log: pino({ level: 'silent' }),
  backoff: () => new Backoff({ baseMs: 20, maxMs: 200 }),
  statsEveryMs: 0,
};

async function storedByType(server: TestServer): Promise<Record<string, number>> {
  const rs = await server.store.client.query({
    query: 'SELECT type, count() AS n FROM call_events WHERE NOT derived GROUP BY type ORDER BY type',
    format: 'JSONEachRow',
  });
  return Object.fromEntries((await rs.json<{ type: string; n: string }>()).map((r) => [r.type, Number(r.n)]));
}
async function idsStoredTwice(server: TestServer): Promise<string[]> {
  const rs = await server.store.client.query({ query: 'SELECT id FROM call_events GROUP BY id HAVING count() > 1', format: 'JSONEachRow' });
  return (await rs.json<{ id: string }>()).map((r) => r.id);
}
async function rates(server: TestServer, scope: string): Promise<Record<string, number>> {
  return (await get(`${server.url}/api/v1/rates?scope=${encodeURIComponent(scope)}&window=1h`)).body.counts;
}

describe('connectors against fake dialers replaying recorded streams, the connection dropped halfway', () => {
  let server: TestServer;
  const fakes: FakeDialer[] = [];
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('connector-replay'), scheduler: asyncScheduler });
  });
  afterAll(async () => {
    for (const f of fakes) await f.close();
    await server.stopAll();
  });

  it('Asterisk: exactly the hand-counted events land, none twice after the reconnect, and the rates add up', {
    timeout: 60_000,
  }, async () => {
    const copies = 3;
    const messages = amiFloorScript(copies, Math.floor(Date.now() / 1000));
    const fake = await fakeAmiServer({
      messages,
      user: 'floorpulse',
      secret: 's3cret',
      dropAfter: Math.floor(messages.length / 2),
      replayOverlap: 40,
    });
    fakes.push(fake);
    const connector = startConnector(config('asterisk', fake.port, server.url), deps);
    await fake.done;
    await sleep(2500); // the recorded calls have no Cdr: their ends wait the 2 s a Cdr may take
    await connector.drained();
    await connector.stop();
    expect(fake.sessions).toBe(2);
    const n = AMI_FLOOR_PER_COPY;
    expect(await storedByType(server)).toEqual({
      'agent.state': n.agentStates * copies,
      'call.answered': n.answered * copies,
      'call.dialed': n.dialed * copies,
      'call.ended': (n.ended + n.unanswered) * copies,
      'call.outcome': n.outcomes * copies,
    });
    expect(await idsStoredTwice(server)).toEqual([]);
    const floor = await rates(server, 'floor');
    expect(floor).toMatchObject({ dialed: 27, answered: 12, ended: 12, earlyHangups: 3, effective: 3, sales: 3 });
    expect(floor.talkSeconds).toBeGreaterThanOrEqual(n.talkSecondsAtLeast * copies);
    expect(floor.talkSeconds).toBeLessThan(n.talkSecondsAtLeast * copies + copies);
    expect((await rates(server, 'channel:robot')).dialed).toBe(n.robotDials * copies);
    expect((await rates(server, 'agent:martin')).dialed).toBe(7 * copies);
    expect(connector.stats).toMatchObject({ dropped: 0, rejected: 0 });
    expect(connector.stats.unknownAgents.size).toBe(0);
  });

  it("FreeSWITCH: the same over ESL; the recorded bridged call's unknown agent is counted, not lost", { timeout: 60_000 }, async () => {
    const before = await storedByType(server);
    const copies = 3;
    const bodies = eslFloorScript(copies, Date.now());
    const fake = await fakeEslServer({
      messages: bodies.map(eslWire),
      password: 's3cret',
      subscription: ESL_SUBSCRIPTION,
      dropAfter: Math.floor(bodies.length / 2),
      replayOverlap: 5,
    });
    fakes.push(fake);
    const connector = startConnector(config('freeswitch', fake.port, server.url), deps);
    await fake.done;
    await sleep(300);
    await connector.drained();
    await connector.stop();
    expect(fake.sessions).toBe(2);
    const after = await storedByType(server);
    const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
    const n = ESL_FLOOR_PER_COPY;
    expect(delta).toEqual({
      'agent.state': n.agentStates * copies,
      'call.answered': n.answered * copies,
      'call.dialed': n.dialed * copies,
      'call.ended': n.ended * copies,
      'call.outcome': 0,
    });
    expect(await idsStoredTwice(server)).toEqual([]);
    expect(await rates(server, 'team:unmapped')).toMatchObject({
      dialed: copies,
      answered: copies,
      ended: copies,
      talkSeconds: n.talkSeconds * copies,
      earlyHangups: 0,
    });
    expect((await rates(server, 'team:hanoi')).dialed).toBe(copies);
    expect(Object.fromEntries(connector.stats.unknownAgents)).toEqual({ '(no extension)': copies });
  });
});
