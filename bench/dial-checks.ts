/**
 * The pre-dial check's load, in a process of its own (forked by bench/scenarios/dial-check.ts): `rate`
 * checks a second, open loop, for `durationS`, each on a phone of a pool of `phones`, over keep-alive
 * connections. Latency is from the moment a check was due, not when it was sent, so a stalled server shows
 * in the percentiles instead of slowing the load down (no coordinated omission).
 */
import http from 'node:http';
import { encode, newHistogram } from './lib/histogram.js';

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
};

/** The n-th phone of the pool: Chinese mobile numbers 139 0000 0000 + n (valid in libphonenumber's ranges). */
export const poolPhone = (n: number): string => `+86139${String(n).padStart(8, '0')}`;

async function main(cfg: DialChecksConfig): Promise<DialChecksMessage> {
  const target = new URL('/api/v1/compliance/check', cfg.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const h = newHistogram();
  const statuses: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  let sent = 0;
  let answered = 0;
  let refused = 0;
  let errors = 0;
  let inflight = 0;
  const started = performance.now();
  const total = Math.round(cfg.rate * cfg.durationS);
  const one = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify({
        teamId: `t${i % cfg.teams}`,
        agentId: `a${i % 997}`,
        phone: poolPhone((i * 7919) % cfg.phones),
        at: cfg.at,
      });
      inflight++;
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { authorization: `Bearer ${cfg.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            h.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            if (res.statusCode === 200) {
              answered++;
              if ((JSON.parse(Buffer.concat(chunks).toString()) as { allow: boolean }).allow === false) refused++;
            } else errors++;
            inflight--;
            resolve();
          });
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        errorCodes[e.code ?? e.message] = (errorCodes[e.code ?? e.message] ?? 0) + 1;
        errors++;
        inflight--;
        resolve();
      });
      req.end(body);
    });
  const waits: Promise<void>[] = [];
  // Every millisecond tick sends the checks that are due by then (setTimeout granularity is ~1 ms).
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + (sent * 1000) / cfg.rate <= now) {
        waits.push(one(sent, started + (sent * 1000) / cfg.rate));
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(waits);
  agent.destroy();
  void inflight;
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
