import type { Celebration } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';

export interface ReplayLogOptions {
  /** 2 min: the reconnect horizon (docs/realtime.md, "Reconnect"); later a screen starts fresh. */
  keepMs: number;
  /** Bound on memory whatever the rate (a sale storm): the oldest go first. */
  maxEntries: number;
  scheduler: SchedulerLike;
}

/**
 * The celebrations of the last `keepMs`, in arrival order, for screens whose connection state
 * could not be recovered (another process, or the Redis adapter, which keeps no session):
 * they name the last id they showed and get exactly those after it.
 */
export class ReplayLog {
  private readonly entries: { at: number; celebration: Celebration }[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly opts: ReplayLogOptions) {}

  /** False when the id is already there (a peer's copy of one we hold): each id once. */
  add(celebration: Celebration): boolean {
    this.prune();
    if (this.ids.has(celebration.id)) return false;
    this.entries.push({ at: this.opts.scheduler.now(), celebration });
    this.ids.add(celebration.id);
    while (this.entries.length > this.opts.maxEntries) this.ids.delete(this.entries.shift()!.celebration.id);
    return true;
  }

  /**
   * What came after `lastId`; an empty list when `lastId` is unknown or expired — the screen
   * was away too long, and replaying everything could show one twice.
   */
  after(lastId: string): Celebration[] {
    this.prune();
    const i = this.entries.findIndex((e) => e.celebration.id === lastId);
    return i < 0 ? [] : this.entries.slice(i + 1).map((e) => e.celebration);
  }

  private prune(): void {
    const horizon = this.opts.scheduler.now() - this.opts.keepMs;
    while (this.entries.length > 0 && this.entries[0]!.at < horizon) this.ids.delete(this.entries.shift()!.celebration.id);
  }
}
