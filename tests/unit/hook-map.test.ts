import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyMapping, parseJsonMapping } from '../../server/src/dialers/mapping-file.js';
import { Resolver } from '../../server/src/dialers/resolver.js';
import { type SignedPost, verifyPost } from '../../server/src/hooks/hook-auth.js';
import { formFields, HookPayloadError, jsonFields, mapHookPost } from '../../server/src/hooks/hook-map.js';
import { HookSpecError, loadHookSpecs, parseHookSpec } from '../../server/src/hooks/hook-spec.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/hooks');
type Post = { query: string; body: string | object };
const fixture = (name: string) => (JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as { posts: Post[] }).posts;
const specs = loadHookSpecs();
const spec = (name: string) => {
  const s = specs.get(name);
  if (!s) throw new Error(`no ${name} mapping`);
  return s;
};
const NOW = Date.parse('2026-11-20T07:00:00Z');

function counting() {
  const unknown: string[] = [];
  return { unknown, stats: { countUnknownAgent: (k: string) => unknown.push(k), countUnknownOutcome: () => {} } };
}
const fieldsOf = (hook: string, p: Post) =>
  spec(hook).format === 'form'
    ? formFields(Object.fromEntries(new URLSearchParams(p.body as string)), new URLSearchParams(p.query))
    : jsonFields(p.body, new URLSearchParams(p.query));
function mapAll(hook: string, resolver = new Resolver(emptyMapping(), counting().stats)) {
  return fixture(`${hook === '7moor' ? '7moor-call-records' : hook === 'twilio' ? 'twilio-status-callbacks' : 'vonage-events'}.json`).map(
    (p) => mapHookPost(spec(hook), fieldsOf(hook, p), resolver, NOW),
  );
}
const eventsOf = (m: ReturnType<typeof mapAll>) => m.flatMap((x) => (x.kind === 'events' ? x.events : []));
/** What the ingest keeps: the first event of each id (a later one is a duplicate). */
const firstById = <E extends { id: string }>(events: E[]) => {
  const kept = new Map<string, E>();
  for (const e of events) if (!kept.has(e.id)) kept.set(e.id, e);
  return kept;
};

describe('the shipped hook mappings', () => {
  it('load: twilio, vonage and 7moor, each with its way of proving a post', () => {
    expect([...specs.keys()].sort()).toEqual(['7moor', 'twilio', 'vonage', 'vonage-amd']);
    expect(spec('twilio').auth.kind).toBe('twilio');
    expect(spec('vonage').auth.kind).toBe('jwt-hs256');
    expect(spec('7moor').auth).toEqual({ kind: 'token', query: 'token' });
  });
  it('a mapping that cannot work is refused at start, naming the file and the field', () => {
    const bad = {
      auth: { kind: 'twilio' },
      format: 'form',
      callId: 'CallSid',
      status: 'CallStatus',
      statuses: { completed: [{ type: 'call.ended' }] },
    };
    expect(() => parseHookSpec('x', JSON.stringify(bad))).toThrow(
      new HookSpecError('x.json: statuses.completed.0.answered: is required on call.ended'),
    );
    expect(() => parseHookSpec('x', '{')).toThrow(HookSpecError);
  });
});

