import type { CallEvent } from '@floorpulse/shared';
import type { CountryCode } from 'libphonenumber-js/max';
import { replacePhones } from './phone-number.js';

export interface PhoneMasker {
  /** Free text (a help message, a supervisor's note): each number becomes `[phone …1234]`, its last 4 digits. */
  text(s: string): string;
  /** An id: each number becomes its keyed token (`tel_…`), the same for the same number however written. */
  id(s: string): string;
  /** The event with its ids, rule and message masked; the same object when there was nothing to mask. */
  event<E extends CallEvent>(e: E): E;
}

/**
 * Phone numbers in what a sender types freely. Ids, rule names and messages are copied into alert titles
 * and evidence, the `alerts` table, the screens and the analysts' SQL: a number there is a person's
 * number in clear (the regulation: personal information). Masking at ingest makes every later copy masked,
 * since only stored events reach the pipeline. Ids get a token rather than a mask: two different numbers
 * must not make one id (a mask keeps 4 digits: collisions), and the same number the same id (dedupe).
 * Numbers are found by phone-number.ts (the library's finder, and what it takes for a phone).
 */
/** 20,000 ids a generation: every team, agent and campaign of a large floor, and the calls of the last seconds. */
const MEMO = 20_000;

export function makePhoneMasker(o: { region: CountryCode; token: (e164: string) => string }): PhoneMasker {
  const text = (s: string) => replacePhones(s, o.region, (p) => `[phone …${p.national.slice(-4)}]`);
  // Ids repeat (a team, an agent, a campaign, the events of one call): each is searched once while it is
  // among the last MEMO ids seen. The finder is the ingest's largest cost per event (phone-number.ts).
  // Two generations, swapped when the young one is full: O(1) a lookup (evicting a Map's oldest key one at a
  // time walks the holes earlier deletes leave: it was 19% of the ingest thread).
  let young = new Map<string, string>();
  let old = new Map<string, string>();
  const id = (s: string) => {
    let masked = young.get(s) ?? old.get(s);
    if (masked === undefined) masked = replacePhones(s, o.region, (p) => o.token(p.e164));
    if (young.size >= MEMO) {
      old = young;
      young = new Map();
    }
    young.set(s, masked);
    return masked;
  };

  return {
    text,
    id,
    event(e) {
      const changes: Partial<Record<'id' | 'teamId' | 'agentId' | 'campaignId' | 'callId' | 'rule' | 'message', string>> = {};
      const check = (key: keyof typeof changes, value: string | undefined, mask: (s: string) => string) => {
        if (value === undefined) return;
        const masked = mask(value);
        if (masked !== value) changes[key] = masked;
      };
      const ev: CallEvent = e;
      check('id', ev.id, id);
      check('teamId', ev.teamId, id);
      check('agentId', ev.agentId, id);
      check('campaignId', ev.campaignId, id);
      if (ev.type === 'help.requested') check('message', ev.message, text);
      else if (ev.type !== 'agent.state') {
        check('callId', ev.callId, id);
        if (ev.type === 'compliance.flag') check('rule', ev.rule, id);
      }
      // Nothing found (almost every event): the event itself, no copy on the hot path.
      return Object.keys(changes).length === 0 ? e : { ...e, ...changes };
    },
  };
}
