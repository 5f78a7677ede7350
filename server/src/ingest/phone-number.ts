import { type CountryCode, findPhoneNumbersInText, type NumberFound, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Reading phone numbers, with libphonenumber-js (Google's libphonenumber metadata). The `max` metadata,
 * not the package's default `min`: `min` checks only a number's length, so its finder takes epoch
 * milliseconds such as 1795134682478 (a carrier prefix 17951 plus 8 digits) and dates such as 20261120
 * for Chinese numbers; `max` checks the digits against each country's number ranges. It weighs ~145 kB
 * instead of ~80 kB, on the server only. Its ranges change as countries allocate numbers: a newly opened
 * range is refused (a 400 naming `phone`) until libphonenumber-js is updated.
 */

/** One phone number: E.164, its parts, and how the sender wrote it (the old hashes were of that: phone-hash.ts). */
export interface Phone {
  /** "+8613910000001". */
  e164: string;
  /** "86". */
  countryCode: string;
  /** The national significant number: "13910000001". */
  national: string;
  /** As sent: "(+86) 139 1000 0001". */
  typed: string;
}

function phoneOf(found: NumberFound, typed: string): Phone {
  return { e164: found.number.number, countryCode: found.number.countryCallingCode, national: found.number.nationalNumber, typed };
}

/**
 * A dial's `phone` field → the number, or null when the field is not exactly one valid number: the
 * library's finder must read the whole field as one number (so "(+86) 139 1000 0001" is one, while
 * "call 13910000001 now" or two numbers are not). A national number is read in `region` (config PHONE_REGION).
 */
export function parsePhone(raw: string, region: CountryCode): Phone | null {
  const typed = raw.trim();
  if (/^\+?\d+$/.test(typed)) {
    // Digits only, as dialers send them: the parser alone (~6 µs a number) gives what the finder (~14 µs) would.
    const p = parsePhoneNumberFromString(typed, { defaultCountry: region, extract: false });
    return p?.isValid() ? { e164: p.number, countryCode: p.countryCallingCode, national: p.nationalNumber, typed: raw } : null;
  }
  const found = findPhoneNumbersInText(normalise(typed), region);
  const only = found.length === 1 ? found[0] : undefined;
  return only && only.startsAt === 0 && only.endsAt === typed.length ? phoneOf(only, raw) : null;
}

/** A number found in text: [start, end) in UTF-16 units of the text given. */
export interface PhoneInText {
  start: number;
  end: number;
  phone: Phone;
}

/**
 * 7: no phone number is shorter with its country code (E.164: the shortest, Niue's and Saint Helena's,
 * are a 3-digit code and 4 digits), and a national number long enough to be accepted below is longer.
 * Text with fewer digits is not searched: the finder costs ~8–15 µs a call even when it finds nothing,
 * and most ids ("n1", "call-4711") are like that.
 */
const MIN_DIGITS = 7;

/**
 * The phone numbers in free text or an id (a help message, a call id, a log line), found by the library's
 * finder, then kept only when they read as a phone and not as some other number. Why each rule:
 * - Latin letters count as spaces: an id is not prose, and "call13800001234" holds a number the finder
 *   alone skips (it refuses a number glued to letters). A number must not span a letter either, which
 *   keeps hex ids mostly whole: ~0.2% of random UUIDs still hold a run that is a valid mobile number,
 *   as "…-16699-4403-46…" (measured on 100,000), and that run is masked like any number;
 * - no carrier code taken off: the finder reads 1790489895921 (epoch ms) as carrier 17904 + a fixed line;
 * - not a decimal fraction ("13.806123456", "331010.13967047055": durations and amounts in logs);
 * - written internationally (+, 00, 011), a mobile number of `region` (its national form, "13800001234"),
 *   or a national number with its trunk prefix 0 ("010-12345678", "0138-0000-1234"). A bare national
 *   fixed-line number is not a phone here: in China "2595595" or "8373113060" would be (Nanjing, a
 *   Heilongjiang line), and so would most ids and counters of 7–10 digits.
 * Full-width and Arabic-Indic digits are read as ASCII (`normalise`); positions are those of `text`.
 */
export function phonesInText(text: string, region: CountryCode): PhoneInText[] {
  const ascii = normalise(text);
  if (!hasDigits(ascii, MIN_DIGITS)) return [];
  const out: PhoneInText[] = [];
  // A number never spans a letter (above), so each run between letters is searched on its own, and only
  // a run with enough digits: a UUID's or a hex id's runs rarely have 7 (the finder costs ~10-70 µs a
  // call on a long id, bench: 40% of the ingest thread before this).
  const runs = /[^A-Za-z]+/g;
  for (let m = runs.exec(ascii); m !== null; m = runs.exec(ascii)) {
    const run = m[0];
    if (!hasDigits(run, MIN_DIGITS)) continue;
    for (const found of findPhoneNumbersInText(run, region)) {
      const written = run.slice(found.startsAt, found.endsAt);
      if (!readsAsPhone(found, written, run)) continue;
      const start = m.index + found.startsAt;
      const end = m.index + found.endsAt;
      out.push({ start, end, phone: phoneOf(found, text.slice(start, end)) });
    }
  }
  return out;
}

/** `text` with each number phonesInText finds replaced by `by(number)`. */
export function replacePhones(text: string, region: CountryCode, by: (phone: Phone) => string): string {
  const found = phonesInText(text, region);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + by(f.phone);
    at = f.end;
  }
  return out + text.slice(at);
}

function readsAsPhone(found: NumberFound, written: string, text: string): boolean {
  const n = found.number;
  if (n.carrierCode) return false;
  if (/^\d+\.\d+$/.test(written) || (text[found.startsAt - 1] === '.' && /\d/.test(text[found.startsAt - 2] ?? ''))) return false;
  const digits = written.replace(/\D/g, '');
  if (written.startsWith('+') || written.startsWith('(+') || digits.startsWith('00') || digits.startsWith('011')) return true;
  const type = n.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' || digits === `0${n.nationalNumber}`;
}

/**
 * The digits and signs the finder reads in other forms, as ASCII, one UTF-16 unit for one (so positions
 * hold): full-width ASCII (U+FF01–FF5E: "１３８", "＋", "（"), the ideographic space, and the Arabic-Indic
 * digits (U+0660–0669, U+06F0–06F9), the digit sets libphonenumber knows.
 */
function normalise(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000\u0660-\u0669\u06F0-\u06F9]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x3000) return ' ';
    if (code <= 0x0669) return String(code - 0x0660);
    if (code <= 0x06f9) return String(code - 0x06f0);
    return String.fromCharCode(code - 0xfee0);
  });
}

function hasDigits(text: string, min: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length && n < min; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n >= min;
}
