/**
 * npm run reconcile [-- --url http://localhost:3000 --token <admin>]
 *
 * Asks the running server to compare every live window (floor, each team, each channel × 15m, 1h,
 * today) with the reference SQL over call_events (GET /api/v1/reconcile, admin). Prints each
 * difference; exits 1 if there is any.
 */
import { parseArgs } from 'node:util';
import type { ReconcileReport } from '../server/src/ops/reconcile.js';
import { runCli, tokenFor } from './lib/cli.js';
import { getJson } from './lib/http.js';

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
  if (report.differences.length === 0) {
    console.log(`${report.checked} live windows checked at ${report.at}: every count equals SQL over call_events`);
    return 0;
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

runCli(main);
