import { asyncScheduler } from 'rxjs';
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config/config.js';
import { openStore } from './storage/clickhouse.js';
import { createApp } from './app.js';

/** The only place that reads the real environment and wires real dependencies. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = pino({ level: config.LOG_LEVEL });
  const store = await openStore(config);
  const app = await createApp({ config, store, scheduler: asyncScheduler, logger: log });
  const addr = await app.listen(config.PORT, config.HOST);
  const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${addr.port}`;
  log.info({ url: base, clickhouse: store.mode }, 'FloorPulse is listening');
  if (app.secrets.file) {
    log.info({ file: app.secrets.file, generated: app.secrets.generated }, 'tokens not set in the environment are kept in this file (mode 0600)');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: flushing pending batches');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