describe('Twilio status callbacks → call events', () => {
  it('maps a call from initiated to completed, its AMD result, a busy call and a completed-only machine call', () => {
    const mapped = mapAll('twilio');
    // ringing is acknowledged and ignored.
    expect(mapped[1]).toEqual({ kind: 'ignored', status: 'ringing' });
    const A = 'CA11111111111111111111111111111111';
    const who = { teamId: 'north', agentId: 'n1', channel: 'human' };
    const events = eventsOf(mapped);
    expect(events.slice(0, 6)).toEqual([
      {
        id: `wh:twilio:${A}:dialed`,
        type: 'call.dialed',
        ts: Date.parse('2026-11-20T06:00:00Z'),
        callId: A,
        ...who,
        phone: '+8613911110001',
      },
      // in-progress repeats the dial (a duplicate id) and answers it, by a person.
      {
        id: `wh:twilio:${A}:dialed`,
        type: 'call.dialed',
        ts: Date.parse('2026-11-20T06:00:09Z'),
        callId: A,
        ...who,
        phone: '+8613911110001',
      },
      {
        id: `wh:twilio:${A}:answered`,
        type: 'call.answered',
        ts: Date.parse('2026-11-20T06:00:09Z'),
        callId: A,
        ...who,
        answeredBy: 'human',
      },
      {
        id: `wh:twilio:${A}:dialed`,
        type: 'call.dialed',
        ts: Date.parse('2026-11-20T06:00:51Z'),
        callId: A,
        ...who,
        phone: '+8613911110001',
      },
      {
        id: `wh:twilio:${A}:answered`,
        type: 'call.answered',
        ts: Date.parse('2026-11-20T06:00:51Z'),
        callId: A,
        ...who,
        answeredBy: 'human',
      },
      {
        id: `wh:twilio:${A}:ended`,
        type: 'call.ended',
        ts: Date.parse('2026-11-20T06:00:51Z'),
        callId: A,
        ...who,
        answered: true,
        talkSeconds: 42,
        hangupBy: 'customer',
      },
    ]);
    // One call each: its distinct ids are what the ingest stores.
    const distinct = firstById(events);
    expect([...distinct.keys()].map((id) => id.split(':').slice(2).join(':'))).toEqual([
      `${A}:dialed`,
      `${A}:answered`,
      `${A}:ended`,
      'CA22222222222222222222222222222222:dialed',
      'CA22222222222222222222222222222222:ended',
      'CA33333333333333333333333333333333:dialed',
      'CA33333333333333333333333333333333:answered',
      'CA33333333333333333333333333333333:ended',
    ]);
    expect(distinct.get('wh:twilio:CA22222222222222222222222222222222:ended')).toMatchObject({
      answered: false,
      talkSeconds: 0,
      hangupBy: 'system',
    });
    expect(distinct.get('wh:twilio:CA33333333333333333333333333333333:answered')).toMatchObject({ answeredBy: 'machine', agentId: 'n2' });
  });
  it("counts the floor's dial-outs only: an inbound call the same account reports is acknowledged and ignored", () => {
    const r = new Resolver(emptyMapping(), counting().stats);
    const at = (hook: string, fields: Record<string, string>) =>
      mapHookPost(spec(hook), formFields(fields, new URLSearchParams('agentId=a&teamId=t')), r, NOW);
    expect(at('twilio', { CallSid: 'CA7', CallStatus: 'completed', Direction: 'inbound' })).toEqual({
      kind: 'ignored',
      status: 'Direction=inbound',
    });
    expect(at('twilio', { CallSid: 'CA7', CallStatus: 'completed', Direction: 'outbound-dial' })).toMatchObject({ kind: 'events' });
    expect(at('7moor', { CallSheetID: '7m-9', State: 'dealing', CallType: 'normal' })).toEqual({
      kind: 'ignored',
      status: 'CallType=normal',
    });
    // A vendor that does not say is taken at its word: the mapping's statuses decide.
    expect(at('twilio', { CallSid: 'CA7', CallStatus: 'initiated' })).toMatchObject({ kind: 'events' });
  });
  it('a post the mapping cannot read is refused naming the vendor field', () => {
    const s = spec('twilio');
    const r = new Resolver(emptyMapping(), counting().stats);
    const post = (form: Record<string, string>) => () =>
      mapHookPost(s, formFields(form, new URLSearchParams('agentId=a&teamId=t')), r, NOW);
    expect(post({ CallSid: 'CA1' })).toThrow(new HookPayloadError('CallStatus', 'is required'));
    expect(post({ CallSid: 'CA1', CallStatus: 'teleported' })).toThrow('CallStatus: unknown status "teleported"');
    expect(post({ CallStatus: 'completed' })).toThrow('CallSid: is required');
    expect(post({ CallSid: 'CA1', CallStatus: 'completed', Timestamp: 'yesterday' })).toThrow('Timestamp: is not a rfc2822 time');
    expect(post({ CallSid: 'CA1', CallStatus: 'completed', CallDuration: '-3' })).toThrow('CallDuration: must be a number of seconds');
  });
  it('an extension of the mapping file wins over ids in the URL; an unknown one is counted and sent as unmapped', () => {
    const mapping = parseJsonMapping(
      JSON.stringify({ agents: [{ extension: '1001', agentId: 'mapped', teamId: 'east', channel: 'robot' }] }),
    );
    const { unknown, stats } = counting();
    const r = new Resolver(mapping, stats);
    const at = (query: string) =>
      mapHookPost(spec('twilio'), formFields({ CallSid: 'CA9', CallStatus: 'initiated' }, new URLSearchParams(query)), r, NOW);
    expect(at('ext=1001&agentId=n1&teamId=north')).toMatchObject({
      kind: 'events',
      events: [{ agentId: 'mapped', teamId: 'east', channel: 'robot', ts: NOW }],
    });
    expect(at('agentId=n1&teamId=north')).toMatchObject({ kind: 'events', events: [{ agentId: 'n1', teamId: 'north' }] });
    expect(unknown).toEqual([]);
    expect(at('ext=9999')).toMatchObject({ kind: 'events', events: [{ agentId: 'unmapped', teamId: 'unmapped' }] });
    expect(unknown).toEqual(['9999']);
  });
});

