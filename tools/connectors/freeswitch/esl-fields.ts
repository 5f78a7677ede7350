import type { HeaderBlock } from '../core/header-block.js';

/** FreeSWITCH times are epoch microseconds ("1621654552823679"); 0 means "not happened". → epoch ms. */
export function fsTime(b: HeaderBlock, ...names: string[]): number | undefined {
  for (const n of names) {
    const us = Number(b.value(n));
    if (Number.isFinite(us) && us > 0) return Math.round(us / 1000);
  }
  return undefined;
}

/**
 * The keys a FreeSWITCH user or channel can be mapped by: "sofia/internal/1001@192.168.56.74" →
 * 1001@192.168.56.74, 1001; "1000@default" → 1000@default, 1000.
 */
export function fsUserKeys(...values: (string | undefined)[]): string[] {
  const keys: string[] = [];
  for (const v of values) {
    if (!v) continue;
    const user = v.startsWith('sofia/') ? v.split('/').slice(2).join('/') : v;
    if (!user) continue;
    keys.push(user);
    const at = user.indexOf('@');
    if (at > 0) keys.push(user.slice(0, at));
  }
  return [...new Set(keys)];
}

/** The leg's call: Channel-Call-UUID names the call a leg belongs to (the a-leg's UUID), else the leg itself. */
export function callUuid(b: HeaderBlock): string | undefined {
  return b.value('Channel-Call-UUID') ?? b.value('Unique-ID');
}
