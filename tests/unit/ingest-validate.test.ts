import { describe, expect, it } from 'vitest';
import { BadBodyError, parseBody } from '../../server/src/ingest/parse-body.js';
import { type ValidationRules, validateEvent } from '../../server/src/ingest/validate.js';

const NOW = Date.parse('2026-11-20T07:30:00Z');
const DAY = 86_400_000;
const RULES: ValidationRules = { retentionDays: 400, phoneRegion: 'CN' };
const dial = { id: 'e1', type: 'call.dialed', ts: '2026-11-20T07:00:00Z', teamId: 't', agentId: 'a', callId: 'c', channel: 'human' };

describe('event validation', () => {
  it('accepts ISO with Z, ISO with an offset and epoch ms as the same instant', () => {
    const a = validateEvent(dial, NOW, RULES);
    const b = validateEvent({ ...dial, ts: '2026-11-20T15:00:00+08:00' }, NOW, RULES);
    const c = validateEvent({ ...dial, ts: Date.parse('2026-11-20T07:00:00Z') }, NOW, RULES);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) expect(new Set([a.event.ts, b.event.ts, c.event.ts]).size).toBe(1);
  });
  it.each([
    [{ ...dial, channel: undefined }, 'channel'],
    [{ ...dial, callId: undefined }, 'callId'],
    [{ ...dial, ts: '2026-11-20 07:00' }, 'ts'],
    [{ ...dial, ts: '2026-11-20T07:00:00' }, 'ts'],
    [{ ...dial, teamId: 'x'.repeat(65) }, 'teamId'],
    [{ ...dial, id: '' }, 'id'],
    [{ ...dial, type: 'call.exploded' }, 'type'],
    [{ ...dial, type: 'call.ended', answered: 'yes', talkSeconds: 3, hangupBy: 'customer' }, 'answered'],
    [{ ...dial, type: 'call.ended', answered: true, talkSeconds: -1, hangupBy: 'customer' }, 'talkSeconds'],
    [{ ...dial, type: 'call.outcome', outcome: 'sale', amount: -5 }, 'amount'],
    [{ ...dial, type: 'help.requested', callId: undefined, channel: undefined, message: 'x'.repeat(501) }, 'message'],
    [{ ...dial, __proto__x: 1, ['__proto__']: { polluted: true } }, '__proto__'],
  ])('rejects %# naming the field %s', (event, field) => {
    const r = validateEvent(JSON.parse(JSON.stringify(event).replace('"__proto__x":1,', '')), NOW, RULES);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(field);
  });
  it('rejects an event stamped more than 5 minutes in the future, and accepts 4 minutes', () => {
    expect(validateEvent({ ...dial, ts: NOW + 5 * 60_000 + 1 }, NOW, RULES)).toMatchObject({
      ok: false,
      error: expect.stringContaining('ts'),
    });
    expect(validateEvent({ ...dial, ts: NOW + 4 * 60_000 }, NOW, RULES).ok).toBe(true);
  });
  it('rejects non-objects', () => {
    expect(validateEvent([1], NOW, RULES).ok).toBe(false);
    expect(validateEvent(null, NOW, RULES).ok).toBe(false);
  });
});

describe('well-formed Unicode in every string field', () => {
  const flag = { ...dial, type: 'compliance.flag', rule: 'complaint', severity: 'violation', campaignId: 'camp' };
  const help = { id: 'h1', type: 'help.requested', ts: dial.ts, teamId: 't', agentId: 'a', message: 'please come' };
  const cases: [Record<string, unknown>, string][] = [
    [flag, 'id'],
    [flag, 'teamId'],
    [flag, 'agentId'],
    [flag, 'campaignId'],
    [flag, 'callId'],
    [flag, 'rule'],
    [help, 'message'],
    [dial, 'phone'],
  ];
  // The attack as it was sent: JSON text with a \ud800 escape (a lone high surrogate), and its low twin.
  it.each(
    cases.flatMap(
      ([event, field]) =>
        [
          [field, '\\ud800x', event],
          [field, 'x\\udc00', event],
        ] as const,
    ),
  )('rejects a lone surrogate in %s ("%s")', (field, lone, event) => {
    const text = JSON.stringify({ ...event, [field]: '@@' }).replace('"@@"', `"${lone}"`);
    const r = validateEvent(JSON.parse(text), NOW, RULES);
    expect(r).toEqual({ ok: false, error: `${field}: is not well-formed Unicode` });
  });
  it('accepts a surrogate pair (an emoji) and a NUL byte: both are well-formed Unicode', () => {
    const r = validateEvent({ ...help, message: 'help 😀 a\u0000b' }, NOW, RULES);
    expect(r.ok && r.event.type === 'help.requested' && r.event.message).toBe('help 😀 a\u0000b');
    expect(validateEvent({ ...dial, id: 'nul\u0000id' }, NOW, RULES).ok).toBe(true);
  });
});

