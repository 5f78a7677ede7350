import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { Phone } from './phone-number.js';
import { MAX_FUTURE_MS } from './validate.js';

const DAY = 86_400_000;

/**
 * Old-scheme hashes are matched for dials with ts before this. A dial stored before the switch has a ts
 * at most 5 min after it (the future skew validate.ts allows); a dial's frequency window is the 24 h
 * before its ts (phone-history.ts). A dial from here on cannot reach one stored before: the transition
 * ends by itself.
 */
export function legacyHashesUntil(switchedAt: number): number {
  return switchedAt + DAY + MAX_FUTURE_MS;
}

/** A dial's phone hash, and the hashes its number may have been stored under before the switch to E.164. */
export interface PhoneHash {
  /** HMAC of the E.164 number: the same however the number was written. */
  hash: string;
  /** Old-scheme hashes of the same number (other than `hash`): empty once the transition is over. */
  legacy: readonly string[];
}

export interface PhoneHasher {
  /** The hash of a dial's number; `ts` is the dial's, which decides whether its 24 h reach back before the switch. */
  hash(phone: Phone, ts: number): PhoneHash;
  /** A short keyed token that stands for a number inside an id (phone-mask.ts): `tel_` and 12 characters. */
  token(e164: string): string;
}

/** 22 base64url characters: 132 bits of HMAC-SHA-256, the length `phone_hash` always had. */
const hmac = (secret: KeyObject, text: string) => createHmac('sha256', secret).update(text).digest('base64url').slice(0, 22);

/**
 * 12 base64url characters, 72 bits: n distinct numbers collide with probability ~n²/2⁷³ (10⁸ numbers:
 * ~1e-6), so two numbers never make one id; 10 characters (60 bits) would be ~0.4% at 10⁸. Keyed on a
 * label of its own, so a token says nothing about the `phone_hash` of the same number.
 */
const TOKEN_CHARS = 12;

/**
 * Keyed hash of a phone number: the frequency check matches repeat dials without the number ever being
 * stored, logged or sent. The number is first normalised to E.164 (phone-number.ts), so "13910000001",
 * "008613910000001" and "+86 139-1000-0001" are one phone.
 *
 * Before, the hash was of the digits (and "+") as typed. A number typed in E.164 hashes as before; for
 * the other spellings, a dial whose ts is before `legacyUntil` (the switch + the cap's 24 h + 5 min of
 * clock skew: docs/data-model.md, "Phone hashes") also gets the old-scheme hashes of its usual spellings
 * and of its spelling as typed, so it matches the dials stored under any of them.
 */
export function makePhoneHasher(o: { secret: string; legacyUntil: number }): PhoneHasher {
  // The key imported once, not from the string on every hash (the pre-dial check hashes 2,000 a second).
  const key = createSecretKey(Buffer.from(o.secret, 'utf8'));
  return {
    hash(phone, ts) {
      const hash = hmac(key, phone.e164);
      if (ts >= o.legacyUntil) return { hash, legacy: [] };
      const { countryCode: cc, national } = phone;
      const spellings = new Set([phone.typed.replace(/[^\d+]/g, ''), `${cc}${national}`, `00${cc}${national}`, national, `0${national}`]);
      spellings.delete(phone.e164);
      return { hash, legacy: [...spellings].map((s) => hmac(key, s)) };
    },
    token: (e164) => `tel_${createHmac('sha256', key).update(`id-token:${e164}`).digest('base64url').slice(0, TOKEN_CHARS)}`,
  };
}