describe('Vonage and 容联七陌 posts → call events', () => {
  it('Vonage: numbers without + become E.164, completed carries its duration, timeout is unanswered', () => {
    const events = [...firstById(eventsOf(mapAll('vonage'))).values()];
    const V1 = 'aaaaaaaa-bbbb-4ccc-8ddd-000000000001';
    expect(events.map((e) => `${e.type} ${'phone' in e ? e.phone : ''}`.trim())).toEqual([
      'call.dialed +8613911110001',
      'call.answered',
      'call.ended',
      'call.dialed +8613911110002',
      'call.ended',
    ]);
    expect(events[1]).toMatchObject({
      id: `wh:vonage:${V1}:answered`,
      ts: Date.parse('2026-11-20T06:00:08Z'),
      agentId: 's1',
      teamId: 'south',
    });
    expect(events[2]).toMatchObject({ answered: true, talkSeconds: 57, ts: Date.parse('2026-11-20T06:01:05Z') });
    expect(events[4]).toMatchObject({ answered: false, talkSeconds: 0 });
  });
  it('Vonage with AMD: the answer comes from the machine or human status, with its result; answered itself is ignored', () => {
    const r = new Resolver(emptyMapping(), counting().stats);
    const V = 'aaaaaaaa-bbbb-4ccc-8ddd-0000000000a1';
    const post = (status: string, timestamp: string, extra: object = {}) =>
      mapHookPost(
        spec('vonage-amd'),
        jsonFields({ uuid: V, status, timestamp, to: '8613911110009', ...extra }, new URLSearchParams('agentId=s2&teamId=south')),
        r,
        NOW,
      );
    const mapped = [
      post('started', '2026-11-20T06:10:00.000Z'),
      post('answered', '2026-11-20T06:10:07.000Z'),
      post('machine', '2026-11-20T06:10:11.000Z', { sub_state: 'beep_start' }),
      post('completed', '2026-11-20T06:10:40.000Z', { duration: '33' }),
    ];
    expect(mapped[1]).toEqual({ kind: 'ignored', status: 'answered' });
    const kept = [...firstById(eventsOf(mapped)).values()];
    expect(kept.map((e) => [e.type, e.ts, e.type === 'call.answered' ? e.answeredBy : undefined])).toEqual([
      ['call.dialed', Date.parse('2026-11-20T06:10:00Z'), undefined],
      ['call.answered', Date.parse('2026-11-20T06:10:11Z'), 'machine'],
      ['call.ended', Date.parse('2026-11-20T06:10:40Z'), undefined],
    ]);
  });
  it('7moor: one record a call, Beijing times, talk from Begin to End, a queue leak abandoned; agents from the mapping file', () => {
    const mapping = parseJsonMapping(
      JSON.stringify({ agents: [{ extension: '8001', agentId: 'n3', teamId: 'north' }], queues: [{ queue: 'q-north', teamId: 'north' }] }),
    );
    const { unknown, stats } = counting();
    const events = eventsOf(mapAll('7moor', new Resolver(mapping, stats)));
    expect(events.map((e) => [e.id, e.ts, e.agentId, e.type === 'call.ended' ? [e.answered, e.talkSeconds, e.abandoned] : null])).toEqual([
      ['wh:7moor:7m-0001:dialed', Date.parse('2026-11-20T06:00:00Z'), 'n3', null],
      ['wh:7moor:7m-0001:answered', Date.parse('2026-11-20T06:00:07Z'), 'n3', null],
      ['wh:7moor:7m-0001:ended', Date.parse('2026-11-20T06:01:37Z'), 'n3', [true, 90, undefined]],
      ['wh:7moor:7m-0002:dialed', Date.parse('2026-11-20T06:02:00Z'), 'n3', null],
      ['wh:7moor:7m-0002:ended', Date.parse('2026-11-20T06:02:30Z'), 'n3', [false, 0, undefined]],
      ['wh:7moor:7m-0003:dialed', Date.parse('2026-11-20T06:03:00Z'), 'unmapped', null],
      ['wh:7moor:7m-0003:answered', Date.parse('2026-11-20T06:03:05Z'), 'unmapped', null],
      ['wh:7moor:7m-0003:ended', Date.parse('2026-11-20T06:03:20Z'), 'unmapped', [true, 15, true]],
    ]);
    // The queue names the team; no agent took the call, and that is counted.
    expect(events[5]).toMatchObject({ teamId: 'north', phone: '13911110003' });
    // Once a post, by the key it tried (the queue: the record names no agent).
    expect(unknown).toEqual(['q-north']);
  });
});

