import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../bench/lib/events.js';
import { testClock } from '../helpers/clock.js';
import { startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * 10,000 hostile bodies, each invalid by construction (every event carries at least one mutation that
 * the contract refuses). Contract: a body with no valid event is a 4xx — 400 with the rejected list,
 * 413 over the size limit — never a 2xx or a 5xx, and nothing of it is stored.
 */
const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const random = rng(20261120);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

/** Far over every string limit of the contract (ids 128, message 500): the body stays under 5 MB. */
const HUGE = 'x'.repeat(20_000);
const deep = (n: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};
const badString = () => pick<unknown>([null, true, 0, 42, -1.5, [], {}, ['a'], '', HUGE, deep(200), { toString: 'x' }]);
/** Never a valid time: wrong types, no zone, before 2000 or after 2100, fractional ms. */
const badTime = () =>
  pick<unknown>([
    'yesterday',
    '2026-11-20 07:30',
    '2026-11-20T07:30:00',
    -2208988800000,
    Date.UTC(2150, 0, 1),
    Date.UTC(1970, 0, 2),
    1.5e12 + 0.5,
    '',
    null,
    true,
    {},
    [NOW],
    HUGE,
  ]);
/** An event time may not be more than 5 minutes ahead either (a consent expiry may). */
const badTs = () => (random() < 0.2 ? NOW + 3_600_000 : badTime());
const badEnum = () => pick<unknown>(['', 'HUMAN', 'fax', 'sale ', null, 1, true, [], {}, HUGE, '__proto__', 'constructor']);
const badNumber = () => pick<unknown>(['5', -1, null, true, [], {}, '1e3', HUGE]);
const badBool = () => pick<unknown>(['true', 1, 0, null, 'yes', [], {}]);

const MUTATIONS: ((e: Record<string, unknown>) => void)[] = [
  (e) => (e.id = badString()),
  (e) => (e.teamId = badString()),
  (e) => (e.agentId = badString()),
  (e) => (e.callId = badString()),
  (e) => (e.ts = badTs()),
  (e) => (e.channel = badEnum()),
  (e) => (e.type = pick(['call.teleported', '', 'CALL.DIALED', '__proto__', 'constructor', 'toString', null, 7, HUGE])),
  (e) => delete e[pick(['id', 'ts', 'teamId', 'agentId', 'type'])],
  // defineProperty: a plain `e.__proto__ = …` would set the prototype, and JSON would never carry the key.
  (e) =>
    Object.defineProperty(e, pick(['__proto__', 'constructor', 'prototype', 'extra', 'phoneNumber', 'Id']), {
      value: pick<unknown>([{ polluted: true }, 'x', 1, null]),
      enumerable: true,
      writable: true,
      configurable: true,
    }),
  (e) => {
    e.type = 'call.ended';
    e.answered = badBool();
    e.talkSeconds = 10;
    e.hangupBy = 'customer';
  },
  (e) => {
    e.type = 'call.ended';
    e.answered = true;
    e.talkSeconds = random() < 0.2 ? 86_401 : badNumber();
    e.hangupBy = 'agent';
  },
  (e) => {
    e.type = 'call.outcome';
    e.outcome = badEnum();
  },
  (e) => {
    e.type = 'call.outcome';
    e.outcome = 'sale';
    e.amount = badNumber();
  },
  (e) => {
    e.type = 'compliance.flag';
    e.rule = 'complaint';
    e.severity = badEnum();
  },
  (e) => {
    e.type = 'help.requested';
    delete e.callId;
    delete e.channel;
    e.message = HUGE;
  },
  (e) => (e.phone = pick<unknown>([HUGE, '', 12345, null, {}])),
  (e) => (e.consentExpiresAt = badTime()),
];

let seq = 0;
function badEvent(): Record<string, unknown> {
  const e: Record<string, unknown> = {
    id: `fz-${seq++}`,
    type: 'call.dialed',
    ts: NOW - 1000,
    teamId: 'fuzz',
    agentId: 'f1',
    callId: `fzc-${seq}`,
    channel: 'human',
  };
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) pick(MUTATIONS)(e);
  return e;
}

/** JSON text of an event with a literal the encoder would never write (NaN, Infinity, 1e999) in one field. */
function withLiteral(): string {
  const text = JSON.stringify({ ...badEvent(), talkSeconds: '@@' });
  return text.replace('"@@"', pick(['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', 'undefined', '0x10']));
}

