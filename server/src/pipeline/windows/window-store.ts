import { type Counts, computeRates, emptyCounts, type RatesSnapshot, type Scope, type WindowName } from '@floorpulse/shared';
import { startOfLocalDay, startOfNextLocalDay } from '../time/local-day.js';
import { BucketPool, NONE } from './bucket-pool.js';
import { addInto, type Contribution } from './contribution.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Chain steps of a missed search after which a scope gets a ring index. */
const DEEP_WALK = 32;

export interface WindowStoreOptions {
  /** Bucket width: window edges are aligned to it (≤ 10 s, as the rates contract allows). */
  bucketMs: number;
  /** IANA zone of the floor: "today" starts at its local midnight. */
  zone: string;
}

interface ScopeState {
  /** Its key in `states` (a string whose hash is computed already: cheap to put in a Set). */
  scope: Scope;
  /** The `add` call that last changed it: a scope goes into the changed set once per call, not once per event. */
  mark: number;
  /** The fine buckets (last hour and a bucket, what the sliding windows need): a chain of pool slots, oldest created first. */
  head: number;
  tail: number;
  fineCount: number;
  /** The newest fine bucket held: a later one is new without searching the chain. */
  newest: number;
  /**
   * Running counts of one local day (`dayTotalStart`), every bucket of it, future ones included: "today"
   * is read for every agent on every rules tick, and walking each agent's hour of buckets for it was
   * most of a tick with 50,000 agents. Started by the first read of that day; null until then.
   */
  dayTotal: Counts | null;
  dayTotalStart: number;
  /** bucket → slot for scopes whose events come out of order (`ringFor`); null for most. */
  ring: Int32Array | null;
  /** local day start → counts of that day's buckets that left the fine buckets (created on first use: most scopes have none). */
  days: Map<number, Counts> | null;
  /** call id → times of its violation flags (today and yesterday): `violations` counts calls, not flags. Created on first flag. */
  violations: Map<string, number[]> | null;
}

/** First and last slot of a bucket's chain across scopes. */
interface BucketChain {
  head: number;
  tail: number;
}

/**
 * The live counts of every scope in bounded memory: scopes × (fine buckets + 2 days), never the events.
 * Event-time: each contribution lands in the bucket of its own ts, however late it arrives.
 */
export class WindowStore {
  private readonly states = new Map<Scope, ScopeState>();
  private readonly pool = new BucketPool();
  /** bucket start → its slots in every scope, so eviction does not walk every scope. */
  private readonly bucketIndex = new Map<number, BucketChain>();
  private readonly dayStartCache = new Map<number, number>();
  /** The oldest day kept at the last prune: days and violations are pruned once per day, not per batch. */
  private prunedBefore = -Infinity;
  private adds = 0;
  /**
   * Ring size − 1: a power of two of buckets covering more than the fine span (the sliding hour, a
   * bucket, and events dated up to 10 minutes ahead), so two fine buckets never share an entry.
   */
  private readonly ringMask: number;

  constructor(readonly options: WindowStoreOptions) {
    this.ringMask = 2 ** Math.ceil(Math.log2((90 * MINUTE) / options.bucketMs)) - 1;
  }

  /** Adds contributions; returns the scopes whose numbers changed. */
  add(contributions: readonly Contribution[], now: number): Set<Scope> {
    const mark = ++this.adds;
    const touched: ScopeState[] = [];
    const horizon = this.horizon(now);
    const oldestDay = this.dayStart(now - DAY);
    for (const c of contributions) {
      if (c.scopes.length === 0) continue;
      const bucket = this.bucketOf(c.ts);
      const fine = bucket >= horizon;
      const day = this.dayStart(bucket);
      if (!fine && day < oldestDay) continue; // older than yesterday: history only, not a live window
      for (const scope of c.scopes) {
        const st = this.state(scope);
        if (c.delta) {
          if (st.dayTotal && st.dayTotalStart === day) addInto(st.dayTotal, c.delta);
          if (fine) this.pool.addDelta(this.fineSlot(st, bucket), c.delta);
          else addInto(this.dayCounts(st, day), c.delta);
        }
        if (c.violationCall !== null) {
          st.violations ??= new Map();
          const times = st.violations.get(c.violationCall);
          if (times) times.push(c.ts);
          else st.violations.set(c.violationCall, [c.ts]);
        }
        if (st.mark !== mark) {
          st.mark = mark;
          touched.push(st);
        }
      }
    }
    const changed = new Set<Scope>();
    for (const st of touched) changed.add(st.scope);
    return changed;
  }

