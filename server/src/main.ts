// First: V8 flags must be set before the modules below allocate (ops/v8-flags.ts says which and why).
import './ops/v8-flags.js';
import { asyncScheduler } from 'rxjs';
import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './ops/logger.js';
import { gracefulShutdown } from './ops/shutdown.js';
import { openStore } from './storage/clickhouse.js';

/** The only place that reads the real environment and wires real dependencies. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config);
  try {
    const store = await openStore(config, { scheduler: asyncScheduler, log });
    const app = await createApp({ config, store, scheduler: asyncScheduler, logger: log });
    const stop = gracefulShutdown({
      app,
      store,
      log,
      scheduler: asyncScheduler,
      graceMs: config.SHUTDOWN_GRACE_MS,
      exit: (code) => process.exit(code),
    });
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
    // Started by a launcher with an IPC channel (npm run demo): when the launcher dies, even by SIGKILL, stop too.
    if (process.channel) process.on('disconnect', () => void stop('launcher exited'));
    const addr = await app.listen(config.PORT, config.HOST);
    const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${addr.port}`;
    log.info({ url: base, port: addr.port, clickhouse: store.mode, demo: config.DEMO === 'on' }, 'FloorPulse is listening');
    if (app.secrets.file) {
      log.info(
        { file: app.secrets.file, generated: app.secrets.generated },
        'tokens not set in the environment are kept in this file (mode 0600)',
      );
    }
  } catch (err) {
    log.fatal({ err }, 'FloorPulse could not start');
    process.exit(1);
  }
}

void main();