function fuzzedBody(): { body: string | Buffer; contentType: string } {
  const kind = Math.floor(random() * 10);
  switch (kind) {
    case 0:
      return { body: JSON.stringify(badEvent()), contentType: 'application/json' };
    case 1:
      return { body: JSON.stringify(Array.from({ length: 1 + Math.floor(random() * 20) }, badEvent)), contentType: 'application/json' };
    case 2:
      return {
        body: Array.from({ length: 1 + Math.floor(random() * 20) }, () => JSON.stringify(badEvent())).join('\n'),
        contentType: 'application/x-ndjson',
      };
    case 3:
      return { body: withLiteral(), contentType: pick(['application/json', 'application/x-ndjson']) };
    case 4: {
      // Invalid UTF-8 inside an otherwise valid event.
      const text = JSON.stringify({
        id: 'utf',
        type: 'call.dialed',
        ts: NOW,
        teamId: 'fuzz',
        agentId: 'f1',
        callId: 'c',
        channel: 'human',
      });
      const at = 1 + Math.floor(random() * (text.length - 2));
      const junk = pick([[0xff], [0xfe, 0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]);
      return {
        body: Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(junk), Buffer.from(text.slice(at))]),
        contentType: 'application/json',
      };
    }
    case 5: {
      // Deep nesting of the body itself, beyond any parser's comfort.
      const depth = pick([1_000, 10_000, 50_000]);
      const open = pick(['[', '{"a":']);
      return { body: open.repeat(depth) + (open === '[' ? ']'.repeat(depth) : `1${'}'.repeat(depth)}`), contentType: 'application/json' };
    }
    case 6:
      return {
        body: pick([
          '',
          ' ',
          'null',
          'true',
          '0',
          '"event"',
          '[]',
          '[null]',
          '[1,2,3]',
          '{}',
          '[{}]',
          '{"__proto__":{"admin":true}}',
          '[[{"id":"x"}]]',
          '{"constructor":{"prototype":{"x":1}}}',
        ]),
        contentType: pick(['application/json', 'application/x-ndjson', 'text/plain']),
      };
    case 7: {
      const good = JSON.stringify(badEvent());
      return { body: good.slice(0, Math.floor(random() * good.length)), contentType: 'application/json' };
    }
    case 8: {
      const bytes = Buffer.alloc(1 + Math.floor(random() * 2000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      return { body: bytes, contentType: pick(['application/json', 'application/x-ndjson', 'application/octet-stream']) };
    }
    default: {
      // A deeply nested field, written as text: JSON.stringify itself would overflow on it.
      const n = pick([10, 1000, 5000]);
      const text = JSON.stringify({ ...badEvent(), nested: '@@' }).replace('"@@"', `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
      return { body: text, contentType: 'application/json' };
    }
  }
}

describe('10,000 fuzzed bodies', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('torture-fuzz'), scheduler: clock });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers 400 with the rejected list when not one event is valid', async () => {
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        { id: 'n1', type: 'call.dialed' },
        { id: 'n2', type: 'nope', ts: NOW, teamId: 't', agentId: 'a' },
      ]),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; accepted: number; rejected: { index: number }[] };
    expect(body.accepted).toBe(0);
    expect(body.rejected.map((r) => r.index)).toEqual([0, 1]);
  });

  it('gives only 4xx answers, stays alive, and stores nothing', { timeout: 120_000 }, async () => {
    const statuses = new Map<number, number>();
    const odd: string[] = [];
    let next = 0;
    const TOTAL = 10_000;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < TOTAL) {
          next++;
          const { body, contentType } = fuzzedBody();
          const res = await fetch(`${server.url}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKENS.INGEST_TOKEN}`, 'content-type': contentType },
            body: typeof body === 'string' ? body : new Uint8Array(body),
          });
          const answer = await res.text();
          if (res.status < 400 && odd.length < 5) {
            const bad = new Set((JSON.parse(answer) as { rejected: { index: number }[] }).rejected.map((r) => r.index));
            const text = String(body);
            const items: unknown[] = text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((l) => JSON.parse(l));
            odd.push(JSON.stringify(items.filter((_, i) => !bad.has(i))).slice(0, 400));
          }
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }),
    );
    const all = Object.fromEntries(statuses);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
    expect(
      [...statuses.keys()].filter((s) => s < 400 || s >= 500),
      JSON.stringify({ all, odd }),
    ).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const rs = await server.store.client.query({ query: 'SELECT count() AS n FROM call_events', format: 'JSONEachRow' });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(0);
    // Nothing reached the live windows either.
    const live = await fetch(`${server.url}/api/v1/rates?scope=floor&window=today`, {
      headers: { authorization: `Bearer ${TOKENS.VIEWER_TOKEN}` },
    });
    expect(((await live.json()) as { counts: { dialed: number } }).counts.dialed).toBe(0);
  });

  /**
   * Lone surrogates (high and low) and NUL bytes in every string field, inside bodies that mix them with
   * valid events, 16 bodies at once. A lone surrogate is refused naming its field (ClickHouse would refuse
   * a high one for the whole group-committed insert, and store a low one as invalid UTF-8). A NUL byte is
   * accepted: it is well-formed Unicode, ClickHouse's String holds any bytes, and it must round-trip.
   */
  it('refuses lone surrogates naming the field, stores NUL bytes as sent, and every valid item exactly once', {
    timeout: 120_000,
  }, async () => {
    const STRING_FIELDS: Record<string, string[]> = {
      'call.dialed': ['id', 'teamId', 'agentId', 'campaignId', 'callId', 'phone'],
      'compliance.flag': ['id', 'teamId', 'agentId', 'campaignId', 'callId', 'rule'],
      'help.requested': ['id', 'teamId', 'agentId', 'campaignId', 'message'],
    };
    let n = 0;
    const valid = (type: string): Record<string, unknown> => {
      const id = `fzu-${n++}`;
      const b = { id, ts: NOW - 1000, teamId: 'fzu', agentId: `fa${n % 7}`, campaignId: 'camp' };
      if (type === 'call.dialed') return { ...b, type, callId: `fzc-${id}`, channel: 'human', phone: '+8613900000000' };
      if (type === 'compliance.flag') return { ...b, type, callId: `fzc-${id}`, rule: 'script', severity: 'reminder' };
      return { ...b, type, message: 'please come' };
    };
    const expected = new Map<string, Record<string, unknown>>();
    const bodies: { text: string; contentType: string; bad: Map<number, string> }[] = [];
    for (let b = 0; b < 400; b++) {
      const lines: string[] = [];
      const bad = new Map<number, string>();
      const size = 1 + Math.floor(random() * 8);
      for (let i = 0; i < size; i++) {
        const type = pick(Object.keys(STRING_FIELDS));
        const e = valid(type);
        const field = pick(STRING_FIELDS[type]!);
        const kind = random();
        if (kind < 0.4) {
          // The attack as sent: a \ud800 or \udc00 escape in the JSON text, alone or inside other text.
          const lone = pick(['\\ud800', '\\udc00', 'x\\ud800y', 'x\\udc00', '\\udfff\\ud800', '\\ud83d']);
          lines.push(JSON.stringify({ ...e, [field]: '@@' }).replace('"@@"', `"${lone}"`));
          bad.set(i, `${field}: is not well-formed Unicode`);
        } else if (kind < 0.7 && field !== 'phone') {
          const withNul = { ...e, [field]: `${String(e[field])}\u0000${pick(['', 'x', '\u0000'])}` };
          lines.push(JSON.stringify(withNul));
          expected.set(String(withNul.id), withNul);
        } else {
          lines.push(JSON.stringify(e));
          expected.set(String(e.id), e);
        }
      }
      const ndjson = random() < 0.5;
      bodies.push({
        text: ndjson ? lines.join('\n') : `[${lines.join(',')}]`,
        contentType: ndjson ? 'application/x-ndjson' : 'application/json',
        bad,
      });
    }

    const problems: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const res = await fetch(`${server.url}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKENS.INGEST_TOKEN}`, 'content-type': body.contentType },
            body: body.text,
          });
          const answer = (await res.json()) as { accepted: number; rejected: { index: number; error: string }[] };
          const size = body.text.startsWith('[') ? (JSON.parse(body.text) as unknown[]).length : body.text.split('\n').length;
          const wantStatus = body.bad.size === size ? 400 : 200;
          const got = JSON.stringify({ status: res.status, accepted: answer.accepted, rejected: answer.rejected });
          const want = JSON.stringify({
            status: wantStatus,
            accepted: size - body.bad.size,
            rejected: [...body.bad].map(([index, error]) => ({ index, error })),
          });
          if (got !== want && problems.length < 5) problems.push(`${got} ≠ ${want}`);
        }
      }),
    );
    expect(problems).toEqual([]);

    const rs = await server.store.client.query({
      query:
        "SELECT id, team_id, agent_id, campaign_id, call_id, rule, message, count() OVER (PARTITION BY id) AS copies FROM call_events WHERE team_id LIKE 'fzu%' AND NOT derived",
      format: 'JSONEachRow',
    });
    const rows = await rs.json<Record<string, string>>();
    expect(rows.length).toBe(expected.size);
    expect(rows.filter((r) => Number(r.copies) !== 1)).toEqual([]);
    const stored = new Map(rows.map((r) => [r.id!, r]));
    const mismatches = [...expected.values()].filter((e) => {
      const r = stored.get(String(e.id));
      return (
        !r ||
        r.team_id !== e.teamId ||
        r.agent_id !== e.agentId ||
        r.campaign_id !== e.campaignId ||
        ('callId' in e && r.call_id !== e.callId) ||
        ('rule' in e && r.rule !== e.rule) ||
        ('message' in e && r.message !== e.message)
      );
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect([...expected.keys()].filter((id) => id.includes('\u0000')).length).toBeGreaterThan(10);
  });
});
