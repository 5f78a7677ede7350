/**
 * Per-event cost of each ingest stage, in isolation (µs/event): where the server's CPU goes.
 * `node --import tsx bench/micro-costs.ts [dataDir]` — with a data dir it also times chDB inserts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StoredEvent } from '@floorpulse/shared';
import { loadConfig } from '../server/src/config/config.js';
import { parseBody } from '../server/src/ingest/parse-body.js';
import { makePhoneHasher } from '../server/src/ingest/phone-hash.js';
import { makePhoneMasker } from '../server/src/ingest/phone-mask.js';
import { parsePhone } from '../server/src/ingest/phone-number.js';
import { validateEvent } from '../server/src/ingest/validate.js';
import { ViolationIndex } from '../server/src/pipeline/rules/event-rule-engine.js';
import { contributionOf } from '../server/src/pipeline/windows/contribution.js';
import { WindowStore } from '../server/src/pipeline/windows/window-store.js';
import { eventAwards } from '../server/src/points/points-awards.js';
import { DEFAULT_POINTS } from '../server/src/points/points-defaults.js';
import { insertAwards, type LedgerRow } from '../server/src/points/points-repo.js';
import { openStore } from '../server/src/storage/clickhouse.js';
import { toRow } from '../server/src/storage/event-rows.js';
import { insertEvents } from '../server/src/storage/events-repo.js';
import { migrate } from '../server/src/storage/migrate.js';
import { EventMix } from './lib/events.js';
import { STORE_DEPS } from './lib/store-deps.js';

const N = 200_000;
const mix = new EventMix({ teams: 2000, agents: 50_000, robotShare: 0.2 }, 'm', 3);
const bodies: string[] = [];
for (let i = 0; i < N / 100; i++) bodies.push(mix.lines(100, Date.now()).join('\n'));

function time(label: string, fn: () => void): void {
  fn();
  const t0 = performance.now();
  fn();
  const us = ((performance.now() - t0) * 1000) / N;
  console.log(`${label.padEnd(28)} ${us.toFixed(2)} µs/event  (${Math.round(1e6 / us).toLocaleString('en')} ev/s on one core)`);
}

let items: ReturnType<typeof parseBody> = [];
time('parse NDJSON', () => {
  items = [];
  for (const b of bodies) items.push(...parseBody(b, 'application/x-ndjson'));
});
const now = Date.now();
let events: StoredEvent[] = [];
time('validate (zod)', () => {
  events = items.map((it) => {
    const v = validateEvent((it as { value: unknown }).value, now, { retentionDays: 400, phoneRegion: 'CN' });
    if (!v.ok) throw new Error(v.error);
    return v.event as StoredEvent;
  });
});
const hasher = makePhoneHasher({ secret: '0123456789abcdef0123', legacyUntil: 0 });
time('hash phone (dials only)', () => {
  for (const e of events) if (e.type === 'call.dialed' && 'phone' in e) hasher.hash(parsePhone(String(e.phone), 'CN')!, now);
});
const masker = makePhoneMasker({ region: 'CN', token: hasher.token });
time('mask phones in ids and text', () => {
  for (const e of events) masker.event(e as Parameters<typeof masker.event>[0]);
});
let rows: string = '';
time('toRow + JSON.stringify', () => {
  rows = events.map((e) => JSON.stringify(toRow(e, now))).join('\n');
});
const t = { earlyHangupSeconds: 30, effectiveSeconds: 60 };
const ws = new WindowStore({ bucketMs: 10_000, zone: 'Asia/Shanghai' });
time('contribution + window add', () => {
  ws.add(
    events.map((e) => contributionOf(e, t)),
    now,
  );
});
// Points (docs/metrics.md, "Points"): the awards each stored batch earns, judged per event.
let awards: LedgerRow[] = [];
time('points: awards of a batch', () => {
  const violations = new ViolationIndex();
  awards = [];
  for (let i = 0; i < N; i += 2_000)
    awards.push(
      ...eventAwards(events.slice(i, i + 2_000), { rules: DEFAULT_POINTS, violations, isRobot: () => false, effectiveSeconds: 60 }),
    );
});
console.log(`row JSON bytes/event: ${Math.round(rows.length / N)}; point awards per event: ${(awards.length / N).toFixed(3)}`);

if (process.argv[2] !== 'nodb') {
  const dir = mkdtempSync(path.join(tmpdir(), 'fp-micro-'));
  const store = await openStore(loadConfig({ DATA_DIR: dir }), STORE_DEPS);
  await migrate(store.client, 400);
  for (const size of [2_000, 20_000]) {
    const t0 = performance.now();
    for (let i = 0; i < N; i += size)
      await insertEvents(
        store.client,
        events.slice(i, i + size).map((e, j) => ({ ...e, id: `${size}-${i + j}` })),
        now,
      );
    const us = ((performance.now() - t0) * 1000) / N;
    console.log(
      `${`chDB insert (batches ${size})`.padEnd(28)} ${us.toFixed(2)} µs/event wall (${Math.round(1e6 / us).toLocaleString('en')} ev/s)`,
    );
  }
  // The ledger's insert per stored batch (group commit makes them 2,000+ events; its awards go in one insert).
  const perBatch = Math.ceil(awards.length / (N / 2_000));
  const t1 = performance.now();
  for (let i = 0; i < awards.length; i += perBatch) await insertAwards(store.client, awards.slice(i, i + perBatch));
  const us = ((performance.now() - t1) * 1000) / N;
  console.log(`${'points: ledger insert'.padEnd(28)} ${us.toFixed(2)} µs/event wall (${perBatch} awards per 2,000 events)`);
  await store.close();
}
