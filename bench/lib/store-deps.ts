import { asyncScheduler } from 'rxjs';
import { pino } from 'pino';

/** Real time and no log: the benchmarks' own ClickHouse reads (counting what was stored). */
export const STORE_DEPS = { scheduler: asyncScheduler, log: pino({ level: 'silent' }) };
