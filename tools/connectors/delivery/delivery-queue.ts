import type { ConnectorStats } from '../core/connector-stats.js';
import type { Logger } from '../core/logger.js';
import type { OutEvent } from '../core/out-event.js';
import type { DiskSpool } from './disk-spool.js';

interface Pending {
  line: string;
  /** The spool segment the line was read back from: released once all its lines are acknowledged. */
  seg?: number;
}

/**
 * The bounded buffer between the mappers and FloorPulse: memory first (`memoryEvents`), then the disk
 * spool (`spool.maxEvents`), in order — once anything is on disk, new events go to disk too, so the
 * oldest are always sent first. Only when both are full is an event dropped, counted and logged: nothing
 * is dropped while fewer events than the configured buffer wait.
 */
export class DeliveryQueue {
  private memory: Pending[] = [];
  private readonly segLeft = new Map<number, number>();
  private droppedSinceLog = 0;

  constructor(private readonly o: { memoryEvents: number; spool?: DiskSpool; stats: ConnectorStats; log: Logger }) {
    this.refill();
  }

  /** Events waiting, in memory and on disk. */
  get size(): number {
    return this.memory.length + (this.o.spool?.count ?? 0);
  }

  get capacity(): number {
    return this.o.memoryEvents + (this.o.spool?.maxEvents ?? 0);
  }

  push(events: readonly OutEvent[]): void {
    for (const e of events) {
      const line = JSON.stringify(e);
      const spool = this.o.spool;
      if ((!spool || spool.count === 0) && this.memory.length < this.o.memoryEvents) this.memory.push({ line });
      else if (spool && spool.count < spool.maxEvents) {
        spool.append(line);
        this.o.stats.spooled++;
      } else this.drop();
    }
  }

  /** The oldest `n` events, left in the queue until acknowledged. */
  peek(n: number): string[] {
    return this.memory.slice(0, n).map((p) => p.line);
  }

  /** The oldest `n` events reached FloorPulse (stored, or refused for good): they leave the buffer. */
  ack(n: number): void {
    for (const p of this.memory.splice(0, n)) {
      if (p.seg === undefined) continue;
      const left = (this.segLeft.get(p.seg) ?? 1) - 1;
      if (left > 0) this.segLeft.set(p.seg, left);
      else {
        this.segLeft.delete(p.seg);
        this.o.spool!.release(p.seg);
      }
    }
    this.refill();
  }

  /**
   * At stop: what is only in memory goes to the spool (sent at the next start). Returns how many events
   * are lost because there is no spool (or it is full): the caller logs them.
   */
  close(): number {
    const spool = this.o.spool;
    let lost = 0;
    for (const p of this.memory) {
      if (p.seg !== undefined) continue; // its segment file is still on disk
      if (spool && spool.count < spool.maxEvents) spool.append(p.line);
      else lost++;
    }
    this.memory = [];
    return lost;
  }

  private refill(): void {
    const spool = this.o.spool;
    while (spool && spool.count > 0 && (this.memory.length === 0 || this.memory.length + spool.nextSegmentSize <= this.o.memoryEvents)) {
      const seg = spool.takeOldest();
      if (!seg) break;
      if (seg.lines.length === 0) {
        spool.release(seg.seq);
        continue;
      }
      this.segLeft.set(seg.seq, seg.lines.length);
      for (const line of seg.lines) this.memory.push({ line, seg: seg.seq });
    }
  }

  private drop(): void {
    this.o.stats.dropped++;
    // Logged at the first drop, then every 1,000: loud, without a log line per event.
    if (this.droppedSinceLog++ % 1000 === 0) {
      this.o.log.warn({ dropped: this.o.stats.dropped, buffer: this.capacity }, 'buffer full (memory and spool): events dropped');
    }
  }
}
