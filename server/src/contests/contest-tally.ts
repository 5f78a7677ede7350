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

  /** False when the event was counted already. */
  add(participant: ContestParticipant, id: string, ts: number, value: number): boolean {
    let m = this.points.get(participant);
    if (!m) {
      m = new Map();
      this.points.set(participant, m);
    }
    if (m.has(id)) return false;
    m.set(id, { ts, id, value });
    return true;
  }

  /** Sums, and for a target the ts at which the running sum in (ts, id) order reached it, as the SQL has it. */
  standings(target?: number): ContestStanding[] {
    const out: ContestStanding[] = [];
    for (const [participant, m] of this.points) {
      let value = 0;
      let reachedAt: number | undefined;
      const ordered = target === undefined ? [...m.values()] : [...m.values()].sort(byTsThenId);
      for (const p of ordered) {
        value += p.value;
        if (target !== undefined && reachedAt === undefined && value >= target) reachedAt = p.ts;
      }
      out.push({ participant, value, ...(reachedAt !== undefined ? { reachedAt: new Date(reachedAt).toISOString() } : {}) });
    }
    return out;
  }
}

// Byte order of ASCII ids, as ClickHouse orders a String.
const byTsThenId = (a: Point, b: Point): number => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
