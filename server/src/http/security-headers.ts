import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Who may frame this response: CSP `frame-ancestors` sources (e.g. `https://signage.example.com`), or
 * an empty list for nobody. Decided per request, before the route runs, and only here.
 */
export type FramingPolicy = (req: IncomingMessage) => readonly string[];

/** The default: no page is framed (clickjacking a supervisor's "resolve" or an admin's rule editor). */
export const refuseFraming: FramingPolicy = () => [];

const FRAME_ANCESTORS = 'frameAncestors';

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
export function securityHeaders(opts: { framing?: FramingPolicy } = {}): RequestHandler {
  const framing = opts.framing ?? refuseFraming;
  const headers = helmet({
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
        frameAncestors: [(_req, res) => String((res as Response).locals[FRAME_ANCESTORS])],
      },
    },
    // Set below, from the same decision as frame-ancestors (X-Frame-Options cannot name several origins).
    xFrameOptions: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  return (req, res, next) => {
    const ancestors = framing(req);
    res.locals[FRAME_ANCESTORS] = ancestors.length > 0 ? ancestors.join(' ') : "'none'";
    if (ancestors.length === 0) res.setHeader('X-Frame-Options', 'DENY');
    headers(req, res, next);
  };
}
