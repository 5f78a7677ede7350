import type { SchedulerLike } from 'rxjs';
import type { Secrets } from '../auth/tokens.js';
import type { Config } from '../config/config.js';
import type { Store } from '../storage/clickhouse.js';
import { ingestStorage } from '../storage/ingest-storage.js';
import { e164HashesSince } from '../storage/phone-hash-scheme.js';
import type { AgentChannels } from './channel-resolver.js';
import { type FlagDeriver, IngestService } from './ingest-service.js';
import { legacyHashesUntil, makePhoneHasher, type PhoneHasher } from './phone-hash.js';
import { makePhoneMasker, type PhoneMasker } from './phone-mask.js';

export interface IngestParts {
  ingest: IngestService;
  phoneHasher: PhoneHasher;
  phoneMasker: PhoneMasker;
}

/**
 * The ingest path as the configuration builds it: the server's, and the demo's history backfill
 * (tools/demo/history.ts), which writes weeks of events before the server starts through the same
 * validation, phone hashing, masking, dedupe and derived flags, without HTTP in between.
 */
export async function createIngest(o: {
  config: Config;
  store: Store;
  secrets: Secrets;
  scheduler: SchedulerLike;
  deriveFlags: FlagDeriver;
  agents: AgentChannels;
  onWriteError?: (err: unknown) => void;
  maxBatch?: number;
}): Promise<IngestParts> {
  const { config, store } = o;
  // Phones: hashed as E.164, matched against the old hashes for a day after the switch (docs/data-model.md, "Phone hashes").
  const phoneHasher = makePhoneHasher({
    secret: o.secrets.phoneHashSecret,
    legacyUntil: legacyHashesUntil(await e164HashesSince(store.client)),
  });
  const phoneMasker = makePhoneMasker({ region: config.PHONE_REGION, token: phoneHasher.token });
  const ingest = new IngestService({
    storage: ingestStorage(store.client, { up: () => store.up(), onError: o.onWriteError }),
    scheduler: o.scheduler,
    validation: { retentionDays: config.RETENTION_DAYS, phoneRegion: config.PHONE_REGION },
    hashPhone: phoneHasher.hash,
    maskPhones: phoneMasker.event,
    dedupeMinutes: config.DEDUPE_MEMORY_MINUTES,
    flushMs: config.INGEST_FLUSH_MS,
    maxBatch: o.maxBatch ?? config.INGEST_MAX_BATCH,
    deriveFlags: o.deriveFlags,
    agents: o.agents,
  });
  return { ingest, phoneHasher, phoneMasker };
}
