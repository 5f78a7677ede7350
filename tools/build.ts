/**
 * npm run build            type-check and compile the server, the shared contract and the web into dist/
 * npm run build -- --stale only what is missing or older than its sources (npm start, the demo, the e2e tests)
 */
import { parseArgs } from 'node:util';
import { detectAppRoot } from '../server/src/config/app-root.js';
import { build } from './build/build.js';
import { TARGETS } from './build/targets.js';
import { runCli } from './lib/cli.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stale: { type: 'boolean', default: false } } });
  build(detectAppRoot(), TARGETS, { onlyStale: values.stale, typecheck: true });
  return 0;
}

runCli(main);
