import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { AgentDirectory } from '../../server/src/agents/agent-directory.js';
import { EMPTY_ROSTER } from '../../server/src/agents/roster.js';
import { IngestService, type IngestStorage } from '../../server/src/ingest/ingest-service.js';
import { makePhoneHasher } from '../../server/src/ingest/phone-hash.js';
import { makePhoneMasker } from '../../server/src/ingest/phone-mask.js';
import { StoreUnavailableError } from '../../server/src/storage/clickhouse.js';
import { testClock } from '../helpers/clock.js';

/**
 * An insert that fails without a definite answer (the connection dropped as the engine died) may have
 * been stored all the same. The dialer re-sends it: it must be found in ClickHouse, not stored twice.
 */
const NOW = Date.parse('2026-11-20T03:00:00.000Z');

/** ClickHouse as the ingest sees it: a table of rows; `lostAnswers` inserts are stored but answered with an error. */
function storage(lostAnswers: number): IngestStorage & { rows: StoredEvent[] } {
  const rows: StoredEvent[] = [];
  let lose = lostAnswers;
  return {
    rows,
    async insert(events) {
      rows.push(...events);
      if (lose-- > 0) throw new StoreUnavailableError('ClickHouse insert failed: socket hang up');
    },
    async storedIds(events) {
      const ids = new Set(rows.map((r) => r.id));
      return new Set(events.map((e) => e.id).filter((id) => ids.has(id)));
    },
  };
}

function service(store: IngestStorage): IngestService {
  const hasher = makePhoneHasher({ secret: 'unit-test-phone-secret-0123', legacyUntil: 0 });
  return new IngestService({
    storage: store,
    scheduler: testClock(NOW),
    validation: { retentionDays: 400, phoneRegion: 'CN' },
    hashPhone: hasher.hash,
    maskPhones: makePhoneMasker({ region: 'CN', token: hasher.token }).event,
    dedupeMinutes: 20,
    flushMs: 0,
    maxBatch: 1000,
    agents: new AgentDirectory(EMPTY_ROSTER),
  });
}

const event = { id: 'e1', type: 'call.dialed', ts: NOW - 1000, teamId: 'north', agentId: 'a1', callId: 'c1', channel: 'human' };

describe('a re-send after an insert whose answer was lost', () => {
  it('is recognised as stored, not written again', async () => {
    const store = storage(1);
    const ingest = service(store);
    await expect(ingest.ingest([{ ok: true, value: event }])).rejects.toThrow(StoreUnavailableError);
    expect(store.rows.map((r) => r.id)).toEqual(['e1']);
    const again = await ingest.ingest([{ ok: true, value: event }]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(store.rows.map((r) => r.id)).toEqual(['e1']);
  });

  it('is written when the failed insert had stored nothing after all', async () => {
    const store = storage(1);
    const ingest = service(store);
    await expect(ingest.ingest([{ ok: true, value: event }])).rejects.toThrow(StoreUnavailableError);
    store.rows.length = 0;
    expect(await ingest.ingest([{ ok: true, value: event }])).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(store.rows.map((r) => r.id)).toEqual(['e1']);
  });
});
