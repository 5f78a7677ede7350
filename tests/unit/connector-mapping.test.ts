import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH, sourceId } from '../../server/src/dialers/event-id.js';
import { loadMapping, MappingFileError, parseCsvMapping, parseJsonMapping } from '../../server/src/dialers/mapping-file.js';
import { Resolver } from '../../server/src/dialers/resolver.js';
import { ConnectorStats } from '../../tools/connectors/core/connector-stats.js';
import { tempDataDir } from '../helpers/server.js';

const CSV = `kind,key,agentId,teamId,channel,campaignId,value
extension,PJSIP/1986,martin,north,,,
campaign,robot-q4,robot-7,north,robot,,
campaign,outbound-q4,,north,,q4,
queue,sales,,south,,,
outcome,SALE,,,,,sale
pause,WRAP,,,,,wrap_up
`;

describe('the mapping file', () => {
  it('CSV and JSON give the same mapping', () => {
    const json = parseJsonMapping(
      JSON.stringify({
        agents: [{ extension: 'PJSIP/1986', agentId: 'martin', teamId: 'north' }],
        campaigns: [
          { campaign: 'robot-q4', agentId: 'robot-7', teamId: 'north', channel: 'robot' },
          { campaign: 'outbound-q4', teamId: 'north', campaignId: 'q4' },
        ],
        queues: [{ queue: 'sales', teamId: 'south' }],
        outcomes: { SALE: 'sale' },
        pauseReasons: { WRAP: 'wrap_up' },
      }),
    );
    expect(parseCsvMapping(CSV)).toEqual(json);
  });

  it('reads a file by its extension; errors name the file, the line and the field', () => {
    const dir = tempDataDir('mapping');
    const csv = path.join(dir, 'm.csv');
    writeFileSync(csv, CSV);
    expect(loadMapping(csv).extensions.get('PJSIP/1986')?.agentId).toBe('martin');
    expect(() => parseCsvMapping('kind,key,agentId,teamId\nextension,1986,,north\n', 'm.csv')).toThrow(
      new MappingFileError('m.csv: line 2: agentId: Invalid input: expected string, received undefined'),
    );
    expect(() => parseCsvMapping('kind,key,teamId\nphone,1986,north\n', 'm.csv')).toThrow(/m.csv: line 2: kind: must be one of/);
    expect(() => parseJsonMapping('{"agents":[{"extension":"1","agentId":"a","teamId":"t","channel":"bot"}]}', 'm.json')).toThrow(
      /m.json: agents.0.channel/,
    );
    expect(() =>
      parseJsonMapping('{"agents":[{"extension":"1","agentId":"a","teamId":"t"},{"extension":"1","agentId":"b","teamId":"t"}]}'),
    ).toThrow(/1 is mapped twice/);
    expect(() => loadMapping(path.join(dir, 'missing.json'))).toThrow(MappingFileError);
  });

  it('resolves extension first, then a campaign that names an agent, else the team of a campaign or queue with the agent unknown (counted)', () => {
    const stats = new ConnectorStats();
    const r = new Resolver(parseCsvMapping(CSV), stats);
    expect(r.resolve({ extensions: ['PJSIP/1986'], campaigns: ['outbound-q4'] })).toEqual({
      agentId: 'martin',
      teamId: 'north',
      channel: 'human',
      campaignId: 'q4',
    });
    expect(r.resolve({ extensions: ['PJSIP/9'], campaigns: ['robot-q4'] })).toEqual({
      agentId: 'robot-7',
      teamId: 'north',
      channel: 'robot',
      campaignId: 'robot-q4',
    });
    expect(r.resolve({ extensions: ['PJSIP/9'], queues: ['sales'] })).toEqual({ agentId: 'unmapped', teamId: 'south', channel: 'human' });
    expect(Object.fromEntries(stats.unknownAgents)).toEqual({ 'PJSIP/9': 1 });
    expect(r.outcome('sale')).toBe('sale');
    expect(r.outcome('Sale')).toBe('sale');
    expect(r.outcome('CALLBK')).toBeUndefined();
    expect(Object.fromEntries(stats.unknownOutcomes)).toEqual({ CALLBK: 1 });
    expect(r.pauseState('wrap')).toBe('wrap_up');
    expect(r.pauseState('LUNCH')).toBe('break');
  });

  it('drop: unknown agents are still counted, their events not sent', () => {
    const stats = new ConnectorStats();
    const r = new Resolver(parseJsonMapping('{"unknown":{"drop":true}}'), stats);
    expect(r.resolve({ extensions: ['x'] })).toBeNull();
    expect(stats.unknownAgents.get('x')).toBe(1);
  });
});

