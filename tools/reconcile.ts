/**
 * npm run reconcile [-- --url http://localhost:3000 --token <admin>]
 *
 * Asks the running server to compare every live window (floor, each team, each channel × 15m, 1h,
 * today) with the reference SQL over call_events (GET /api/v1/reconcile, admin). Prints each
 * difference; exits 1 if there is any. Then the weighted scores of every agent (day, week, month): each
 * score and part as SQL computed it (GET /api/v1/scores) against the same computed in TypeScript from its
 * counts (tools/lib/score-check.ts).
 */
import { parseArgs } from 'node:util';
import { SCORE_PERIODS, type ScoresAnswer } from '@floorpulse/shared';
import type { ReconcileReport } from '../server/src/ops/reconcile.js';
import { runCli, tokenFor } from './lib/cli.js';
import { getJson } from './lib/http.js';
import { scoreDifferences } from './lib/score-check.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      token: { type: 'string' },
      'data-dir': { type: 'string', default: './data' },
    },
  });
  const token = tokenFor('admin', values.token, values['data-dir']);
  const report = await getJson<ReconcileReport>(new URL('/api/v1/reconcile', values.url).href, token);
  for (const q of report.dataQuality) {
    console.log(`  data quality: ${q.scope} ${q.window}: ${q.rates.join(', ')} withheld ("—"), the numerator exceeds the denominator`);
  }
  const scores = await checkScores(values.url, token);
  if (report.differences.length === 0) {
    console.log(`${report.checked} live windows checked at ${report.at}: every count equals SQL over call_events`);
    return scores;
  }
  console.log(`${report.differences.length} of ${report.checked} live windows differ from SQL over call_events (checked at ${report.at}):`);
  for (const d of report.differences) {
    const fields = Object.keys(d.live) as (keyof typeof d.live)[];
    console.log(
      `  ${d.scope} ${d.window} [${d.from}, ${d.to}): ${fields.map((k) => `${k} live ${d.live[k]} vs sql ${d.sql[k]}`).join(', ')}`,
    );
  }
  return 1;
}

/** 0 when every agent's scores, computed in TypeScript from the SQL's counts, equal the SQL's own; else prints each and 1. */
async function checkScores(url: string, token: string): Promise<number> {
  let agents = 0;
  let failed = 0;
  for (const period of SCORE_PERIODS) {
    const answer = await getJson<ScoresAnswer>(new URL(`/api/v1/scores?period=${period}`, url).href, token);
    agents += answer.agents.length;
    for (const d of scoreDifferences(answer)) {
      failed++;
      console.log(`  score ${d.period} ${d.agentId} ${d.field}: sql ${d.sql} vs typescript ${d.ts}`);
    }
  }
  console.log(
    failed === 0
      ? `${agents} agent scores (day, week, month) checked: every score and part equals its TypeScript computation`
      : `${failed} score fields differ between SQL and TypeScript`,
  );
  return failed === 0 ? 0 : 1;
}

runCli(main);