describe('proving a post', () => {
  const post = (over: Partial<SignedPost> & { headers?: Record<string, string> }): SignedPost => ({
    raw: Buffer.from(''),
    query: new URLSearchParams(),
    form: {},
    signingUrl: '',
    now: NOW,
    header: (h) => over.headers?.[h.toLowerCase()],
    ...over,
  });
  it("twilio: Twilio's own documented vector passes through the official library; any change fails", () => {
    const form = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
    const signed = { signingUrl: 'https://mycompany.com/myapp.php?foo=1&bar=2', form };
    const sig = { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' };
    expect(verifyPost({ kind: 'twilio' }, '12345', post({ ...signed, headers: sig }))).toBe('ok');
    expect(verifyPost({ kind: 'twilio' }, '12345', post({ ...signed, form: { ...form, Digits: '9999' }, headers: sig }))).toBe('wrong');
    // Behind a proxy the URL differs from the one Twilio signed: why HOOKS_PUBLIC_URL exists.
    expect(
      verifyPost({ kind: 'twilio' }, '12345', post({ ...signed, signingUrl: 'http://10.0.0.5:3000/myapp.php?foo=1&bar=2', headers: sig })),
    ).toBe('wrong');
    expect(verifyPost({ kind: 'twilio' }, 'other-token', post({ ...signed, headers: sig }))).toBe('wrong');
    expect(verifyPost({ kind: 'twilio' }, '12345', post(signed))).toBe('missing');
  });
  it('hmac-sha256 over the raw body, with its prefix; token in a header or the query', () => {
    const raw = Buffer.from('{"a":1}');
    const mac = createHmac('sha256', 'hook-secret-0123456789').update(raw).digest('hex');
    const auth = { kind: 'hmac-sha256' as const, header: 'x-sig', encoding: 'hex' as const, prefix: 'sha256=' };
    expect(verifyPost(auth, 'hook-secret-0123456789', post({ raw, headers: { 'x-sig': `sha256=${mac}` } }))).toBe('ok');
    expect(verifyPost(auth, 'hook-secret-0123456789', post({ raw: Buffer.from('{"a":2}'), headers: { 'x-sig': `sha256=${mac}` } }))).toBe(
      'wrong',
    );
    expect(verifyPost(auth, 'hook-secret-0123456789', post({ raw }))).toBe('missing');
    const token = { kind: 'token' as const, query: 'token' };
    expect(verifyPost(token, 'hook-secret-0123456789', post({ query: new URLSearchParams('token=hook-secret-0123456789') }))).toBe('ok');
    expect(verifyPost(token, 'hook-secret-0123456789', post({ query: new URLSearchParams('token=hook-secret-012345678') }))).toBe('wrong');
    expect(verifyPost(token, 'hook-secret-0123456789', post({}))).toBe('missing');
  });
  it('jwt-hs256 (Vonage): signature, algorithm, expiry and payload_hash are all checked', () => {
    const secret = 'vonage-signature-secret-0123';
    const raw = Buffer.from('{"status":"started"}');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = (claims: object, key = secret, alg = 'HS256') => {
      const head = b64({ alg, typ: 'JWT' });
      const body = b64(claims);
      return `${head}.${body}.${createHmac('sha256', key).update(`${head}.${body}`).digest('base64url')}`;
    };
    const hash = createHash('sha256').update(raw).digest('hex');
    const with_ = (token: string, body = raw) =>
      verifyPost({ kind: 'jwt-hs256' }, secret, post({ raw: body, headers: { authorization: `Bearer ${token}` } }));
    expect(with_(jwt({ iat: NOW / 1000, payload_hash: hash }))).toBe('ok');
    expect(with_(jwt({ payload_hash: hash }), Buffer.from('{"status":"completed"}'))).toBe('wrong');
    expect(with_(jwt({ payload_hash: hash }, 'another-secret-0123456789'))).toBe('wrong');
    expect(with_(jwt({ payload_hash: hash }, secret, 'none'))).toBe('wrong');
    expect(with_(jwt({ payload_hash: hash, exp: NOW / 1000 - 1 }))).toBe('wrong');
    expect(with_('not.a-jwt')).toBe('wrong');
    expect(verifyPost({ kind: 'jwt-hs256' }, secret, post({ raw }))).toBe('missing');
  });
});
