import { askDialCheck, postEvents } from '../lib/http.js';
import type { Delivery } from './delivery-queue.js';

export interface SendStats {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  batches: number;
  /** Pre-dial checks answered (askBeforeDial). */
  checks: number;
}

export interface SendOptions {
  url: string;
  token: string;
  deliveries: Iterator<Delivery>;
  /** Stop before the first delivery at or after this instant (epoch ms); endless when absent. */
  until?: number;
  /** Batches of at most this many lines (a backfill sends thousands at once). */
  batchMax?: number;
  signal?: AbortSignal;
  /** Called after every batch: progress lines, the demo's "live" moment. */
  onBatch?: (stats: SendStats, caughtUp: boolean) => void;
  /** Called once, the first time everything due has been sent: the backfill is over, the floor is live. */
  onCaughtUp?: (stats: SendStats) => void;
  /**
   * Once live, ask the pre-dial check before each dial, as a dialer would (the demo). The floor dials
   * anyway: its generated violations are the dials the check refused, so both show. Never in the backfill,
   * whose checks would all count as asked now.
   */
  askBeforeDial?: boolean;
}

/**
 * Sends each delivery once its `at` has come (real clock): everything already due goes at once in big
 * batches — the backfill — then the floor plays live. The public ingest API is the only way in.
 */
export async function sendFloor(opts: SendOptions): Promise<SendStats> {
  const stats: SendStats = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, batches: 0, checks: 0 };
  const batchMax = opts.batchMax ?? 5000;
  let next = opts.deliveries.next();
  let caughtUp = false;
  while (!next.done && !opts.signal?.aborted) {
    if (opts.until !== undefined && next.value.at >= opts.until) break;
    const now = Date.now();
    if (next.value.at > now) {
      if (!caughtUp) {
        caughtUp = true;
        opts.onCaughtUp?.(stats);
      }
      await pause(Math.min(next.value.at - now, 1000), opts.signal);
      continue;
    }
    const lines: string[] = [];
    const asks: Promise<boolean | null>[] = [];
    while (!next.done && next.value.at <= now && lines.length < batchMax && (opts.until === undefined || next.value.at < opts.until)) {
      const e = next.value.event;
      if (caughtUp && opts.askBeforeDial && e.type === 'call.dialed' && e.phone) {
        const q = { teamId: e.teamId, agentId: e.agentId, phone: e.phone, at: e.ts };
        asks.push(
          askDialCheck(
            opts.url,
            opts.token,
            e.consentExpiresAt === undefined ? q : { ...q, consentExpiresAt: e.consentExpiresAt },
            opts.signal,
          ),
        );
      }
      lines.push(JSON.stringify(e));
      next = opts.deliveries.next();
    }
    // Asked before the dials are posted, as a dialer asks before it dials.
    for (const answer of await Promise.all(asks)) if (answer !== null) stats.checks++;
    const res = await postEvents(opts.url, opts.token, lines.join('\n'), opts.signal ? { signal: opts.signal } : {});
    stats.sent += lines.length;
    stats.accepted += res.accepted;
    stats.duplicates += res.duplicates;
    stats.rejected += res.rejected.length;
    stats.batches++;
    opts.onBatch?.(stats, next.done === true || next.value.at > Date.now());
  }
  return stats;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
