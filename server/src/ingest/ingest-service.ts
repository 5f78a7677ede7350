import type { CallEvent, StoredEvent } from '@floorpulse/shared';
import { type Observable, type SchedulerLike, Subject } from 'rxjs';
import { type AgentChannels, ChannelResolver } from './channel-resolver.js';
import { EventsRefusedError } from './events-refused.js';
import { GroupCommit } from './group-commit.js';
import { IdMemory } from './id-memory.js';
import type { BodyItem } from './parse-body.js';
import type { PhoneHasher } from './phone-hash.js';
import type { PhoneMasker } from './phone-mask.js';
import type { Phone } from './phone-number.js';
import { type ValidationRules, validateEvent } from './validate.js';

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
  /** Set when ClickHouse refused this request's events themselves (nothing of them stored): the safe reason. */
  refused?: string;
}

/** What one ingest call did, for operations (metrics): counts, time until stored, or the store failing. */
export type IngestOutcome =
  | { ok: true; accepted: number; duplicates: number; rejected: number; storeMs: number }
  | { ok: false; error: unknown };

export interface IngestStorage {
  /** Writes all or nothing; rejects with EventsRefusedError when the store refused the data itself. */
  insert(events: readonly StoredEvent[], receivedAt: number): Promise<void>;
  /** Of these events, the ids already stored: for events older than the in-memory horizon. */
  storedIds(events: readonly { id: string; ts: number }[]): Promise<Set<string>>;
}

/**
 * Derives FloorPulse's own compliance flags for a batch of new events (the rules stage plugs in here).
 * `phoneAliases`: phone hash → the old-scheme hashes of the same number, while the switch to E.164
 * hashes lasts (phone-hash.ts).
 */
export type FlagDeriver = (events: readonly StoredEvent[], phoneAliases?: ReadonlyMap<string, readonly string[]>) => StoredEvent[];

export interface IngestOptions {
  storage: IngestStorage;
  scheduler: SchedulerLike;
  /** What the configuration adds to the contract: RETENTION_DAYS, PHONE_REGION. */
  validation: ValidationRules;
  /** The keyed hash of a dial's number (phone-hash.ts). */
  hashPhone: PhoneHasher['hash'];
  /** Phone numbers in an event's ids and free text, masked (phone-mask.ts). */
  maskPhones: PhoneMasker['event'];
  /** How long accepted ids stay in memory (IdMemory); older re-sends are looked up in ClickHouse. */
  dedupeMinutes: number;
  flushMs: number;
  maxBatch: number;
  deriveFlags?: FlagDeriver;
  /** Agents' latest dials: the channel of a call event whose dial is not known (channel-resolver.ts). */
  agents: AgentChannels;
  /** Called after each stored batch with its size and the time it waited: metrics hook. */
  onStored?: (count: number, oldestSubmitMs: number) => void;
}

/**
 * validate → mask phones in ids and text → drop duplicates → hash the phone → resolve channel → derive
 * flags → one group-committed insert → `stored$`. A request is answered only after its events are in
 * ClickHouse; only stored events reach the pipeline, and each exactly once.
 */
export class IngestService {
  private readonly ids: IdMemory;
  private readonly channels: ChannelResolver;
  private readonly stored = new Subject<readonly StoredEvent[]>();
  /** Everything that is in ClickHouse, batch by batch, in write order. */
  readonly stored$: Observable<readonly StoredEvent[]> = this.stored.asObservable();
  private readonly outcomes = new Subject<IngestOutcome>();
  /** One outcome per ingest call (metrics subscribe; nothing in the data path does). */
  readonly outcomes$: Observable<IngestOutcome> = this.outcomes.asObservable();
  private readonly pending = new Map<string, Promise<void>>();
  /**
   * Ids of inserts that failed without a definite answer (the connection dropped, the engine died, a
   * timeout): ClickHouse may have stored them all the same. Their re-send is looked up in ClickHouse,
   * like an event older than the memory, instead of trusted to be new. Id → when it stops mattering.
   */
  private readonly doubtful = new Map<string, number>();
  private readonly commit: GroupCommit<StoredEvent>;

