import { asyncScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../tools/connectors/asterisk/ami-client.js';
import { ConnectorStats } from '../../tools/connectors/core/connector-stats.js';
import type { HeaderBlock } from '../../tools/connectors/core/header-block.js';
import type { Logger } from '../../tools/connectors/core/logger.js';
import { Backoff } from '../../tools/connectors/delivery/backoff.js';
import { ESL_SUBSCRIPTION, EslClient } from '../../tools/connectors/freeswitch/esl-client.js';
import { amiMessages, eslBodies } from '../helpers/dialer-fixtures.js';
import { eslWire, type FakeDialer, fakeAmiServer, fakeEslServer } from '../helpers/fake-dialers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (obj: object, msg: string) => lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

describe('the dialer clients', () => {
  const open: { stop(): Promise<void> }[] = [];
  const fakes: FakeDialer[] = [];
  afterEach(async () => {
    for (const c of open.splice(0)) await c.stop();
    for (const f of fakes.splice(0)) await f.close();
  });

  it('AMI: a refused login is an error in the log, no event is read, and it keeps retrying with backoff', async () => {
    const fake = await fakeAmiServer({ messages: amiMessages('ami-13-answered-outbound.ami'), user: 'floorpulse', secret: 'right' });
    fakes.push(fake);
    const log = recordingLog();
    const stats = new ConnectorStats();
    const events: HeaderBlock[] = [];
    const client = new AmiClient({
      host: '127.0.0.1',
      port: fake.port,
      user: 'floorpulse',
      secret: 'wrong',
      scheduler: asyncScheduler,
      log,
      stats,
      onEvent: (b) => events.push(b),
      backoff: new Backoff({ baseMs: 5, maxMs: 20 }),
    });
    open.push(client);
    client.start();
    await sleep(300);
    expect(events).toEqual([]);
    expect(fake.sessions).toBe(0);
    expect(stats.reconnects).toBeGreaterThan(1);
    expect(log.lines.some((l) => l.startsWith('error') && l.includes('AMI login as floorpulse refused: Authentication failed'))).toBe(true);
  });

  it('AMI: logged in, it reads every event of the stream', async () => {
    const fake = await fakeAmiServer({ messages: amiMessages('ami-13-answered-outbound.ami'), user: 'floorpulse', secret: 'right' });
    fakes.push(fake);
    const events: HeaderBlock[] = [];
    const client = new AmiClient({
      host: '127.0.0.1',
      port: fake.port,
      user: 'floorpulse',
      secret: 'right',
      scheduler: asyncScheduler,
      log: recordingLog(),
      stats: new ConnectorStats(),
      onEvent: (b) => events.push(b),
    });
    open.push(client);
    client.start();
    await fake.done;
    await sleep(50);
    expect(events.map((b) => b.get('Event')).filter((e) => e === 'DialBegin' || e === 'Hangup')).toEqual(['DialBegin', 'Hangup', 'Hangup']);
    expect(events).toHaveLength(21);
  });

  it('ESL: authenticates, subscribes to exactly the events it maps, and reads them decoded; a wrong password is an error', async () => {
    const fake = await fakeEslServer({
      messages: eslBodies('esl-libresbc-hangup-complete.esl').map(eslWire),
      password: 'ClueCon',
      subscription: ESL_SUBSCRIPTION,
    });
    fakes.push(fake);
    const events: HeaderBlock[] = [];
    const ok = new EslClient({
      host: '127.0.0.1',
      port: fake.port,
      password: 'ClueCon',
      scheduler: asyncScheduler,
      log: recordingLog(),
      stats: new ConnectorStats(),
      onEvent: (b) => events.push(b),
    });
    open.push(ok);
    ok.start();
    await fake.done;
    await sleep(50);
    expect(events.map((b) => b.get('variable_caller_id'))).toEqual(['"6533123456789" <6533123456789>', '"Donald Trump" <33123456789>']);
    const log = recordingLog();
    const bad = new EslClient({
      host: '127.0.0.1',
      port: fake.port,
      password: 'nope',
      scheduler: asyncScheduler,
      log,
      stats: new ConnectorStats(),
      onEvent: () => {},
      backoff: new Backoff({ baseMs: 5, maxMs: 20 }),
    });
    open.push(bad);
    bad.start();
    await sleep(200);
    expect(log.lines.some((l) => l.startsWith('error') && l.includes('ESL auth refused: -ERR invalid'))).toBe(true);
  });
});
