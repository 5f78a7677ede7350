import { COUNT_KEYS, type CountKey, type Counts } from '@floorpulse/shared';

/**
 * The counts of every (scope, bucket) in a few typed arrays instead of one object per bucket.
 * Measured with the memory scenario's warm start (15 minutes, 1.8 M events, 50,000 agents, 1.5 M
 * (scope, bucket)): a Counts object in a Map plus a Set entry in the bucket index took 336 MB
 * (~223 bytes each; a full sliding hour holds ~3.5× as many); these arrays take 119 MB with their
 * growth slack (a slot was 72 bytes then; the hot-lead, satisfaction and QA counts, revenue, and machineAnswered, amdAnswered and abandoned made it 132), and adding the 1.8 M events went from 46 s to 14 s.
 *
 * Event counts are integers (each contribution adds 1), kept in Int32; talk seconds may be
 * fractional and stay Float64, added in the same order as before, so every sum is bit-identical.
 * `violations` is not stored: the window store counts distinct calls separately.
 */
/** Sums that may be fractional: talk seconds and sale amounts (revenue). */
export const FLOAT_KEYS = ['talkSeconds', 'revenue'] as const;
const isFloat = (k: CountKey): boolean => (FLOAT_KEYS as readonly string[]).includes(k);
/**
 * Every other count of the contract (COUNT_KEYS: a new count is stored here without a second list),
 * all integers; scores are whole (1–5, 0–100: the contract allows no fraction), far below 2^31 per bucket.
 */
export const INT_KEYS: readonly CountKey[] = COUNT_KEYS.filter((k) => k !== 'violations' && !isFloat(k));
const STRIDE = INT_KEYS.length;
const INT_INDEX: Record<string, number> = Object.fromEntries(INT_KEYS.map((k, i) => [k, i]));
const FSTRIDE = FLOAT_KEYS.length;
const FLOAT_INDEX: Record<string, number> = Object.fromEntries(FLOAT_KEYS.map((k, i) => [k, i]));
export const NONE = -1;

export class BucketPool {
  ints = new Int32Array(0);
  floats = new Float64Array(0);
  /** bucket start of each slot */
  bucket = new Float64Array(0);
  /** Per-scope chain in creation order (what `counts` iterates, as the old Map did). */
  prev = new Int32Array(0);
  next = new Int32Array(0);
  /** Per-bucket chain in creation order (what eviction folds, as the old index Set did). */
  nextInBucket = new Int32Array(0);
  /** Owner scope state of each slot. */
  owner: unknown[] = [];
  private capacity = 0;
  private used = 0;
  private free = NONE;

  alloc(bucket: number, owner: unknown): number {
    let slot = this.free;
    if (slot !== NONE) this.free = this.next[slot]!;
    else {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.ints.fill(0, slot * STRIDE, slot * STRIDE + STRIDE);
    this.floats.fill(0, slot * FSTRIDE, slot * FSTRIDE + FSTRIDE);
    this.bucket[slot] = bucket;
    this.prev[slot] = NONE;
    this.next[slot] = NONE;
    this.nextInBucket[slot] = NONE;
    this.owner[slot] = owner;
    return slot;
  }

  release(slot: number): void {
    this.owner[slot] = undefined;
    this.next[slot] = this.free;
    this.free = slot;
  }

  addDelta(slot: number, delta: Partial<Counts>): void {
    for (const k in delta) {
      if (k === 'violations') continue;
      const v = delta[k as keyof Counts] ?? 0;
      const f = FLOAT_INDEX[k];
      if (f !== undefined) {
        const at = slot * FSTRIDE + f;
        this.floats[at] = this.floats[at]! + v;
      } else {
        const i = INT_INDEX[k];
        if (i === undefined) continue;
        // A fractional count would be truncated here: refuse it rather than change a number.
        if ((v | 0) !== v) throw new RangeError(`count ${k} must be an integer, got ${v}`);
        const at = slot * STRIDE + i;
        this.ints[at] = this.ints[at]! + v;
      }
    }
  }

  /** target += slot, key by key (the same additions addInto made on the old Counts objects). */
  addTo(target: Counts, slot: number): void {
    const base = slot * STRIDE;
    for (let i = 0; i < STRIDE; i++) target[INT_KEYS[i]!] += this.ints[base + i]!;
    const fbase = slot * FSTRIDE;
    for (let i = 0; i < FSTRIDE; i++) target[FLOAT_KEYS[i]!] += this.floats[fbase + i]!;
  }

  private grow(): void {
    const cap = Math.max(1024, Math.ceil(this.capacity * 1.5));
    const ints = new Int32Array(cap * STRIDE);
    ints.set(this.ints);
    this.ints = ints;
    const floats = new Float64Array(cap * FSTRIDE);
    floats.set(this.floats);
    this.floats = floats;
    const bucket = new Float64Array(cap);
    bucket.set(this.bucket);
    this.bucket = bucket;
    for (const k of ['prev', 'next', 'nextInBucket'] as const) {
      const a = new Int32Array(cap);
      a.set(this[k]);
      this[k] = a;
    }
    this.capacity = cap;
  }
}
