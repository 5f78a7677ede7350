import { hashId, IdSet } from './id-set.js';

const HOUR = 3_600_000;

/**
 * The ids accepted in the last `hours`, in hourly slices so that forgetting is O(1) per hour.
 * Rebuilt from call_events at start, so a re-send after a restart is still a duplicate.
 * Each slice is an IdSet (characters in byte chunks, exact): the memory scenario's 1.8 M ids took
 * 114 MB as Sets of strings, 58 MB now (id-set.ts).
 */
export class IdMemory {
  private readonly slices = new Map<number, IdSet>();

  constructor(private readonly hours: number) {}

  has(id: string): boolean {
    if (this.slices.size === 0) return false;
    const hash = hashId(id);
    for (const s of this.slices.values()) if (s.has(id, hash)) return true;
    return false;
  }

  add(id: string, at: number): void {
    const key = Math.floor(at / HOUR);
    let s = this.slices.get(key);
    if (!s) this.slices.set(key, (s = new IdSet()));
    s.add(id);
  }

  prune(now: number): void {
    const oldest = Math.floor(now / HOUR) - this.hours;
    for (const key of this.slices.keys()) if (key < oldest) this.slices.delete(key);
  }

  /** The horizon: events older than this are also checked against ClickHouse. */
  horizonMs(): number {
    return this.hours * HOUR;
  }

  get size(): number {
    let n = 0;
    for (const s of this.slices.values()) n += s.size;
    return n;
  }
}
