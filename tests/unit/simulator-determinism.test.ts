import { describe, expect, it } from 'vitest';
import { deliveriesBefore, type FloorSpec, generateFloor } from '../../tools/simulator/generate.js';

const START = Date.parse('2026-11-20T07:00:00+08:00');
const spec = (over: Partial<FloorSpec> = {}): FloorSpec => ({
  seed: 7,
  start: START,
  zone: 'Asia/Shanghai',
  teams: 2,
  agentsPerTeam: 4,
  robotsPerTeam: 1,
  speed: 2,
  ...over,
});
const HOURS_6 = START + 6 * 3_600_000;

describe('the floor generator', () => {
  it('gives the same events, ids and delivery times for the same seed and start', () => {
    const a = deliveriesBefore(spec(), HOURS_6);
    const b = deliveriesBefore(spec(), HOURS_6);
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
  });

  it('gives a different floor for another seed', () => {
    const a = deliveriesBefore(spec(), HOURS_6).map((d) => d.event);
    const b = deliveriesBefore(spec({ seed: 8 }), HOURS_6).map((d) => d.event);
    expect(b).not.toEqual(a);
  });

  it('never reuses an id across two starts of the same seed (a restarted demo is not a duplicate)', () => {
    const a = new Set(deliveriesBefore(spec(), HOURS_6).map((d) => d.event.id));
    const b = deliveriesBefore(spec({ start: START + 1000 }), HOURS_6).map((d) => d.event.id);
    expect(b.filter((id) => a.has(id))).toEqual([]);
  });

  it('is lazy and endless: taking from the generator equals the collected prefix', () => {
    const collected = deliveriesBefore(spec(), HOURS_6);
    const taken = [];
    const it = generateFloor(spec());
    for (let i = 0; i < collected.length; i++) taken.push(it.next().value);
    expect(taken).toEqual(collected);
    expect(it.next().done).toBe(false);
  });

  it('emits in send order, never sends before the event time, and nothing before the start', () => {
    const ds = deliveriesBefore(spec(), HOURS_6);
    for (let i = 1; i < ds.length; i++) expect(ds[i]!.at).toBeGreaterThanOrEqual(ds[i - 1]!.at);
    expect(ds.every((d) => d.at >= d.event.ts && d.event.ts >= START)).toBe(true);
  });

  it('rejects a floor without seats or with a zero speed', () => {
    expect(() => generateFloor(spec({ agentsPerTeam: 0, robotsPerTeam: 0 })).next()).toThrow(RangeError);
    expect(() => generateFloor(spec({ speed: 0 })).next()).toThrow(RangeError);
  });
});
