import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallEvent } from '@floorpulse/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../tools/simulator/delivery-queue.js';
import { sendFloor } from '../../tools/simulator/send.js';

/**
 * The demo's dialer asks the pre-dial check before each live dial (tools/simulator/send.ts), so the
 * supervisor page's "dials stopped" card has something to count; never in the backfill, whose checks
 * would all count as asked now.
 */
let server: Server | null = null;
afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise((r) => s.close(r));
});

/** A FloorPulse stand-in that records each request in order: the events posted and the checks asked. */
async function recorder(): Promise<{ url: string; seen: { path: string; body: string }[] }> {
  const seen: { path: string; body: string }[] = [];
  const s = createServer((req, res) => {
    let body = '';
    req
      .on('data', (c: Buffer) => (body += c.toString()))
      .on('end', () => {
        seen.push({ path: req.url ?? '', body });
        res.setHeader('content-type', 'application/json');
        if (req.url === '/api/v1/compliance/check') res.end(JSON.stringify({ allow: false, reasons: ['frequency_cap'] }));
        else res.end(JSON.stringify({ accepted: body.split('\n').length, duplicates: 0, rejected: [] }));
      });
  });
  server = s;
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

const dialed = (n: number, ts: number): CallEvent => ({
  id: `d${n}`,
  type: 'call.dialed',
  ts,
  teamId: 'north',
  agentId: 'n1',
  callId: `c${n}`,
  channel: 'human',
  phone: `+8613900000${String(n).padStart(3, '0')}`,
  consentExpiresAt: ts + 86_400_000,
});

describe('the simulator asks before it dials, once live', () => {
  it('asks about each live dial (team, agent, phone, consent, its time) before posting it, and nothing of the backfill', async () => {
    const { url, seen } = await recorder();
    const now = Date.now();
    // Two dials already due (the backfill), then one a second later (live: sendFloor runs on the real
    // clock, and the second leaves the backfill's post time to finish before the floor is live).
    const deliveries: Delivery[] = [
      { at: now - 60_000, event: dialed(1, now - 60_000) },
      { at: now - 30_000, event: dialed(2, now - 30_000) },
      { at: now + 1000, event: dialed(3, now + 1000) },
      {
        at: now + 1000,
        event: { id: 'a3', type: 'call.answered', ts: now + 1000, teamId: 'north', agentId: 'n1', callId: 'c3', channel: 'human' },
      },
    ];
    const stats = await sendFloor({ url, token: 't', deliveries: deliveries.values(), askBeforeDial: true });
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/events', '/api/v1/compliance/check', '/api/v1/events']);
    const asked = JSON.parse(seen[1]!.body) as Record<string, unknown>;
    expect(asked).toEqual({
      teamId: 'north',
      agentId: 'n1',
      phone: '+8613900000003',
      at: now + 1000,
      consentExpiresAt: now + 1000 + 86_400_000,
    });
    // It dials anyway: the refused dial is posted, its flag is the stream's to raise.
    expect(seen[2]!.body).toContain('"id":"d3"');
    expect(stats.checks).toBe(1);
  });

  it('asks nothing when not told to (npm run simulate, the backfill tools)', async () => {
    const { url, seen } = await recorder();
    const now = Date.now();
    await sendFloor({ url, token: 't', deliveries: [{ at: now + 20, event: dialed(1, now + 20) }].values() });
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/events']);
  });
});
