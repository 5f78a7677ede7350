import type { ContestParticipant, ContestStanding } from '@floorpulse/shared';

interface Point {
  ts: number;
  id: string;
  value: number;
}

/**
 * One contest's live numbers: the counted events by id, so the SQL seed and the live batches can overlap
 * (a batch stored while the seed query ran) without counting an event twice. Bounded by the contest's own
 * events (a contest window is at most 12 h, contests-service.ts).
 */
export class ContestTally {
  private readonly points = new Map<ContestParticipant, Map<string, Point>>();
  /** Running sums: a batch adds in O(1), and only a participant at the target is sorted for its reach. */
  private readonly sums = new Map<ContestParticipant, number>();

  /** False when the event was counted already. */
  add(participant: ContestParticipant, id: string, ts: number, value: number): boolean {
    let m = this.points.get(participant);
    if (!m) {
      m = new Map();
      this.points.set(participant, m);
    }
    if (m.has(id)) return false;
    m.set(id, { ts, id, value });
    this.sums.set(participant, (this.sums.get(participant) ?? 0) + value);
    return true;
  }

  /** Whether some participant's sum is at `target` (a race to it is then decided). */
  reached(target: number): boolean {
    for (const v of this.sums.values()) if (v >= target) return true;
    return false;
  }

  /** Sums, and for a target the ts at which the running sum in (ts, id) order reached it, as the SQL has it. */
  standings(target?: number): ContestStanding[] {
    const out: ContestStanding[] = [];
    for (const [participant, m] of this.points) {
      let value = 0;
      let reachedAt: number | undefined;
      if (target !== undefined && (this.sums.get(participant) ?? 0) >= target) {
        for (const p of [...m.values()].sort(byTsThenId)) {
          value += p.value;
          if (reachedAt === undefined && value >= target) reachedAt = p.ts;
        }
      } else for (const p of m.values()) value += p.value;
      out.push({ participant, value, ...(reachedAt !== undefined ? { reachedAt: new Date(reachedAt).toISOString() } : {}) });
    }
    return out;
  }
}

// Byte order of ASCII ids, as ClickHouse orders a String.
const byTsThenId = (a: Point, b: Point): number => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
