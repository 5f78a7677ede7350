import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { CallEvent, StoredEvent } from '@floorpulse/shared';
import type { BodyItem } from './parse-body.js';
import { validateEvent } from './validate.js';
import { GroupCommit } from './group-commit.js';
import { IdMemory } from './id-memory.js';
import { ChannelResolver } from './channel-resolver.js';

/** A promise settled from outside; marked handled, since nobody may be waiting on a failed claim. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

/** What one ingest call did, for operations (metrics): counts, time until stored, or the store failing. */
export type IngestOutcome =
  | { ok: true; accepted: number; duplicates: number; rejected: number; storeMs: number }
  | { ok: false; error: unknown };

export interface IngestStorage {
  insert(events: readonly StoredEvent[], receivedAt: number): Promise<void>;
  /** Of these events, the ids already stored: for events older than the in-memory horizon. */
  storedIds(events: readonly { id: string; ts: number }[]): Promise<Set<string>>;
}

/** Derives FloorPulse's own compliance flags for a batch of new events (the rules stage plugs in here). */
export type FlagDeriver = (events: readonly StoredEvent[]) => StoredEvent[];

export interface IngestOptions {
  storage: IngestStorage;
  scheduler: SchedulerLike;
  hashPhone: (phone: string) => string;
  /** How long accepted ids stay in memory (IdMemory); older re-sends are looked up in ClickHouse. */
  dedupeMinutes: number;
  flushMs: number;
  maxBatch: number;
  deriveFlags?: FlagDeriver;
  channels?: ChannelResolver;
  /** Called after each stored batch with its size and the time it waited: metrics hook. */
  onStored?: (count: number, oldestSubmitMs: number) => void;
}

/**
 * validate → hash the phone → drop duplicates → resolve channel → derive flags → one group-committed
 * insert → `stored$`. A request is answered only after its events are in ClickHouse; only stored
 * events reach the pipeline, and each exactly once.
 */
export class IngestService {
  readonly ids: IdMemory;
  readonly channels: ChannelResolver;
  private readonly stored = new Subject<readonly StoredEvent[]>();
  /** Everything that is in ClickHouse, batch by batch, in write order. */
  readonly stored$: Observable<readonly StoredEvent[]> = this.stored.asObservable();
  private readonly outcomes = new Subject<IngestOutcome>();
  /** One outcome per ingest call (metrics subscribe; nothing in the data path does). */
  readonly outcomes$: Observable<IngestOutcome> = this.outcomes.asObservable();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly commit: GroupCommit<StoredEvent>;

  constructor(private readonly options: IngestOptions) {
    this.ids = new IdMemory(options.dedupeMinutes);
    this.channels = options.channels ?? new ChannelResolver();
    this.commit = new GroupCommit<StoredEvent>({
      flushMs: options.flushMs,
      maxBatch: options.maxBatch,
      scheduler: options.scheduler,
      write: async (batch) => {
        const now = options.scheduler.now();
        await options.storage.insert(batch, now);
        for (const e of batch) this.ids.add(e.id, now);
        this.stored.next(batch);
      },
    });
  }

  async ingest(items: readonly BodyItem[]): Promise<IngestResult> {
    const now = this.options.scheduler.now();
    this.ids.prune(now);
    const rejected: IngestResult['rejected'] = [];
    const fresh: StoredEvent[] = [];
    const waits: Promise<void>[] = [];
    const seenInBody = new Set<string>();
    let duplicates = 0;
    items.forEach((item, index) => {
      if (!item.ok) return rejected.push({ index, error: item.error });
      const v = validateEvent(item.value, now);
      if (!v.ok) return rejected.push({ index, error: v.error });
      const id = v.event.id;
      if (seenInBody.has(id) || this.ids.has(id)) return duplicates++;
      seenInBody.add(id);
      const inFlight = this.pending.get(id);
      if (inFlight) {
        // Another request is writing this id now: a duplicate, but only once that write has landed.
        duplicates++;
        waits.push(inFlight);
        return;
      }
      fresh.push(this.toStored(v.event));
    });

    // Claim the fresh ids before anything awaits: a concurrent request with one of them (a retry, two
    // dialer threads) waits for this one instead of looking it up in ClickHouse and writing it again.
    const claim = deferred();
    for (const e of fresh) this.pending.set(e.id, claim.promise);
    const claimed: StoredEvent[] = [...fresh];
    let resolved: StoredEvent[] = [];
    try {
      const trusted = this.ids.trustedFrom(now);
      const old = fresh.filter((e) => e.ts < trusted);
      const known = old.length > 0 ? await this.options.storage.storedIds(old) : new Set<string>();
      const toWrite = known.size > 0 ? fresh.filter((e) => !known.has(e.id)) : fresh;
      duplicates += fresh.length - toWrite.length;

      resolved = this.channels.resolve(toWrite);
      const derived = (this.options.deriveFlags?.(resolved) ?? []).filter((f) => !this.ids.has(f.id) && !this.pending.has(f.id));
      for (const f of derived) this.pending.set(f.id, claim.promise);
      claimed.push(...derived);
      const written = this.commit.submit([...resolved, ...derived]);
      written.then(claim.resolve, claim.reject);
      await Promise.all([written, ...waits]);
    } catch (error) {
      claim.reject(error);
      this.outcomes.next({ ok: false, error });
      throw error;
    } finally {
      for (const e of claimed) if (this.pending.get(e.id) === claim.promise) this.pending.delete(e.id);
    }
    this.outcomes.next({ ok: true, accepted: resolved.length, duplicates, rejected: rejected.length, storeMs: this.options.scheduler.now() - now });
    return { accepted: resolved.length, duplicates, rejected };
  }

  /** Writes what is waiting: graceful shutdown loses no acknowledged event. */
  flush(): Promise<void> {
    return this.commit.flush();
  }

  get backlog(): number {
    return this.commit.backlog;
  }

  /** ClickHouse inserts made so far (group commit: fewer than requests under concurrency). */
  get writes(): number {
    return this.commit.writes;
  }

  complete(): void {
    this.stored.complete();
    this.outcomes.complete();
  }

  private toStored(e: CallEvent): StoredEvent {
    if (e.type !== 'call.dialed') return e;
    const { phone, ...rest } = e;
    return phone === undefined ? rest : { ...rest, phoneHash: this.options.hashPhone(phone) };
  }
}
