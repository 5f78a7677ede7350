import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.js';

/**
 * Fields that may carry a clear phone or a secret, at the depths our objects nest them. The regulation
 * (BRIEF: personal information protected by law) says a phone number never appears in a log.
 */
export const REDACT_PATHS = [
  'phone', '*.phone', '*.*.phone', '*[*].phone', '*.*[*].phone',
  'body', '*.body', 'rawBody',
  'authorization', '*.authorization', '*.*.authorization',
  'token', '*.token', '*.*.token',
  'PHONE_HASH_SECRET', '*.PHONE_HASH_SECRET',
];

/**
 * A phone in free text (a message, an error from a library): a mainland mobile (1[3-9] and 9 digits,
 * optionally +86, optionally grouped 3-4-4) or any E.164 number. Bounded by non-digits so epoch milliseconds (13 digits) survive.
 */
const PHONE_IN_TEXT = /(?<![\d+])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)|\+\d{7,15}(?!\d)/g;

/** Replaces anything phone-shaped in one serialized log line. */
export function scrubPhones(line: string): string {
  return line.replace(PHONE_IN_TEXT, '[phone]');
}

/**
 * The server's structured JSON logger: level names instead of numbers, redacted fields, and a last
 * scrub over every written line (defence in depth: a redact path only covers the fields it names).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.LOG_LEVEL,
    base: { service: 'floorpulse' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
    hooks: { streamWrite: scrubPhones },
  };
  return destination ? pino(options, destination) : pino(options);
}
