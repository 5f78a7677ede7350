import { createHmac } from 'node:crypto';

/**
 * A fingerprint of the phone-hash key that reveals nothing about it (an HMAC of a fixed text): stored
 * once, compared at every start. A different key — secrets.json deleted, or another PHONE_HASH_SECRET —
 * would hash every number anew, so the frequency cap would stop matching the dials already stored.
 */
export function phoneKeyFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('floorpulse phone-hash key fingerprint v1').digest('base64url').slice(0, 22);
}
