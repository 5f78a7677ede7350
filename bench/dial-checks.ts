/**
 * The pre-dial check's load, in a process of its own (forked by bench/scenarios/dial-check.ts): `rate`
 * checks a second, open loop, for `durationS`, each on a phone of a pool of `phones`, over keep-alive
 * connections (bench/lib/raw-http.ts: a lean client, so its CPU is not taken from the server). Latency is from the moment a check was due, not when it was sent, so a stalled server shows
 * in the percentiles instead of slowing the load down (no coordinated omission).
 */
import { encode, newHistogram } from './lib/histogram.js';
import { RawHttpPool } from './lib/raw-http.js';

export interface DialChecksConfig {
  url: string;
  token: string;
  rate: number;
  durationS: number;
  phones: number;
  teams: number;
  /** Epoch ms the checks ask about (`at`): inside the calling hours of the seeded floor. */
  at: number;
}
export type DialChecksMessage = {
  type: 'done';
  sent: number;
  answered: number;
  refused: number;
  errors: number;
  statuses: Record<string, number>;
  /** Requests that got no answer, by error code (ECONNRESET: a keep-alive socket the server had closed). */
  errorCodes: Record<string, number>;
  elapsedS: number;
  histogram: string;
  /** Checks, p99 and max from when they were due, for each second of the run. */
  bySecond: { count: number; p99Ms: number; maxMs: number }[];
  /** The time between two of the generator's 1 ms ticks: its own stalls. */
  tickGapMs: { p99: number; max: number };
};

/** The n-th phone of the pool: Chinese mobile numbers 139 0000 0000 + n (valid in libphonenumber's ranges). */
export const poolPhone = (n: number): string => `+86139${String(n).padStart(8, '0')}`;

async function main(cfg: DialChecksConfig): Promise<DialChecksMessage> {
  const target = new URL(cfg.url);
  const pool = new RawHttpPool(target, 64);
  const headers = { authorization: `Bearer ${cfg.token}`, 'content-type': 'application/json' };
  const h = newHistogram();
  // Each second of the run on its own, by when the checks were due: a start-up stall tells from a steady tail.
  const bySecond: ReturnType<typeof newHistogram>[] = [];
  const statuses: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  let sent = 0;
  let answered = 0;
  let refused = 0;
  let errors = 0;
  const total = Math.round(cfg.rate * cfg.durationS);
  // Every request encoded before the clock starts (~250 bytes each).
  const requests = Array.from({ length: total }, (_, i) =>
    pool.encodePost(
      '/api/v1/compliance/check',
      headers,
      JSON.stringify({ teamId: `t${i % cfg.teams}`, agentId: `a${i % 997}`, phone: poolPhone((i * 7919) % cfg.phones), at: cfg.at }),
    ),
  );
  const gaps = newHistogram();
  let answeredOrFailed = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const started = performance.now();
  const one = (i: number, due: number): void => {
    pool.send(requests[i]!, (err, a) => {
      if (err || !a) {
        const code = (err as NodeJS.ErrnoException | null)?.code ?? err?.message ?? 'no answer';
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        errors++;
      } else {
        const us = Math.max(1, Math.round((performance.now() - due) * 1000));
        h.recordValue(us);
        const second = Math.floor((due - started) / 1000);
        const perSecond = bySecond[second] ?? newHistogram();
        bySecond[second] = perSecond;
        perSecond.recordValue(us);
        statuses[a.status] = (statuses[a.status] ?? 0) + 1;
        if (a.status === 200) {
          answered++;
          if ((JSON.parse(a.body.toString()) as { allow: boolean }).allow === false) refused++;
        } else errors++;
      }
      if (++answeredOrFailed === total) allDone();
    });
  };
  // Every millisecond tick sends the checks that are due by then (setTimeout granularity is ~1 ms).
  await new Promise<void>((resolve) => {
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      // The generator's own stalls (its GC, the scheduler): a check due in one is counted late, as it should be.
      gaps.recordValue(Math.max(1, Math.round((now - last) * 1000)));
      last = now;
      while (sent < total && started + (sent * 1000) / cfg.rate <= now) {
        one(sent, started + (sent * 1000) / cfg.rate);
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await finished;
  pool.destroy();
  return {
    type: 'done',
    sent,
    answered,
    refused,
    errors,
    statuses,
    errorCodes,
    elapsedS: (performance.now() - started) / 1000,
    histogram: encode(h),
    tickGapMs: { p99: Math.round(gaps.getValueAtPercentile(99) / 10) / 100, max: Math.round(gaps.maxValue / 10) / 100 },
    bySecond: bySecond.map((s) => ({
      count: s.totalCount,
      p99Ms: Math.round(s.getValueAtPercentile(99) / 10) / 100,
      maxMs: Math.round(s.maxValue / 10) / 100,
    })),
  };
}

if (process.send) {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as DialChecksConfig;
  main(cfg).then(
    (m) => process.send?.(m, () => process.exit(0)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
