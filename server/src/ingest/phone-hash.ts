import { createHmac } from 'node:crypto';

/**
 * Keyed hash of a phone number: the frequency check can match repeat dials without the number
 * ever being stored, logged or sent. Digits only, so "+86 139-1000-0001" and "+8613910000001" match.
 */
export function makePhoneHasher(secret: string): (phone: string) => string {
  return (phone) => createHmac('sha256', secret).update(phone.replace(/[^\d+]/g, '')).digest('base64url').slice(0, 22);
}
