import type { FramingPolicy } from '../http/security-headers.js';
import type { DisplayDirectory } from './display-directory.js';

/**
 * Who may frame a response (http/security-headers.ts): the origins an admin gave a display link
 * (a signage player showing the wall in an iframe), for that link's wall page alone, while the link is
 * live. Everything else — every other page, the API, a wall without a live link — keeps
 * `frame-ancestors 'none'`. Only the page itself needs it: CSP framing applies to the framed document,
 * whose fetches and socket are not framed. The origins were checked when the link was created
 * (shared/src/people.ts: scheme, host and port only), so they go into the header as they are.
 */
export function displayFraming(displays: DisplayDirectory): FramingPolicy {
  return (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return [];
    const url = new URL(req.url ?? '/', 'http://floorpulse.invalid');
    if (url.pathname.replace(/\/+$/, '') !== '/wall') return [];
    const secret = url.searchParams.get('display');
    const link = secret ? displays.check(secret) : null;
    return link?.ok ? link.link.frameAncestors : [];
  };
}
