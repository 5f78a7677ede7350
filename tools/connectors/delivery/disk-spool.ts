import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { SpoolError } from '../core/errors.js';

interface Segment {
  seq: number;
  file: string;
  count: number;
}

const NAME = /^spool-(\d{12})\.ndjson$/;

/**
 * The disk half of the buffer: NDJSON segment files in one directory, oldest first. A segment is read
 * back whole into memory when there is room and deleted only once all its events are acknowledged, so a
 * connector killed at any point finds every unacknowledged spooled event again at its next start (some
 * may be sent twice: FloorPulse counts them once). Writes are appends, the OS keeps them across a crash
 * of the process (not of the machine: no fsync per event).
 */
export class DiskSpool {
  private readonly waiting: Segment[] = [];
  private writing: Segment | null = null;
  private nextSeq = 1;
  private waitingCount = 0;

  constructor(
    private readonly dir: string,
    readonly maxEvents: number,
    private readonly segmentEvents = 1000,
  ) {
    try {
      mkdirSync(dir, { recursive: true });
      for (const name of readdirSync(dir)
        .filter((n) => NAME.test(n))
        .sort()) {
        const seq = Number(NAME.exec(name)![1]);
        const file = path.join(dir, name);
        const count = lines(readFileSync(file, 'utf8')).length;
        if (count === 0) unlinkSync(file);
        else this.waiting.push({ seq, file, count });
        this.waitingCount += count;
        this.nextSeq = Math.max(this.nextSeq, seq + 1);
      }
    } catch (e) {
      throw new SpoolError(`spool directory ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Events on disk not yet read back into memory. */
  get count(): number {
    return this.waitingCount;
  }

  /** The size of the oldest segment waiting, or 0. */
  get nextSegmentSize(): number {
    return this.waiting[0]?.count ?? 0;
  }

  append(line: string): void {
    if (!this.writing || this.writing.count >= this.segmentEvents) {
      this.writing = { seq: this.nextSeq++, file: '', count: 0 };
      this.writing.file = path.join(this.dir, `spool-${String(this.writing.seq).padStart(12, '0')}.ndjson`);
      this.waiting.push(this.writing);
    }
    try {
      appendFileSync(this.writing.file, `${line}\n`);
    } catch (e) {
      throw new SpoolError(`spool ${this.writing.file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.writing.count++;
    this.waitingCount++;
  }

  /** Reads the oldest segment back (its file stays until release). */
  takeOldest(): { seq: number; lines: string[] } | undefined {
    const seg = this.waiting.shift();
    if (!seg) return undefined;
    if (seg === this.writing) this.writing = null;
    this.waitingCount -= seg.count;
    if (!existsSync(seg.file)) throw new SpoolError(`spool ${seg.file} vanished`);
    return { seq: seg.seq, lines: lines(readFileSync(seg.file, 'utf8')) };
  }

  /** Every event of the segment is acknowledged: its file goes. */
  release(seq: number): void {
    const file = path.join(this.dir, `spool-${String(seq).padStart(12, '0')}.ndjson`);
    try {
      unlinkSync(file);
    } catch (e) {
      throw new SpoolError(`spool ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
