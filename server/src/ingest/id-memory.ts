const HOUR = 3_600_000;

/**
 * The ids accepted in the last `hours`, in hourly slices so that forgetting is O(1) per hour.
 * Rebuilt from call_events at start, so a re-send after a restart is still a duplicate.
 */
export class IdMemory {
  private readonly slices = new Map<number, Set<string>>();

  constructor(private readonly hours: number) {}

  has(id: string): boolean {
    for (const s of this.slices.values()) if (s.has(id)) return true;
    return false;
  }

  add(id: string, at: number): void {
    const key = Math.floor(at / HOUR);
    let s = this.slices.get(key);
    if (!s) this.slices.set(key, (s = new Set()));
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
