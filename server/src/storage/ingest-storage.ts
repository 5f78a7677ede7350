import type { ClickHouseClient } from '@clickhouse/client';
import { EventsRefusedError } from '../ingest/events-refused.js';
import type { IngestStorage } from '../ingest/ingest-service.js';
import { StoreUnavailableError } from './clickhouse.js';
import { dataRefusal } from './data-refusals.js';
import { insertEvents, storedIds } from './events-repo.js';

/**
 * The ingest stage's view of ClickHouse. A write ClickHouse refused for the data itself becomes an
 * EventsRefusedError (→ the retry alone, then a 400 for that request: data-refusals.ts); any other
 * failure a StoreUnavailableError (→ 503).
 */
export function ingestStorage(client: ClickHouseClient, o: { up: () => boolean; onError?: (e: unknown) => void }): IngestStorage {
  const onError = o.onError;
  return {
    async insert(events, receivedAt) {
      // The engine restarting, or repairing agent_minute after it came back: nothing is written meanwhile.
      if (!o.up()) throw new StoreUnavailableError('ClickHouse is restarting');
      try {
        await insertEvents(client, events, receivedAt);
      } catch (e) {
        onError?.(e);
        const refusal = dataRefusal(e);
        if (refusal) throw new EventsRefusedError(refusal, { cause: e });
        throw new StoreUnavailableError('ClickHouse insert failed', { cause: e });
      }
    },
    async storedIds(events) {
      try {
        return await storedIds(client, events);
      } catch (e) {
        onError?.(e);
        throw new StoreUnavailableError('ClickHouse read failed', { cause: e });
      }
    },
  };
}
