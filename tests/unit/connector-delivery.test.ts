import { readdirSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConnectorStats } from '../../tools/connectors/core/connector-stats.js';
import { Backoff } from '../../tools/connectors/delivery/backoff.js';
import { DeliveryQueue } from '../../tools/connectors/delivery/delivery-queue.js';
import { DiskSpool } from '../../tools/connectors/delivery/disk-spool.js';
import { numberedDial } from '../helpers/delivery-events.js';
import { tempDataDir } from '../helpers/server.js';

const log = pino({ level: 'silent' });
const ids = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { id: string }).id);

describe('backoff', () => {
  it('waits between half and all of min(max, base·2ⁿ), and starts again after a reset', () => {
    const lo = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
    const hi = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 1 });
    expect([1, 2, 3, 4, 5].map(() => lo.next())).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map(() => hi.next())).toEqual([100, 200, 400, 800, 1000]);
    lo.reset();
    expect(lo.next()).toBe(50);
  });
});

describe('the delivery buffer', () => {
  it('fills memory, then the spool, keeps order, and drops (counted) only beyond both', () => {
    const stats = new ConnectorStats();
    const spool = new DiskSpool(tempDataDir('spool-order'), 5, 2);
    const q = new DeliveryQueue({ memoryEvents: 3, spool, stats, log });
    q.push([0, 1, 2, 3, 4, 5, 6, 7].map(numberedDial));
    expect(q.size).toBe(8);
    expect(stats).toMatchObject({ spooled: 5, dropped: 0 });
    q.push([numberedDial(8), numberedDial(9)]);
    expect(stats.dropped).toBe(2);
    const sent: string[] = [];
    while (q.size > 0) {
      const batch = q.peek(2);
      sent.push(...ids(batch));
      q.ack(batch.length);
    }
    expect(sent).toEqual(['t:0', 't:1', 't:2', 't:3', 't:4', 't:5', 't:6', 't:7']);
  });

  it('a spool left by a stopped or killed connector is sent first at the next start; a segment file goes once acknowledged', () => {
    const dir = tempDataDir('spool-restart');
    const stats = new ConnectorStats();
    const first = new DeliveryQueue({ memoryEvents: 2, spool: new DiskSpool(dir, 100, 2), stats, log });
    first.push([0, 1, 2, 3, 4].map(numberedDial)); // 0, 1 in memory; 2, 3, 4 on disk
    expect(first.close()).toBe(0); // 0, 1 written to the spool at stop
    const second = new DeliveryQueue({ memoryEvents: 10, spool: new DiskSpool(dir, 100, 2), stats, log });
    expect(second.size).toBe(5);
    expect(ids(second.peek(10)).sort()).toEqual(['t:0', 't:1', 't:2', 't:3', 't:4']);
    second.ack(5);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('without a spool, what is in memory at stop is reported lost', () => {
    const q = new DeliveryQueue({ memoryEvents: 10, stats: new ConnectorStats(), log });
    q.push([numberedDial(1), numberedDial(2)]);
    expect(q.close()).toBe(2);
  });
});
