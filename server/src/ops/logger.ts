import type { CountryCode } from 'libphonenumber-js/max';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { Config } from '../config/config.js';
import { replacePhones } from '../ingest/phone-number.js';

/**
 * Fields that may carry a clear phone or a secret, at the depths our objects nest them. A phone
 * number is personal information the law protects (docs/metrics.md, "The floor"): it never appears
 * in a log.
 */
export const REDACT_PATHS = [
  'phone',
  '*.phone',
  '*.*.phone',
  '*[*].phone',
  '*.*[*].phone',
  'body',
  '*.body',
  'rawBody',
  'authorization',
  '*.authorization',
  '*.*.authorization',
  'token',
  '*.token',
  '*.*.token',
  'PHONE_HASH_SECRET',
  '*.PHONE_HASH_SECRET',
];

/**
 * Replaces every phone number in one serialized log line by "[phone]": the same finder and rules as the
 * masking at ingest (ingest/phone-number.ts: libphonenumber-js, full-width digits read as ASCII), so
 * "008613800001234", "(138) 0000-1234", "０１３８…" or "+1 (415) 555-0100" go, while epoch milliseconds,
 * ports, counts and durations stay. `region`: where a number without its country code is read (config
 * PHONE_REGION; CN, its default, when a caller has no config).
 */
export function scrubPhones(line: string, region: CountryCode = 'CN'): string {
  return replacePhones(line, region, () => '[phone]');
}

/**
 * The server's structured JSON logger: level names instead of numbers, redacted fields, and a last
 * scrub over every written line (defence in depth: a redact path only covers the fields it names).
 */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL'> & Partial<Pick<Config, 'PHONE_REGION'>>,
  destination?: DestinationStream,
): Logger {
  const region = config.PHONE_REGION;
  const options = {
    level: config.LOG_LEVEL,
    base: { service: 'floorpulse' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
    hooks: { streamWrite: (line: string) => scrubPhones(line, region) },
  };
  return destination ? pino(options, destination) : pino(options);
}
