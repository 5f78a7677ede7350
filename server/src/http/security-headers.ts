import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { Gate } from './direct-routes.js';

/**
 * Who may frame this response: CSP `frame-ancestors` sources (e.g. `https://signage.example.com`), or
 * an empty list for nobody. Decided per request, before the route runs, and only here.
 */
export type FramingPolicy = (req: IncomingMessage) => readonly string[];

/** The default: no page is framed (clickjacking a supervisor's "resolve" or an admin's rule editor). */
export const refuseFraming: FramingPolicy = () => [];

/**
 * Helmet's headers with FloorPulse's Content-Security-Policy: scripts, styles, fetches and the socket
 * only from this origin, nothing inline that could run, no plugins, no `<base>`. The built pages
 * pass it as they are (tests/e2e/web-security.test.ts opens every page under it in chromium).
 *
 * - `script-src 'self'`, no 'unsafe-inline' or 'unsafe-eval': the bundle is files, and zod builds no
 *   parsers with `new Function` in the browser (web/src/lib/zod-jitless.ts).
 * - `connect-src 'self'` covers the Socket.IO websocket: CSP Level 3 matches ws:/wss: of the page's own
 *   host under 'self' (the polling fallback is plain same-origin HTTP).
 * - `style-src 'self'` without 'unsafe-inline' (so no `<style>` element and no style attribute in markup):
 *   the bundle's CSS is a file; Vue's `:style` bindings and ECharts set styles through the CSSOM
 *   (element.style), which CSP does not govern. ECharts' HTML tooltip writes style attributes, so the
 *   charts draw their tooltips on the canvas instead (web/src/lib/history-charts.ts).
 * - no `upgrade-insecure-requests` (helmet's default): a floor LAN serves plain http, and upgraded
 *   asset requests would not load. helmet's other defaults stay (nosniff, Strict-Transport-Security,
 *   which browsers ignore over plain http, same-origin opener and resource policies, …).
 *
 * Framing: `framing` decides each response's `frame-ancestors` (and X-Frame-Options DENY when nobody may
 * frame it). app.ts passes the display links' policy (displays/display-framing.ts, docs/people.md).
 */
export function securityHeaders(opts: { framing?: FramingPolicy } = {}): Gate {
  const framing = opts.framing ?? refuseFraming;
  const byAncestors = new Map<string, HeaderSet>();
  const headersFor = (ancestors: string): HeaderSet => {
    let set = byAncestors.get(ancestors);
    if (!set) {
      set = helmetHeaders(ancestors);
      // Display links name a handful of origins; a bound keeps an admin's typo list from growing it forever.
      if (byAncestors.size < 64) byAncestors.set(ancestors, set);
    }
    return set;
  };
  return (req, res, next) => {
    const ancestors = framing(req);
    const set = headersFor(ancestors.length > 0 ? ancestors.join(' ') : "'none'");
    if (ancestors.length === 0) res.setHeader('X-Frame-Options', 'DENY');
    for (const [name, value] of set.set) res.setHeader(name, value);
    for (const name of set.removed) res.removeHeader(name);
    next();
  };
}

interface HeaderSet {
  set: [string, string][];
  removed: string[];
}

/**
 * What helmet sets for one `frame-ancestors` value, recorded once. Helmet's answer depends on nothing
 * else in the request, and building it per request (a dozen middlewares and the policy string) cost
 * ~5 % of the pre-dial check's CPU at 2,000 checks/s (BENCHMARKS.md, "Pre-dial check").
 */
function helmetHeaders(frameAncestors: string): HeaderSet {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: [frameAncestors],
      },
    },
    // Set by securityHeaders, from the same decision as frame-ancestors (X-Frame-Options cannot name several origins).
    xFrameOptions: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const out: HeaderSet = { set: [], removed: [] };
  const recorder = {
    setHeader: (name: string, value: unknown) => void out.set.push([name, String(value)]),
    removeHeader: (name: string) => void out.removed.push(name),
  };
  let called = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, () => (called = true));
  // Helmet answers synchronously; if a version ever did not, every response would lack its headers.
  if (!called || out.set.length === 0) throw new Error('helmet did not set its headers synchronously');
  return out;
}
