import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../server/src/ingest/validate.js';
import { parseBody, BadBodyError } from '../../server/src/ingest/parse-body.js';

const NOW = Date.parse('2026-11-20T07:30:00Z');
const dial = { id: 'e1', type: 'call.dialed', ts: '2026-11-20T07:00:00Z', teamId: 't', agentId: 'a', callId: 'c', channel: 'human' };

describe('event validation', () => {
  it('accepts ISO with Z, ISO with an offset and epoch ms as the same instant', () => {
    const a = validateEvent(dial, NOW);
    const b = validateEvent({ ...dial, ts: '2026-11-20T15:00:00+08:00' }, NOW);
    const c = validateEvent({ ...dial, ts: Date.parse('2026-11-20T07:00:00Z') }, NOW);
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
    const r = validateEvent(JSON.parse(JSON.stringify(event).replace('"__proto__x":1,', '')), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(field);
  });
  it('rejects an event stamped more than 5 minutes in the future, and accepts 4 minutes', () => {
    expect(validateEvent({ ...dial, ts: NOW + 5 * 60_000 + 1 }, NOW)).toMatchObject({ ok: false, error: expect.stringContaining('ts') });
    expect(validateEvent({ ...dial, ts: NOW + 4 * 60_000 }, NOW).ok).toBe(true);
  });
  it('rejects non-objects', () => {
    expect(validateEvent([1], NOW).ok).toBe(false);
    expect(validateEvent(null, NOW).ok).toBe(false);
  });
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
