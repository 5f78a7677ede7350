import type { SchedulerLike } from 'rxjs';
import { type HeaderBlock, keyValueFields } from '../core/header-block.js';

/**
 * The keys a channel or interface name can be mapped by, most specific first:
 * "PJSIP/1986-00000019" → PJSIP/1986, 1986; "Local/183@from-queue-002e58e1;2" → Local/183@from-queue,
 * 183@from-queue, 183; then the caller id number if given. The suffixes cut are Asterisk's own: the
 * 8-hex-digit channel sequence and a Local channel's ";1"/";2" half.
 */
export function extensionKeys(channel: string | undefined, callerIdNum?: string): string[] {
  const keys: string[] = [];
  if (channel) {
    const base = channel.replace(/;\d+$/, '').replace(/-[0-9a-f]{8}$/i, '');
    keys.push(base);
    const slash = base.indexOf('/');
    if (slash > 0) {
      const resource = base.slice(slash + 1);
      keys.push(resource);
      const at = resource.indexOf('@');
      if (at > 0) keys.push(resource.slice(0, at));
    }
  }
  if (callerIdNum) keys.push(callerIdNum);
  return [...new Set(keys)];
}

/**
 * The campaign keys of a dial: the channel variable named by the connector's option (manager.conf
 * `channelvars=FP_CAMPAIGN` puts it on every event as ChanVariable / DestChanVariable), then the
 * AccountCode of either side.
 */
export function campaignKeys(b: HeaderBlock, variable: string): string[] {
  const vars = keyValueFields([...b.all('ChanVariable'), ...b.all('DestChanVariable')]);
  const keys = [vars.get(variable), b.value('AccountCode'), b.value('DestAccountCode')].filter((k): k is string => !!k);
  return [...new Set(keys)];
}

/** An AMI event's time: its Timestamp header (manager.conf `timestampevents=yes`, seconds), else now. */
export function amiTime(b: HeaderBlock, scheduler: SchedulerLike): number {
  const t = Number(b.value('Timestamp'));
  return Number.isFinite(t) && t > 0 ? Math.round(t * 1000) : scheduler.now();
}

/** A phone-looking number (an optional +, 6 to 15 digits): only such a value is ever sent as `phone`. */
export function phoneLike(v: string | undefined): string | undefined {
  return v && /^\+?\d{6,15}$/.test(v) ? v : undefined;
}
