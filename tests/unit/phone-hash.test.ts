import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makePhoneHasher } from '../../server/src/ingest/phone-hash.js';
import { parsePhone } from '../../server/src/ingest/phone-number.js';

const SECRET = 'unit-phone-hash-secret-0123';
const DAY = 86_400_000;
const SWITCH = Date.parse('2026-11-20T00:00:00Z');
/** What the stored hashes are: the old scheme, HMAC of the digits (and +) as the sender typed them. */
const oldScheme = (typed: string) =>
  createHmac('sha256', SECRET)
    .update(typed.replace(/[^\d+]/g, ''))
    .digest('base64url')
    .slice(0, 22);

const hasher = makePhoneHasher({ secret: SECRET, legacyUntil: SWITCH + DAY });
const phone = (raw: string) => {
  const p = parsePhone(raw, 'CN');
  if (!p) throw new Error(`test phone ${raw} does not parse`);
  return p;
};

describe('phone hash (E.164 before the HMAC)', () => {
  const FORMATS = ['+8613910000001', '13910000001', '008613910000001', '+86 139-1000-0001', '(+86) 139 1000 0001'];

  it('gives one hash for one number however it is written', () => {
    expect(new Set(FORMATS.map((f) => hasher.hash(phone(f), SWITCH).hash)).size).toBe(1);
  });

  it('gives different numbers different hashes', () => {
    expect(hasher.hash(phone('+8613910000001'), SWITCH).hash).not.toBe(hasher.hash(phone('+8613910000002'), SWITCH).hash);
  });

  it('keeps the old hash of a number that was sent in E.164: its stored dials match without any transition', () => {
    expect(hasher.hash(phone('+8613910000001'), SWITCH).hash).toBe(oldScheme('+8613910000001'));
  });

  it('also gives the old scheme hashes of the usual spellings while the dial is in the transition', () => {
    const { hash, legacy } = hasher.hash(phone('139 1000 0001'), SWITCH + DAY - 1);
    for (const typed of ['13910000001', '008613910000001', '8613910000001', '013910000001']) expect(legacy).toContain(oldScheme(typed));
    expect(legacy).not.toContain(hash);
    // As typed: an odd spelling an old dialer kept using is matched too.
    expect(hasher.hash(phone('86-139-1000-0001'), SWITCH).legacy).toContain(oldScheme('86-139-1000-0001'));
  });

  it('ends the transition by itself: a dial from legacyUntil on has no legacy hashes', () => {
    expect(hasher.hash(phone('13910000001'), SWITCH + DAY).legacy).toEqual([]);
  });

  it('derives short id tokens: the same number always the same, two numbers never one, and not the stored hash', () => {
    const a = hasher.token('+8613910000001');
    expect(a).toMatch(/^tel_[A-Za-z0-9_-]{12}$/);
    expect(hasher.token('+8613910000001')).toBe(a);
    expect(hasher.token('+8613910000002')).not.toBe(a);
    expect(hasher.hash(phone('+8613910000001'), SWITCH).hash.startsWith(a.slice(4))).toBe(false);
  });
});
