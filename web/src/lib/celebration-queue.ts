import type { Celebration } from '@floorpulse/shared';

/** What the wall shows: one celebration, or several of one kind merged into one card (`group`, in arrival order). */
export type ShownCelebration = Celebration & { group?: Celebration[] };

/** More than this many waiting, and they merge, one card per kind: ten sales must not hold the wall for a minute. */
export const MERGE_ABOVE = 3;
const MINUTE = 60_000;

export interface QueueOptions {
  /** How long one celebration holds the screen. */
  showMs: number;
  /** A breath between two, so they read as two. */
  gapMs: number;
  /** How many ids to remember; older ones are forgotten (the server never re-sends that far back). */
  remember?: number;
  /** Ids shown earlier (e.g. before a reload), so they are not shown again. */
  seen?: Iterable<string>;
  /**
   * The most of any minute celebrations may cover, as a share (0.25: 15 s), read at each card (it comes
   * from GET /api/v1/meta, after the queue exists). A card that would exceed it waits. Absent: no limit.
   * At least one card a minute always fits, whatever the share.
   */
  maxShare?: () => number | null;
  onShow(c: ShownCelebration): void;
  onHide(c: ShownCelebration): void;
  /** The clock the share is measured on; the browser's by default, the fake timers' in tests. */
  now?(): number;
  /** Timer; the browser's by default, fake ones in tests. */
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

/**
 * Celebrations one at a time: queued in arrival order, never overlapping, never twice for the same
 * id (a reconnect or a second delivery is dropped here too, not only on the server). When more than
 * MERGE_ABOVE wait, each kind's merge into one card; and cards cover at most `maxShare` of any minute.
 */
export class CelebrationQueue {
  private readonly waiting: Celebration[] = [];
  /** Start times of the cards shown in the last minute: what the share is measured on. */
  private readonly starts: number[] = [];
  private readonly seen: string[] = [];
  private readonly seenSet = new Set<string>();
  private showing: ShownCelebration | null = null;
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly opts: QueueOptions) {
    for (const id of opts.seen ?? []) this.remember(id);
  }

  get current(): ShownCelebration | null {
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
    if (this.waiting.length === 0) return;
    const wait = this.budgetWait();
    if (wait > 0) {
      this.timer = this.schedule(() => {
        this.timer = null;
        this.next();
      }, wait);
      return;
    }
    const c = this.take();
    this.starts.push(this.clock());
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

  /** The next card: the oldest one, or, with more than MERGE_ABOVE waiting, all of its kind merged. */
  private take(): ShownCelebration {
    const first = this.waiting[0]!;
    if (this.waiting.length <= MERGE_ABOVE) return this.waiting.shift()!;
    const group = this.waiting.filter((c) => c.kind === first.kind);
    if (group.length === 1) return this.waiting.shift()!;
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i]!.kind === first.kind) this.waiting.splice(i, 1);
    // The merged card's id is its first member's: the members' ids are all remembered as seen already.
    return { ...first, group };
  }

  /**
   * How long the next card must wait so that no minute is covered more than the share. Coverage of the
   * minute ending at a card's end only grows while the card is up (it adds 1 s a second, an older card
   * leaves at most as fast), so that minute is the one to check; cards never overlap, so the coverage
   * drops 1 s a second while the minute's start crosses an old card, and stays while it crosses a gap.
   */
  private budgetWait(): number {
    const share = this.opts.maxShare?.();
    if (share === null || share === undefined) return 0;
    const show = this.opts.showMs;
    const budget = Math.max(share * MINUTE, show);
    const now = this.clock();
    while (this.starts.length > 0 && this.starts[0]! + show <= now + show - MINUTE) this.starts.shift();
    let from = now + show - MINUTE;
    let covered = 0;
    for (const s of this.starts) covered += Math.max(0, Math.min(s + show, now + show) - Math.max(s, from));
    let over = covered + show - budget;
    if (over <= 0) return 0;
    for (const s of this.starts) {
      if (s + show <= from) continue;
      if (s > from) from = s;
      const take = Math.min(s + show - from, over);
      from += take;
      over -= take;
      if (over <= 0) break;
    }
    return Math.max(0, Math.ceil(from + MINUTE - show - now));
  }

  private clock(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private schedule(fn: () => void, ms: number): unknown {
    return (this.opts.setTimer ?? ((f: () => void, d: number) => setTimeout(f, d)))(fn, ms);
  }
}
