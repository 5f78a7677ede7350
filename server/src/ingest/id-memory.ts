import { hashId, IdSet } from './id-set.js';
import { MAX_FUTURE_MS } from './validate.js';

const MINUTE = 60_000;
/** Slice width: forgetting is one Map delete per slice; each slice costs at least one 1 MB chunk. */
const SLICE_MS = 5 * MINUTE;

/**
 * The ids accepted (by arrival time) in the last `minutes`, in 5-minute slices so that forgetting
 * is O(1). Bounded by rate × minutes, whatever the uptime: a re-send of an older event is checked
 * in ClickHouse instead (`trustedFrom`). Why that is exact: an event's first delivery cannot arrive
 * more than MAX_FUTURE_MS before its own ts (validation refuses it), so every event with
 * ts ≥ now − minutes + MAX_FUTURE_MS that was ever accepted arrived within the kept slices. At start
 * the slices are refilled from call_events.received_at, so a restart keeps the same guarantee.
 * Each slice is an IdSet (characters in byte chunks, exact, ~30 bytes an id; id-set.ts).
 */
export class IdMemory {
  private readonly slices = new Map<number, IdSet>();

  constructor(private readonly minutes: number) {
    if (minutes * MINUTE <= MAX_FUTURE_MS)
      throw new RangeError(`the id memory must outlast the ${MAX_FUTURE_MS / MINUTE}-minute future skew`);
  }

  has(id: string): boolean {
    if (this.slices.size === 0) return false;
    const hash = hashId(id);
    for (const s of this.slices.values()) if (s.has(id, hash)) return true;
    return false;
  }

  add(id: string, at: number): void {
    const key = Math.floor(at / SLICE_MS);
    let s = this.slices.get(key);
    if (!s) {
      s = new IdSet();
      this.slices.set(key, s);
    }
    s.add(id);
  }

  /** Forgets slices that end before now − minutes (what is kept always covers the whole span). */
  prune(now: number): void {
    const oldest = Math.floor((now - this.minutes * MINUTE) / SLICE_MS);
    for (const key of this.slices.keys()) if (key < oldest) this.slices.delete(key);
  }

  /** Events with ts at or after this are refused or let in by memory alone; older ones are also looked up in ClickHouse. */
  trustedFrom(now: number): number {
    return now - this.minutes * MINUTE + MAX_FUTURE_MS;
  }

  /** Arrivals at or after this must be in memory (what a restart reloads). */
  keptFrom(now: number): number {
    return now - this.minutes * MINUTE;
  }

  get size(): number {
    let n = 0;
    for (const s of this.slices.values()) n += s.size;
    return n;
  }
}
