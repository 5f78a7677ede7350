import type { AddressInfo } from 'node:net';
import express from 'express';
import { Registry } from 'prom-client';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMapping } from '../../server/src/dialers/mapping-file.js';
import { loadHookSpecs } from '../../server/src/hooks/hook-spec.js';
import { hooksRoute } from '../../server/src/hooks/hooks-route.js';
import { AuthFailures } from '../../server/src/limits/auth-failures.js';

/** A hook without a secret in HOOK_SECRETS is closed: no post reaches its mapping or the ingest, signed or not. */
describe('a hook with no secret', () => {
  let url = '';
  let close = () => {};
  const reached: unknown[] = [];
  beforeAll(async () => {
    const web = express();
    web.use(
      hooksRoute({
        specs: loadHookSpecs(),
        secrets: new Map([['vonage', 'vonage-signature-secret-0123']]),
        publicUrl: undefined,
        mapping: emptyMapping(),
        // Never asked here: every post is refused before its events exist.
        ingest: {
          ingest: async (items) => {
            reached.push(items);
            return { accepted: 0, duplicates: 0, rejected: [] };
          },
        },
        integrity: { ok: true, problems: [], repairedMinutes: 0 },
        scheduler: asyncScheduler,
        registry: new Registry(),
        failures: new AuthFailures({ limiter: new RateLimiterMemory({ points: 20, duration: 60 }), limit: 20, isKnown: () => false }),
      }),
    );
    const server = web.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('answers 401 naming HOOK_SECRETS, for twilio and 7moor alike, whatever the post carries', async () => {
    for (const [hook, init] of [
      ['twilio', { headers: { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' }, body: 'CallSid=CA1&CallStatus=initiated' }],
      ['7moor', { body: 'CallSheetID=1&State=dealing' }],
    ] as const) {
      const res = await fetch(`${url}/api/v1/hooks/${hook}?token=anything-at-all-0123456789`, { method: 'POST', ...init });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: `hook ${hook} is closed: HOOK_SECRETS has no secret for it` });
    }
    expect(reached).toEqual([]);
  });
});
