import { COUNT_KEYS, type Counts, emptyCounts, type StoredEvent } from '@floorpulse/shared';
import { localParts } from '../time/local-day.js';
import { BucketPool } from '../windows/bucket-pool.js';
import { contributionOf, type Thresholds } from '../windows/contribution.js';

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;

/**
 * Counts per agent per local clock hour, for the last `keepHours` hours: the "3 consecutive hours"
 * rule needs whole past hours, which the window store folds into days after one hour. Event-time,
 * like the windows; violations are distinct calls per hour, as in the SQL.
 *
 * An (agent, hour) is a slot of a BucketPool (typed arrays, the hour in its `bucket`), an agent a
 * short array of slots, and the distinct violation calls a Set only for the rare hours that have
 * one. Before: a Map per agent and a Counts object + an empty Set per hour; measured for 50,000
 * agents × the 26 hours kept (a full day of a 50,000-agent floor): 451 MB before, 129 MB now.
 * Sums are made in the same order, so every number is the same.
 */
export class HourlyCounts {
  private readonly pool = new BucketPool();
  /** agent → its slots, oldest created first */
  private readonly hours = new Map<string, number[]>();
  /** slot → distinct violation calls of that agent hour */
  private readonly violations = new Map<number, Set<string>>();
  private readonly hourCache = new Map<number, number>();

  constructor(readonly options: { zone: string; thresholds: Thresholds; keepHours: number }) {}

  /**
   * Start of the local clock hour holding `ts`. UTC offsets are whole quarter hours, so every
   * 15-minute UTC block lies within one local hour: cached per block.
   */
  hourStart(ts: number): number {
    const block = Math.floor(ts / QUARTER) * QUARTER;
    let start = this.hourCache.get(block);
    if (start === undefined) {
      const p = localParts(block, this.options.zone);
      start = block - (p.minute * 60 + p.second) * 1000;
      if (this.hourCache.size > 5000) this.hourCache.clear();
      this.hourCache.set(block, start);
    }
    return start;
  }

  add(events: readonly StoredEvent[]): void {
    for (const e of events) {
      const c = contributionOf(e, this.options.thresholds);
      if (!c.delta && c.violationCall === null) continue;
      const slot = this.slot(e.agentId, this.hourStart(e.ts));
      if (c.delta) this.pool.addDelta(slot, c.delta);
      if (c.violationCall !== null) this.callsOf(slot).add(c.violationCall);
    }
  }

  /** Seeds an hour from SQL (hourlyAgentCounts) at start. */
  seed(agentId: string, hourStart: number, counts: Partial<Counts>): void {
    const slot = this.slot(agentId, hourStart);
    const delta: Partial<Counts> = {};
    for (const k of COUNT_KEYS) if (k !== 'violations' && counts[k]) delta[k] = counts[k];
    this.pool.addDelta(slot, delta);
    // Distinct violation calls cannot be merged from a count: kept as placeholders of that many calls.
    for (let i = 0; i < (counts.violations ?? 0); i++) this.callsOf(slot).add(`seed:${i}`);
  }

  counts(agentId: string, hourStart: number): Counts {
    const out = emptyCounts();
    const slots = this.hours.get(agentId);
    const slot = slots?.find((s) => this.pool.bucket[s] === hourStart);
    if (slot === undefined) return out;
    this.pool.addTo(out, slot);
    out.violations = this.violations.get(slot)?.size ?? 0;
    return out;
  }

  agents(): IterableIterator<string> {
    return this.hours.keys();
  }

  prune(now: number): void {
    const oldest = now - this.options.keepHours * HOUR;
    for (const [agent, slots] of this.hours) {
      const kept = slots.filter((s) => this.pool.bucket[s]! >= oldest);
      if (kept.length === slots.length) continue;
      for (const s of slots) {
        if (this.pool.bucket[s]! >= oldest) continue;
        this.violations.delete(s);
        this.pool.release(s);
      }
      if (kept.length === 0) this.hours.delete(agent);
      else this.hours.set(agent, kept);
    }
  }

  private slot(agentId: string, hour: number): number {
    let slots = this.hours.get(agentId);
    if (!slots) {
      slots = [];
      this.hours.set(agentId, slots);
    }
    for (let i = slots.length - 1; i >= 0; i--) if (this.pool.bucket[slots[i]!] === hour) return slots[i]!;
    const slot = this.pool.alloc(hour, null);
    slots.push(slot);
    return slot;
  }

  private callsOf(slot: number): Set<string> {
    let calls = this.violations.get(slot);
    if (!calls) {
      calls = new Set();
      this.violations.set(slot, calls);
    }
    return calls;
  }
}