  constructor(private readonly options: IngestOptions) {
    this.ids = new IdMemory(options.dedupeMinutes);
    this.channels = new ChannelResolver({ agents: options.agents });
    this.commit = new GroupCommit<StoredEvent>({
      flushMs: options.flushMs,
      maxBatch: options.maxBatch,
      scheduler: options.scheduler,
      // A refused insert wrote nothing (events-repo.ts): each request is retried alone, so only the bad one fails.
      isolate: (e) => e instanceof EventsRefusedError,
      write: async (batch) => {
        const now = options.scheduler.now();
        try {
          await options.storage.insert(batch, now);
        } catch (e) {
          // A refusal wrote nothing (events-repo.ts); any other failure may have written everything.
          // Doubted as long as an accepted id is remembered: after that its re-send is looked up anyway.
          if (!(e instanceof EventsRefusedError)) for (const ev of batch) this.doubtful.set(ev.id, now + options.dedupeMinutes * 60_000);
          throw e;
        }
        for (const e of batch) {
          this.ids.add(e.id, now);
          this.doubtful.delete(e.id);
        }
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
    const phoneAliases = new Map<string, readonly string[]>();
    let duplicates = 0;
    for (const [index, item] of items.entries()) {
      if (!item.ok) {
        rejected.push({ index, error: item.error });
        continue;
      }
      const v = validateEvent(item.value, now, this.options.validation);
      if (!v.ok) {
        rejected.push({ index, error: v.error });
        continue;
      }
      // Masked before the dedupe: the stored id is the masked one, and a re-send must match it.
      const event = this.options.maskPhones(v.event);
      const id = event.id;
      if (seenInBody.has(id) || this.ids.has(id)) {
        duplicates++;
        continue;
      }
      seenInBody.add(id);
      const inFlight = this.pending.get(id);
      if (inFlight) {
        // Another request is writing this id now: a duplicate, but only once that write has landed.
        duplicates++;
        waits.push(inFlight);
        continue;
      }
      fresh.push(this.toStored(event, v.phone, phoneAliases));
    }

    // Claim the fresh ids before anything awaits: a concurrent request with one of them (a retry, two
    // dialer threads) waits for this one instead of looking it up in ClickHouse and writing it again.
    const claim = deferred();
    for (const e of fresh) this.pending.set(e.id, claim.promise);
    const claimed: StoredEvent[] = [...fresh];
    let resolved: StoredEvent[] = [];
    try {
      const trusted = this.ids.trustedFrom(now);
      this.forgetDoubts(now);
      const old = fresh.filter((e) => e.ts < trusted || this.doubtful.has(e.id));
      const known = old.length > 0 ? await this.options.storage.storedIds(old) : new Set<string>();
      const toWrite = known.size > 0 ? fresh.filter((e) => !known.has(e.id)) : fresh;
      duplicates += fresh.length - toWrite.length;

      resolved = this.channels.resolve(toWrite);
      const derived = (this.options.deriveFlags?.(resolved, phoneAliases) ?? []).filter(
        (f) => !this.ids.has(f.id) && !this.pending.has(f.id),
      );
      for (const f of derived) this.pending.set(f.id, claim.promise);
      claimed.push(...derived);
      const written = this.commit.submit([...resolved, ...derived]);
      written.then(claim.resolve, claim.reject);
      try {
        await written;
      } catch (error) {
        if (!(error instanceof EventsRefusedError)) throw error;
        // ClickHouse refused this request's own events (alone: the group commit retried it so). Nothing of
        // them was stored or remembered; a request waiting on one of these ids gets the error (the claim) and a 503.
        this.outcomes.next({
          ok: true,
          accepted: 0,
          duplicates,
          rejected: rejected.length + resolved.length,
          storeMs: this.options.scheduler.now() - now,
        });
        return { accepted: 0, duplicates, rejected, refused: error.reason };
      }
      await Promise.all(waits);
    } catch (error) {
      claim.reject(error);
      this.outcomes.next({ ok: false, error });
      throw error;
    } finally {
      for (const e of claimed) if (this.pending.get(e.id) === claim.promise) this.pending.delete(e.id);
    }
    this.outcomes.next({
      ok: true,
      accepted: resolved.length,
      duplicates,
      rejected: rejected.length,
      storeMs: this.options.scheduler.now() - now,
    });
    return { accepted: resolved.length, duplicates, rejected };
  }

  /**
   * A batch another process stored (the cluster bus): the events not seen here are remembered as
   * stored, so a re-send of one to this process is a duplicate, and their dials' channels are learnt.
   * Returns those events; the others were read from ClickHouse at start or came before.
   */
  acceptPeerBatch(events: readonly StoredEvent[]): StoredEvent[] {
    const now = this.options.scheduler.now();
    const fresh = events.filter((e) => !this.ids.has(e.id));
    for (const e of fresh) this.ids.add(e.id, now);
    this.channels.learn(fresh);
    return fresh;
  }

  /** Arrivals at or after this must be remembered: what a restart reloads from call_events (id-memory.ts). */
  idsKeptFrom(now: number): number {
    return this.ids.keptFrom(now);
  }

  /** Ids stored before a restart (received since idsKeptFrom), remembered as of `at`: a re-send of one is a duplicate. */
  rememberStored(ids: Iterable<string>, at: number): void {
    for (const id of ids) this.ids.add(id, at);
  }

  /** Dials stored before a restart whose calls may still send events: their channel and leadCallId are stamped on those. */
  learnDials(dials: readonly StoredEvent[]): void {
    this.channels.learn(dials);
  }

  /** Accepted ids held in memory (metrics). */
  get rememberedIds(): number {
    return this.ids.size;
  }

  private forgetDoubts(now: number): void {
    if (this.doubtful.size === 0) return;
    for (const [id, until] of this.doubtful) if (until <= now) this.doubtful.delete(id);
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

  /** The event as stored: a dial's number replaced by its hash (and its old-scheme hashes noted for the flags). */
  private toStored(e: CallEvent, phone: Phone | undefined, aliases: Map<string, readonly string[]>): StoredEvent {
    if (e.type !== 'call.dialed') return e;
    const { phone: _clear, ...rest } = e;
    if (phone === undefined) return rest;
    const { hash, legacy } = this.options.hashPhone(phone, e.ts);
    if (legacy.length > 0) aliases.set(hash, legacy);
    return { ...rest, phoneHash: hash };
  }
}
