import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { interval, type SchedulerLike, type Subscription } from 'rxjs';
import { driftedMinutes, rebuildMinutes } from './agent-minute-repair.js';
import { detachedParts } from './detached-parts.js';
import { readMark, writeMark } from './marks.js';
import { phoneKeyFingerprint } from './phone-key.js';

export type IntegrityCheck = 'detached_parts' | 'phone_hash_key';

export interface IntegrityProblem {
  check: IntegrityCheck;
  /** For the log and /readyz: what is wrong and what to do (docs/operations.md, "Integrity at start"). */
  message: string;
}

export interface IntegrityReport {
  /** False: the server is not ready and refuses ingest until an operator has looked (a restart re-checks). */
  ok: boolean;
  problems: IntegrityProblem[];
  /** agent_minute minutes rebuilt from call_events (a crash between an insert's two writes). */
  repairedMinutes: number;
}

/** A day: on a first start (no mark yet) agent_minute is checked over the events received in it. */
const FIRST_CHECK_MS = 24 * 3_600_000;
/**
 * At least the last 2 hours, whatever the mark says: with several processes on one ClickHouse the mark
 * is the latest heartbeat of any of them, so a process that crashed and came back within 2 h is covered.
 */
const ALWAYS_MS = 2 * 3_600_000;
/**
 * The heartbeat: every minute the server records that agent_minute matched up to 2 minutes ago. An
 * insert takes seconds (and times out at 30 s), so any insert a crash could have cut in two started after it.
 */
const HEARTBEAT_MS = 60_000;
const MARGIN_MS = 120_000;

export interface IntegrityDeps {
  client: ClickHouseClient;
  database: string;
  phoneHashSecret: string;
  /** ACCEPT_NEW_PHONE_HASH_KEY=yes: the operator knows the key changed and accepts that earlier dials no longer match. */
  acceptNewPhoneKey: boolean;
  scheduler: SchedulerLike;
  log: Logger;
}

/**
 * At start, before anything is served: parts ClickHouse detached, a phone-hash key that is not the one
 * the stored hashes were made with, and agent_minute against call_events since the last heartbeat
 * (rebuilt where it differs). The first two make the server refuse to be ready, loudly.
 */
export async function checkIntegrity(d: IntegrityDeps): Promise<IntegrityReport> {
  const problems: IntegrityProblem[] = [];
  const now = d.scheduler.now();

  const detached = await detachedParts(d.client, d.database);
  if (detached.length > 0) {
    const tables = [...new Set(detached.map((p) => p.table))].join(', ');
    problems.push({
      check: 'detached_parts',
      message: `ClickHouse set aside ${detached.length} data part(s) of ${tables} (${[...new Set(detached.map((p) => p.reason || 'by hand'))].join(', ')}): their rows are missing from every number. Restore them (ATTACH PART) or accept the loss by removing them from detached/, then restart.`,
    });
    d.log.error({ check: 'detached_parts', parts: detached }, 'INTEGRITY: data parts are detached; FloorPulse will not be ready');
  }

  const fingerprint = phoneKeyFingerprint(d.phoneHashSecret);
  const known = await readMark(d.client, 'phone_hash_key');
  if (known === null || (known !== fingerprint && d.acceptNewPhoneKey)) {
    if (known !== null)
      d.log.warn(
        { check: 'phone_hash_key' },
        'INTEGRITY: a new phone-hash key was accepted (ACCEPT_NEW_PHONE_HASH_KEY=yes): earlier dials no longer count toward the frequency cap',
      );
    await writeMark(d.client, 'phone_hash_key', fingerprint, now);
  } else if (known !== fingerprint) {
    problems.push({
      check: 'phone_hash_key',
      message:
        'The phone-hash key is not the one the stored dials were hashed with (was DATA_DIR/secrets.json lost, or PHONE_HASH_SECRET changed?): the frequency cap would not see earlier dials. Restore the key, or set ACCEPT_NEW_PHONE_HASH_KEY=yes once.',
    });
    d.log.error({ check: 'phone_hash_key' }, 'INTEGRITY: the phone-hash key changed; FloorPulse will not be ready');
  }

  const checkedTo = await readMark(d.client, 'agent_minute_checked_to');
  const since = checkedTo === null ? now - FIRST_CHECK_MS : Math.min(Number(checkedTo), now - ALWAYS_MS);
  const drifted = await driftedMinutes(d.client, d.database, since);
  if (drifted.length > 0) {
    d.log.error(
      { check: 'agent_minute', minutes: drifted.length, first: new Date(drifted[0]! * 1000).toISOString() },
      'INTEGRITY: agent_minute differed from call_events (an insert cut in two by a crash): rebuilding those minutes',
    );
    await rebuildMinutes(d.client, d.database, drifted);
    const left = await driftedMinutes(d.client, d.database, since);
    if (left.length > 0) throw new Error(`agent_minute still differs from call_events in ${left.length} minute(s) after a rebuild`);
  }
  await writeMark(d.client, 'agent_minute_checked_to', String(now - MARGIN_MS), now);
  return { ok: problems.length === 0, problems, repairedMinutes: drifted.length };
}

/** While running: the heartbeat that bounds the next start's agent_minute check. */
export function integrityHeartbeat(d: Pick<IntegrityDeps, 'client' | 'scheduler' | 'log'>): Subscription {
  return interval(HEARTBEAT_MS, d.scheduler).subscribe(() => {
    const now = d.scheduler.now();
    writeMark(d.client, 'agent_minute_checked_to', String(now - MARGIN_MS), now).catch((err: unknown) => {
      d.log.warn({ err }, 'integrity heartbeat not written (the next start checks further back)');
    });
  });
}