  /**
   * Counts already summed for a whole local day (`day`, a day start), older than the sliding buckets:
   * a restart's rebuild adds the part of today before the last hour this way. `violations` is ignored
   * here (distinct calls: add the flags as contributions).
   */
  addDayCounts(scopes: readonly Scope[], day: number, counts: Counts): void {
    const { violations: _distinctElsewhere, ...delta } = counts;
    for (const scope of scopes) {
      const st = this.state(scope);
      addInto(this.dayCounts(st, day), delta);
      if (st.dayTotal && st.dayTotalStart === day) addInto(st.dayTotal, delta);
    }
  }

  /** Where the sliding buckets begin at `now`: events before it only count in their day. */
  fineFrom(now: number): number {
    return this.horizon(now);
  }

  /** Folds buckets that left the sliding horizon into their day and forgets days before yesterday. */
  evict(now: number): void {
    const horizon = this.horizon(now);
    const oldestDay = this.dayStart(now - DAY);
    const pool = this.pool;
    for (const [bucket, chain] of this.bucketIndex) {
      if (bucket >= horizon) continue;
      const day = this.dayStart(bucket);
      for (let slot = chain.head; slot !== NONE; ) {
        const st = pool.owner[slot] as ScopeState;
        const nextSlot = pool.nextInBucket[slot]!;
        if (day >= oldestDay) pool.addTo(this.dayCounts(st, day), slot);
        this.unlink(st, slot);
        pool.release(slot);
        slot = nextSlot;
      }
      this.bucketIndex.delete(bucket);
      this.dayStartCache.delete(bucket);
    }
    if (oldestDay === this.prunedBefore) return;
    this.prunedBefore = oldestDay;
    for (const st of this.states.values()) {
      if (st.days) for (const day of st.days.keys()) if (day < oldestDay) st.days.delete(day);
      if (st.violations)
        for (const [call, times] of st.violations) {
          const kept = times.filter((t) => t >= oldestDay);
          if (kept.length === 0) st.violations.delete(call);
          else if (kept.length !== times.length) st.violations.set(call, kept);
        }
    }
  }

  /** The exact [from, to) a window covers at `now`: edges aligned to buckets, `to` is the end of the current bucket. */
  range(window: WindowName, now: number): { from: number; to: number } {
    const to = Math.ceil(now / this.options.bucketMs) * this.options.bucketMs;
    if (window === '15m') return { from: to - 15 * MINUTE, to };
    if (window === '1h') return { from: to - HOUR, to };
    return { from: startOfLocalDay(now, this.options.zone), to };
  }

  counts(scope: Scope, from: number, to: number): Counts {
    const counts = emptyCounts();
    const st = this.states.get(scope);
    if (!st) return counts;
    if (!this.fromDayTotal(st, from, to, counts)) this.walk(st, from, to, counts);
    let violations = 0;
    if (st.violations) for (const times of st.violations.values()) if (times.some((t) => t >= from && t < to)) violations++;
    counts.violations = violations;
    return counts;
  }

  /** Sums the fine buckets in [from, to) and the days that start in it. */
  private walk(st: ScopeState, from: number, to: number, into: Counts): void {
    const pool = this.pool;
    for (let slot = st.head; slot !== NONE; slot = pool.next[slot]!) {
      const bucket = pool.bucket[slot]!;
      if (bucket >= from && bucket < to) pool.addTo(into, slot);
    }
    if (st.days) for (const [day, c] of st.days) if (day >= from && day < to) addInto(into, c);
  }

  /**
   * [from, to) from the running day total when it is a day's start up to a moment in that day and no
   * bucket at or after `to` is held (an event dated a few minutes ahead): false → walk instead.
   */
  private fromDayTotal(st: ScopeState, from: number, to: number, into: Counts): boolean {
    if (st.newest >= to || this.dayStart(from) !== from || this.dayStart(to - this.options.bucketMs) !== from) return false;
    if (st.dayTotalStart !== from || !st.dayTotal) {
      // The whole day as held now (its future buckets too, since `add` keeps it whole from here on).
      const total = emptyCounts();
      this.walk(st, from, startOfNextLocalDay(from, this.options.zone), total);
      st.dayTotal = total;
      st.dayTotalStart = from;
    }
    addInto(into, st.dayTotal);
    return true;
  }

  snapshot(scope: Scope, window: WindowName, now: number): RatesSnapshot {
    const { from, to } = this.range(window, now);
    const counts = this.counts(scope, from, to);
    return { scope, window, from: new Date(from).toISOString(), to: new Date(to).toISOString(), counts, rates: computeRates(counts) };
  }

