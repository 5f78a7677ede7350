const DAY = 24 * 3_600_000;

/** One dial as the frequency check needs it: who, which call, when. Never the phone itself. */
export interface DialRecord {
  callId: string;
  ts: number;
  teamId: string;
  agentId: string;
  channel: 'human' | 'robot';
}

const CHANNELS = ['human', 'robot'] as const;

/**
 * The dials of each phone hash over the last day(s), keyed by call id so that a dial re-sent under
 * another event id is still one dial. Bounded: `prune` forgets dials older than `keepMs`.
 *
 * Compact: a dial is a slot in typed arrays (ts, interned agent and team, channel) plus its call id
 * string, and a phone with one dial maps straight to its slot. A Map of call id → DialRecord object
 * per phone took 108 MB per 200,000 dials (~540 bytes each; the soak adds ~800 dials/s); this 57 MB.
 */
export class PhoneHistory {
  /** phone hash → its slot, or its slots in the order added when it has several. */
  private readonly byHash = new Map<string, number | number[]>();
  private ts = new Float64Array(0);
  private agent = new Int32Array(0);
  private team = new Int32Array(0);
  private channel = new Uint8Array(0);
  private callId: (string | undefined)[] = [];
  private readonly names = new Map<string, number>();
  private readonly nameOf: string[] = [];
  private readonly freeSlots: number[] = [];
  private used = 0;
  private count = 0;

  constructor(readonly keepMs = 2 * DAY) {}

  /**
   * Records a dial; false when that call was already recorded (a re-send), under `hash` or under one of
   * `aliases`: other hashes of the same phone (the old scheme, while the switch to E.164 lasts: phone-hash.ts).
   */
  add(hash: string, dial: DialRecord, aliases: readonly string[] = []): boolean {
    for (const alias of aliases) if (this.holds(alias, dial.callId)) return false;
    const cur = this.byHash.get(hash);
    if (cur !== undefined) {
      if (typeof cur === 'number') {
        if (this.callId[cur] === dial.callId) return false;
        this.byHash.set(hash, [cur, this.store(dial)]);
      } else {
        for (const s of cur) if (this.callId[s] === dial.callId) return false;
        cur.push(this.store(dial));
      }
    } else this.byHash.set(hash, this.store(dial));
    return true;
  }

  /**
   * The phone's dials, in the order they were added (new objects: the history keeps none), then its
   * aliases' ones; a call once, though a restart may reload it under both hashes (stored before the
   * switch, re-sent after it under another event id).
   */
  dials(hash: string, aliases: readonly string[] = []): DialRecord[] {
    const slots = (h: string) => {
      const cur = this.byHash.get(h);
      return cur === undefined ? [] : typeof cur === 'number' ? [cur] : cur;
    };
    if (aliases.length === 0) return slots(hash).map((s) => this.record(s));
    const out: DialRecord[] = [];
    const seen = new Set<string>();
    for (const h of [hash, ...aliases]) {
      for (const s of slots(h)) {
        if (seen.has(this.callId[s]!)) continue;
        seen.add(this.callId[s]!);
        out.push(this.record(s));
      }
    }
    return out;
  }

  private holds(hash: string, callId: string): boolean {
    const cur = this.byHash.get(hash);
    if (cur === undefined) return false;
    return typeof cur === 'number' ? this.callId[cur] === callId : cur.some((s) => this.callId[s] === callId);
  }

  prune(now: number): void {
    const oldest = now - this.keepMs;
    for (const [hash, cur] of this.byHash) {
      if (typeof cur === 'number') {
        if (this.ts[cur]! < oldest) {
          this.release(cur);
          this.byHash.delete(hash);
        }
        continue;
      }
      const kept: number[] = [];
      for (const s of cur) {
        if (this.ts[s]! >= oldest) kept.push(s);
        else this.release(s);
      }
      if (kept.length === 0) this.byHash.delete(hash);
      else if (kept.length !== cur.length) this.byHash.set(hash, kept.length === 1 ? kept[0]! : kept);
    }
  }

  get size(): number {
    return this.count;
  }

  private record(s: number): DialRecord {
    return {
      callId: this.callId[s]!,
      ts: this.ts[s]!,
      teamId: this.nameOf[this.team[s]!]!,
      agentId: this.nameOf[this.agent[s]!]!,
      channel: CHANNELS[this.channel[s]!]!,
    };
  }

  private store(d: DialRecord): number {
    let s = this.freeSlots.pop();
    if (s === undefined) {
      if (this.used === this.ts.length) this.grow();
      s = this.used++;
    }
    this.ts[s] = d.ts;
    this.agent[s] = this.intern(d.agentId);
    this.team[s] = this.intern(d.teamId);
    this.channel[s] = d.channel === 'robot' ? 1 : 0;
    this.callId[s] = d.callId;
    this.count++;
    return s;
  }

  private release(s: number): void {
    this.callId[s] = undefined;
    this.freeSlots.push(s);
    this.count--;
  }

  /** Agents and teams are few (50,000 agents) against dials (millions over two days): one string each. */
  private intern(name: string): number {
    let i = this.names.get(name);
    if (i === undefined) {
      i = this.nameOf.push(name) - 1;
      this.names.set(name, i);
    }
    return i;
  }

  private grow(): void {
    const cap = Math.max(1024, Math.ceil(this.ts.length * 1.5));
    const ts = new Float64Array(cap);
    ts.set(this.ts);
    const agent = new Int32Array(cap);
    agent.set(this.agent);
    const team = new Int32Array(cap);
    team.set(this.team);
    const channel = new Uint8Array(cap);
    channel.set(this.channel);
    [this.ts, this.agent, this.team, this.channel] = [ts, agent, team, channel];
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
  return all.filter((d) => d.ts >= added.ts && d.ts < added.ts + DAY && before(added, d)).filter((d) => rankIn24h(d, all) > cap);
}

/** Sorts after every call id (ties at the same ts): a dial not yet made ranks after those already stored. */
const NOT_YET_DIALLED = '\uffff';

/**
 * Whether a dial of a phone at `ts` would break the cap, counting the dials already stored: `dialsIn24h` is
 * those with ts in (ts − 24 h, ts], and the dial would be over the cap when it ranks past it (rankIn24h, the
 * stream's own rank: a denied check that is dialled anyway is flagged frequency_cap by the same count).
 */
export function capForNextDial(
  all: readonly DialRecord[],
  ts: number,
  cap: number,
  who: Omit<DialRecord, 'callId' | 'ts'>,
): { dialsIn24h: number; over: boolean } {
  const probe: DialRecord = { ...who, callId: NOT_YET_DIALLED, ts };
  const rank = rankIn24h(probe, [...all, probe]);
  return { dialsIn24h: rank - 1, over: rank > cap };
}
