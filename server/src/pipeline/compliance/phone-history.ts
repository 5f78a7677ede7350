const DAY = 24 * 3_600_000;

/** One dial as the frequency check needs it: who, which call, when. Never the phone itself. */
export interface DialRecord {
  callId: string;
  ts: number;
  teamId: string;
  agentId: string;
  channel: 'human' | 'robot';
}

/**
 * The dials of each phone hash over the last day(s), keyed by call id so that a dial re-sent under
 * another event id is still one dial. Bounded: `prune` forgets dials older than `keepMs`.
 */
export class PhoneHistory {
  private readonly byHash = new Map<string, Map<string, DialRecord>>();

  constructor(readonly keepMs = 2 * DAY) {}

  /** Records a dial; false when that call was already recorded (a re-send). */
  add(hash: string, dial: DialRecord): boolean {
    let calls = this.byHash.get(hash);
    if (!calls) this.byHash.set(hash, (calls = new Map()));
    if (calls.has(dial.callId)) return false;
    calls.set(dial.callId, dial);
    return true;
  }

  dials(hash: string): DialRecord[] {
    return [...(this.byHash.get(hash)?.values() ?? [])];
  }

  prune(now: number): void {
    const oldest = now - this.keepMs;
    for (const [hash, calls] of this.byHash) {
      for (const [id, d] of calls) if (d.ts < oldest) calls.delete(id);
      if (calls.size === 0) this.byHash.delete(hash);
    }
  }

  get size(): number {
    let n = 0;
    for (const calls of this.byHash.values()) n += calls.size;
    return n;
  }
}

/** Strict order of dials: by ts, then call id, so "the 4th dial" is well defined even on equal ts. */
function before(a: DialRecord, b: DialRecord): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.callId <= b.callId);
}

/**
 * The rank of `dial` among the dials of its phone in the 24 h up to it: the number of dials with
 * ts in (dial.ts − 24 h, dial.ts], itself included (ties broken by call id).
 */
export function rankIn24h(dial: DialRecord, all: readonly DialRecord[]): number {
  let n = 0;
  for (const d of all) if (d.ts > dial.ts - DAY && before(d, dial)) n++;
  return n;
}

/**
 * The dials whose rank passes `cap` once `added` is known: the added dial itself, and — when it
 * arrived late — later dials of the same phone within 24 h after it that it pushes over the cap.
 */
export function overCap(added: DialRecord, all: readonly DialRecord[], cap: number): DialRecord[] {
  return all
    .filter((d) => d.ts >= added.ts && d.ts < added.ts + DAY && before(added, d))
    .filter((d) => rankIn24h(d, all) > cap);
}