  /** Every scope seen: agents and teams for leaderboards and the supervisor table. */
  scopes(): IterableIterator<Scope> {
    return this.states.keys();
  }

  /** Buckets held in memory, all scopes together: the bound the memory test checks. */
  size(): { scopes: number; buckets: number } {
    let buckets = 0;
    for (const st of this.states.values()) buckets += st.fineCount + (st.days?.size ?? 0);
    return { scopes: this.states.size, buckets };
  }

  private horizon(now: number): number {
    // The 1 h window's `from` is at least now − 1 h rounded down; one bucket more for safety.
    return Math.floor((now - HOUR) / this.options.bucketMs) * this.options.bucketMs - this.options.bucketMs;
  }

  private bucketOf(ts: number): number {
    return Math.floor(ts / this.options.bucketMs) * this.options.bucketMs;
  }

  private dayStart(bucket: number): number {
    let d = this.dayStartCache.get(bucket);
    if (d === undefined) {
      d = startOfLocalDay(bucket, this.options.zone);
      if (this.dayStartCache.size > 10_000) this.dayStartCache.clear();
      this.dayStartCache.set(bucket, d);
    }
    return d;
  }

  private state(scope: Scope): ScopeState {
    let st = this.states.get(scope);
    if (!st) {
      st = {
        scope,
        mark: 0,
        head: NONE,
        tail: NONE,
        fineCount: 0,
        newest: -Infinity,
        dayTotal: null,
        dayTotalStart: NaN,
        ring: null,
        days: null,
        violations: null,
      };
      this.states.set(scope, st);
    }
    return st;
  }

  /**
   * The scope's slot for a fine bucket, created at the end of its chain when new. A bucket later than
   * any held is new at once (an agent's next call: walking its whole chain to miss was most of a
   * restart's time); otherwise searched from the newest created, where an event roughly in time order hits.
   */
  private fineSlot(st: ScopeState, bucket: number): number {
    const pool = this.pool;
    const at = (bucket / this.options.bucketMs) & this.ringMask;
    if (bucket > st.newest) st.newest = bucket;
    else if (st.ring) {
      // The ring holds every fine slot of this scope: a miss is a new bucket. An entry may be a slot
      // evicted (and reused) since: trusted only if it is still this scope's, for this bucket.
      const slot = st.ring[at]!;
      if (slot !== NONE && pool.owner[slot] === st && pool.bucket[slot] === bucket) return slot;
    } else {
      let steps = 0;
      for (let slot = st.tail; slot !== NONE; slot = pool.prev[slot]!, steps++) if (pool.bucket[slot] === bucket) return slot;
      if (steps > DEEP_WALK) this.ringFor(st);
    }
    const slot = pool.alloc(bucket, st);
    if (st.ring) st.ring[at] = slot;
    if (st.tail === NONE) st.head = slot;
    else {
      pool.next[st.tail] = slot;
      pool.prev[slot] = st.tail;
    }
    st.tail = slot;
    st.fineCount++;
    const chain = this.bucketIndex.get(bucket);
    if (!chain) this.bucketIndex.set(bucket, { head: slot, tail: slot });
    else {
      pool.nextInBucket[chain.tail] = slot;
      chain.tail = slot;
    }
    return slot;
  }

  /**
   * A direct bucket → slot index for a scope whose events come out of time order (the floor, teams and
   * channels during a restart's rebuild in table order, or a dialer's late batches): searching its chain
   * walked up to an hour of buckets per event. Only such scopes get one (4 KB): agents' come in order.
   */
  private ringFor(st: ScopeState): void {
    const ring = new Int32Array(this.ringMask + 1).fill(NONE);
    const pool = this.pool;
    for (let slot = st.head; slot !== NONE; slot = pool.next[slot]!)
      ring[(pool.bucket[slot]! / this.options.bucketMs) & this.ringMask] = slot;
    st.ring = ring;
  }

  /** The scope's counts of a day that left the fine buckets, created on first use. */
  private dayCounts(st: ScopeState, day: number): Counts {
    st.days ??= new Map();
    let counts = st.days.get(day);
    if (!counts) {
      counts = emptyCounts();
      st.days.set(day, counts);
    }
    return counts;
  }

  private unlink(st: ScopeState, slot: number): void {
    const pool = this.pool;
    const p = pool.prev[slot]!;
    const n = pool.next[slot]!;
    if (p === NONE) st.head = n;
    else pool.next[p] = n;
    if (n === NONE) st.tail = p;
    else pool.prev[n] = p;
    st.fineCount--;
  }
}
