import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';

/** Real time and no log: the benchmarks' own ClickHouse reads (counting what was stored). */
export const STORE_DEPS = { scheduler: asyncScheduler, log: pino({ level: 'silent' }) };