describe("FloorPulse's own id namespace", () => {
  it.each(['fp:outside_hours:call-1', 'fp:frequency_cap:c', 'fp:'])('rejects the client id %s naming id', (id) => {
    expect(validateEvent({ ...dial, id }, NOW, RULES)).toEqual({
      ok: false,
      error: "id: the fp: prefix is reserved for FloorPulse's own flags",
    });
  });
  it('accepts ids that merely look alike, and fp: in a call id', () => {
    for (const id of ['fp-1', 'FP:x', 'xfp:1', 'fp']) expect(validateEvent({ ...dial, id }, NOW, RULES).ok).toBe(true);
    expect(validateEvent({ ...dial, callId: 'fp:call' }, NOW, RULES).ok).toBe(true);
  });
});

describe('retention', () => {
  it('rejects an event older than RETENTION_DAYS (the TTL would drop it at once) and accepts one inside', () => {
    expect(validateEvent({ ...dial, ts: NOW - 401 * DAY }, NOW, RULES)).toEqual({
      ok: false,
      error: 'ts: is older than the retention (400 days)',
    });
    expect(validateEvent({ ...dial, ts: NOW - 400 * DAY }, NOW, RULES).ok).toBe(false);
    expect(validateEvent({ ...dial, ts: NOW - 399 * DAY }, NOW, RULES).ok).toBe(true);
    expect(validateEvent({ ...dial, ts: NOW - 200 * DAY }, NOW, { ...RULES, retentionDays: 183 })).toEqual({
      ok: false,
      error: 'ts: is older than the retention (183 days)',
    });
  });
});

describe('phone numbers', () => {
  it.each(['+8613910000001', '13910000001', '008613910000001', '+86 139-1000-0001', '(+86) 139 1000 0001'])(
    'reads %s as +8613910000001',
    (phone) => {
      const r = validateEvent({ ...dial, phone }, NOW, RULES);
      expect(r.ok && r.event.type === 'call.dialed' && r.event.phone).toBe('+8613910000001');
    },
  );
  it('reads a national number with the configured region', () => {
    const r = validateEvent({ ...dial, phone: '(415) 555-0100' }, NOW, { ...RULES, phoneRegion: 'US' });
    expect(r.ok && r.event.type === 'call.dialed' && r.event.phone).toBe('+14155550100');
  });
  it.each(['12345', 'not a phone', '+86139100000011', '139100000', 'call 13910000001 now', '+8613910000001, +8613910000002'])(
    'rejects %s naming phone, without echoing it',
    (phone) => {
      const r = validateEvent({ ...dial, phone }, NOW, RULES);
      expect(r).toEqual({ ok: false, error: 'phone: is not a valid phone number' });
    },
  );
});

describe('body parsing', () => {
  it('reads one event, an array and NDJSON with a bad line', () => {
    expect(parseBody('{"a":1}', 'application/json')).toHaveLength(1);
    expect(parseBody('[{"a":1},{"a":2}]', 'application/json')).toHaveLength(2);
    const items = parseBody('{"a":1}\nnot json\n{"a":3}\n', 'application/x-ndjson');
    expect(items.map((i) => i.ok)).toEqual([true, false, true]);
  });
  it('refuses a body that is no JSON at all', () => {
    expect(() => parseBody('hello', 'application/json')).toThrow(BadBodyError);
    expect(() => parseBody('hello\nworld', 'application/x-ndjson')).toThrow(BadBodyError);
  });
});
