import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type SchedulerLike, Subscription } from 'rxjs';
import type { IngestService } from '../ingest/ingest-service.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import type { IntegrityReport } from '../storage/integrity/integrity.js';

export interface OpsMetrics {
  registry: Registry;
  /** Counts connected Socket.IO clients at every scrape. */
  watchSockets(io: { engine: { clientsCount: number } }): void;
  close(): void;
}

/**
 * The Prometheus view of one app: fed by the ingest stage's outcomes and stored batches (it only
 * listens; nothing in the data path waits for it). A registry per app, so tests can run several.
 */
export function opsMetrics(deps: {
  ingest: IngestService;
  windows: WindowStore;
  scheduler: SchedulerLike;
  integrity: IntegrityReport;
}): OpsMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'floorpulse_' });
  // What the checks at start found (docs/operations.md, "Integrity at start"): alert on any 1.
  const problem = new Gauge({
    name: 'floorpulse_integrity_problem',
    help: 'A check at start failed (1): the server is not ready and refuses ingest',
    labelNames: ['check'],
    registers: [registry],
  });
  for (const check of ['detached_parts', 'phone_hash_key'] as const)
    problem.set({ check }, deps.integrity.problems.some((p) => p.check === check) ? 1 : 0);
  new Gauge({
    name: 'floorpulse_agent_minute_repaired_minutes',
    help: 'Minutes of agent_minute rebuilt from call_events at start (an insert cut in two by a crash)',
    registers: [registry],
  }).set(deps.integrity.repairedMinutes);
  const ingested = new Counter({
    name: 'floorpulse_events_ingested_total',
    help: 'Events accepted and stored (first delivery of each id)',
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'floorpulse_events_rejected_total',
    help: 'Events refused by validation (the ingest answer lists why)',
    registers: [registry],
  });
  const duplicate = new Counter({
    name: 'floorpulse_events_duplicate_total',
    help: 'Re-sent events recognised by id and not stored again',
    registers: [registry],
  });
  const stored = new Counter({
    name: 'floorpulse_events_stored_total',
    help: 'Rows written to call_events, derived compliance flags included',
    registers: [registry],
  });
  const insertErrors = new Counter({
    name: 'floorpulse_clickhouse_insert_errors_total',
    help: 'Ingest requests whose ClickHouse insert failed (answered 503, nothing accepted)',
    registers: [registry],
  });
  const storeLatency = new Histogram({
    name: 'floorpulse_ingest_to_store_seconds',
    help: 'From an ingest request being read to its events being in ClickHouse (the time the dialer waits for its answer)',
    // 20 ms group commit by default: most requests land in the 10–50 ms buckets.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lag = new Gauge({
    name: 'floorpulse_pipeline_lag_seconds',
    help: 'For the last stored batch: now minus the event time of its newest event, i.e. how far behind live the windows run',
    registers: [registry],
  });
  new Gauge({
    name: 'floorpulse_ingest_backlog_events',
    help: 'Events accepted for writing but not yet in ClickHouse',
    registers: [registry],
    collect() {
      this.set(deps.ingest.backlog);
    },
  });
  // What the live state holds: the two structures that grow with agents and rate (docs/operations.md).
  new Gauge({
    name: 'floorpulse_dedupe_ids',
    help: 'Accepted ids kept in memory to refuse re-sends (older events are checked in ClickHouse)',
    registers: [registry],
    collect() {
      this.set(deps.ingest.rememberedIds);
    },
  });
  new Gauge({
    name: 'floorpulse_window_buckets',
    help: 'Live window buckets held for all scopes (floor, teams, agents, channels)',
    registers: [registry],
    collect() {
      this.set(deps.windows.size().buckets);
    },
  });
  let io: { engine: { clientsCount: number } } | null = null;
  new Gauge({
    name: 'floorpulse_socket_clients',
    help: 'Connected Socket.IO clients (walls, supervisors, analysts)',
    registers: [registry],
    collect() {
      this.set(io?.engine.clientsCount ?? 0);
    },
  });

  const subscriptions = new Subscription();
  subscriptions.add(
    deps.ingest.outcomes$.subscribe((o) => {
      if (!o.ok) return insertErrors.inc();
      ingested.inc(o.accepted);
      rejected.inc(o.rejected);
      duplicate.inc(o.duplicates);
      storeLatency.observe(o.storeMs / 1000);
    }),
  );
  subscriptions.add(
    deps.ingest.stored$.subscribe((batch) => {
      stored.inc(batch.length);
      let newest = -Infinity;
      for (const e of batch) if (e.ts > newest) newest = e.ts;
      if (batch.length > 0) lag.set(Math.max(0, (deps.scheduler.now() - newest) / 1000));
    }),
  );

  return {
    registry,
    watchSockets(server) {
      io = server;
    },
    close() {
      subscriptions.unsubscribe();
    },
  };
}
