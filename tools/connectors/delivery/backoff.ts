/**
 * Jittered exponential backoff: attempt n waits between half and all of min(max, base·2ⁿ). Half at least,
 * so a FloorPulse that is down is not hammered; the random other half, so many connectors restarted
 * together do not retry in step (AWS Architecture Blog, "Exponential Backoff And Jitter": equal jitter).
 */
export class Backoff {
  private attempt = 0;

  constructor(private readonly o: { baseMs?: number; maxMs?: number; random?: () => number } = {}) {}

  next(): number {
    // 250 ms first: a FloorPulse restart answers 503 for seconds; 30 s at most: an outage is retried twice a minute.
    const cap = Math.min(this.o.maxMs ?? 30_000, (this.o.baseMs ?? 250) * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(cap / 2 + (this.o.random ?? Math.random)() * (cap / 2));
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
