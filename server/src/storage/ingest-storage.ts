import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestStorage } from '../ingest/ingest-service.js';
import { StoreUnavailableError } from './clickhouse.js';
import { insertEvents, storedIds } from './events-repo.js';

/** The ingest stage's view of ClickHouse; any failure to write becomes a StoreUnavailableError (→ 503). */
export function ingestStorage(client: ClickHouseClient, onError?: (e: unknown) => void): IngestStorage {
  return {
    async insert(events, receivedAt) {
      try {
        await insertEvents(client, events, receivedAt);
      } catch (e) {
        onError?.(e);
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