describe('event ids from the source', () => {
  it("are deterministic, at most 128 characters (hashed beyond), and never in FloorPulse's fp: namespace", () => {
    expect(sourceId('ami', ['pbx1', '1770888509.41', 'dialed'])).toBe('ami:pbx1:1770888509.41:dialed');
    const long = sourceId('ami', ['p'.repeat(60), 'asterisk-1722860694.15'.repeat(4), 'dialed']);
    expect(long.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
    expect(long).toBe(sourceId('ami', ['p'.repeat(60), 'asterisk-1722860694.15'.repeat(4), 'dialed']));
    expect(long).toMatch(/^ami:h:[A-Za-z0-9_-]{43}$/);
    expect(() => sourceId('fp', ['x'])).toThrow(RangeError);
  });
});

describe('npm run connect: the command line', () => {
  it('reads the dialer, its address and options; secrets from the environment when not given; empty values are unset', async () => {
    const { configFromArgs } = await import('../../tools/connect.js');
    const c = configFromArgs(
      ['asterisk', '--host', 'pbx', '--user', 'fp', '--trunk', 'PJSIP/carrier-', '--trunk', 'SIP/gw-', '--cdr', '--mapping', ''],
      { DIALER_SECRET: 's', INGEST_TOKEN: 't' },
    );
    expect(c).toMatchObject({
      dialer: 'asterisk',
      host: 'pbx',
      port: 5038,
      user: 'fp',
      secret: 's',
      token: 't',
      sourceId: 'pbx',
      trunks: ['PJSIP/carrier-', 'SIP/gw-'],
      cdr: true,
      bufferEvents: 10_000,
    });
    expect(c.mapping.extensions.size).toBe(0);
    const fs = configFromArgs(
      [
        'freeswitch',
        '--host',
        'fs1',
        '--password',
        'ClueCon',
        '--token',
        'x',
        '--mapping',
        path.resolve(import.meta.dirname, '../../tools/connectors/examples/mapping.example.csv'),
      ],
      {},
    );
    expect(fs).toMatchObject({ dialer: 'freeswitch', port: 8021, secret: 'ClueCon' });
    expect(fs.mapping.extensions.get('1000@default')?.agentId).toBe('li-wei');
    // The webhook relay: the hooks that have a secret, unless --hooks names them; a short secret is refused.
    const relay = configFromArgs(['webhook', '--token', 'x', '--public-url', 'https://hooks.example.com'], {
      HOOK_SECRETS: 'twilio=0123456789abcdef0123',
    });
    expect(relay).toMatchObject({
      dialer: 'webhook',
      port: 8088,
      bind: '0.0.0.0',
      publicUrl: 'https://hooks.example.com',
      sendPhones: false,
    });
    expect(relay.dialer === 'webhook' && [...relay.specs.keys()]).toEqual(['twilio']);
    expect(() => configFromArgs(['webhook', '--token', 'x'], {})).toThrow(/HOOK_SECRETS: no hook has a secret/);
    expect(() => configFromArgs(['webhook', '--token', 'x', '--hooks', 'vonage'], { HOOK_SECRETS: 'vonage=short' })).toThrow(
      /HOOK_SECRETS: vonage needs a secret of at least 16 characters/,
    );
    expect(() => configFromArgs(['webhook', '--token', 'x', '--hooks', 'nope'], { HOOK_SECRETS: 'twilio=0123456789abcdef0123' })).toThrow(
      /--hooks: no mapping named nope/,
    );
    expect(() => configFromArgs(['asterisk', '--host', 'pbx', '--user', 'fp', '--token', 'x'], { DIALER_SECRET: '' })).toThrow(
      /--secret: required/,
    );
    expect(() =>
      configFromArgs(['asterisk', '--host', 'pbx', '--user', 'fp', '--secret', 's', '--token', 'x', '--source-id', 'a b'], {}),
    ).toThrow(/--source-id/);
  });

  it('the example mappings, JSON and CSV, say the same', async () => {
    const dir = path.resolve(import.meta.dirname, '../../tools/connectors/examples');
    expect(loadMapping(path.join(dir, 'mapping.example.csv'))).toEqual(loadMapping(path.join(dir, 'mapping.example.json')));
  });
});
