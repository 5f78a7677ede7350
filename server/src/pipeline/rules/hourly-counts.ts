import { COUNT_KEYS, emptyCounts, type Counts, type StoredEvent } from '@floorpulse/shared';
import { contributionOf, addInto, type Thresholds } from '../windows/contribution.js';
import { localParts } from '../time/local-day.js';

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;

/**
 * Counts per agent per local clock hour, for the last `keepHours` hours: the "3 consecutive hours"
 * rule needs whole past hours, which the window store folds into days after one hour. Event-time,
 * like the windows; violations are distinct calls per hour, as in the SQL.
 */
export class HourlyCounts {
  private readonly hours = new Map<string, Map<number, { counts: Counts; violations: Set<string> }>>();
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
      if (c.delta) addInto(slot.counts, c.delta);
      if (c.violationCall !== null) slot.violations.add(c.violationCall);
    }
  }

  /** Seeds an hour from SQL (hourlyAgentCounts) at start. */
  seed(agentId: string, hourStart: number, counts: Partial<Counts>): void {
    const slot = this.slot(agentId, hourStart);
    const delta: Partial<Counts> = {};
    for (const k of COUNT_KEYS) if (k !== 'violations' && counts[k]) delta[k] = counts[k];
    addInto(slot.counts, delta);
    // Distinct violation calls cannot be merged from a count: kept as placeholders of that many calls.
    for (let i = 0; i < (counts.violations ?? 0); i++) slot.violations.add(`seed:${i}`);
  }

  counts(agentId: string, hourStart: number): Counts {
    const slot = this.hours.get(agentId)?.get(hourStart);
    const out = emptyCounts();
    if (!slot) return out;
    addInto(out, slot.counts);
    out.violations = slot.violations.size;
    return out;
  }

  agents(): IterableIterator<string> {
    return this.hours.keys();
  }

  prune(now: number): void {
    const oldest = now - this.options.keepHours * HOUR;
    for (const [agent, hours] of this.hours) {
      for (const h of hours.keys()) if (h < oldest) hours.delete(h);
      if (hours.size === 0) this.hours.delete(agent);
    }
  }

  private slot(agentId: string, hour: number) {
    let hours = this.hours.get(agentId);
    if (!hours) this.hours.set(agentId, (hours = new Map()));
    let slot = hours.get(hour);
    if (!slot) hours.set(hour, (slot = { counts: emptyCounts(), violations: new Set() }));
    return slot;
  }
}
