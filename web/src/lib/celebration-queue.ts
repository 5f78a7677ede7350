import type { Celebration } from '@floorpulse/shared';

export interface QueueOptions {
  /** How long one celebration holds the screen. */
  showMs: number;
  /** A breath between two, so they read as two. */
  gapMs: number;
  /** How many ids to remember; older ones are forgotten (the server never re-sends that far back). */
  remember?: number;
  /** Ids shown earlier (e.g. before a reload), so they are not shown again. */
  seen?: Iterable<string>;
  onShow(c: Celebration): void;
  onHide(c: Celebration): void;
  /** Timer; the browser's by default, fake ones in tests. */
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

/**
 * Celebrations one at a time: queued in arrival order, never overlapping, never twice for the same
 * id (a reconnect or a second delivery is dropped here too, not only on the server).
 */
export class CelebrationQueue {
  private readonly waiting: Celebration[] = [];
  private readonly seen: string[] = [];
  private readonly seenSet = new Set<string>();
  private showing: Celebration | null = null;
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly opts: QueueOptions) {
    for (const id of opts.seen ?? []) this.remember(id);
  }

  get current(): Celebration | null {
    return this.showing;
  }

  get pending(): number {
    return this.waiting.length;
  }

  get seenIds(): readonly string[] {
    return this.seen;
  }

  /** false when this id was already shown or queued. */
  push(c: Celebration): boolean {
    if (this.stopped || this.seenSet.has(c.id)) return false;
    this.remember(c.id);
    this.waiting.push(c);
    if (!this.showing && this.timer === null) this.next();
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) (this.opts.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
    this.waiting.length = 0;
    this.showing = null;
  }

  private remember(id: string): void {
    if (this.seenSet.has(id)) return;
    this.seenSet.add(id);
    this.seen.push(id);
    const max = this.opts.remember ?? 500;
    while (this.seen.length > max) this.seenSet.delete(this.seen.shift()!);
  }

  private next(): void {
    const c = this.waiting.shift();
    if (!c) return;
    this.showing = c;
    this.opts.onShow(c);
    this.timer = this.schedule(() => {
      this.showing = null;
      this.opts.onHide(c);
      this.timer = this.schedule(() => {
        this.timer = null;
        this.next();
      }, this.opts.gapMs);
    }, this.opts.showMs);
  }

  private schedule(fn: () => void, ms: number): unknown {
    return (this.opts.setTimer ?? ((f: () => void, d: number) => setTimeout(f, d)))(fn, ms);
  }
}
