import { createHash } from 'node:crypto';
import { RESERVED_ID_PREFIX } from '@floorpulse/shared';

/** The contract's limit on `id` and `callId` (shared/src/events.ts). */
export const MAX_ID_LENGTH = 128;

/**
 * A deterministic event id from the source's own ids, e.g. `ami:pbx1:1770888509.41:dialed`: the same source
 * event gives the same id however often it is re-read or re-sent, so FloorPulse counts it once (its dedupe
 * is by id). Over 128 characters it becomes `<prefix>:h:<sha-256>` (still deterministic). `prefix` is the
 * source's own (ami, fs, a webhook's wh), never `fp`: the contract reserves `fp:` for FloorPulse's derived flags.
 */
export function sourceId(prefix: string, parts: readonly string[]): string {
  if (prefix === '' || `${prefix}:`.startsWith(RESERVED_ID_PREFIX)) throw new RangeError(`id prefix ${prefix} is reserved`);
  const id = [prefix, ...parts].join(':');
  if (id.length <= MAX_ID_LENGTH) return id;
  return `${prefix}:h:${createHash('sha256').update(id).digest('base64url')}`;
}
