import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/** The Content-Security-Policy header as directive → sources. */
function directives(header: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

describe('security headers on every answer', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('security-headers'), scheduler: asyncScheduler });
  });
  afterAll(async () => {
    await server.stop();
  });

  // The pages (built or not: a missing build answers 503 with the same headers), an API answer, a JSON 404, a probe.
  it.each([
    ['/'],
    ['/wall'],
    ['/supervisor'],
    ['/history'],
    ['/admin'],
    ['/wall?scope=team:north'],
    ['/api/v1/meta'],
    ['/api/v1/nope'],
    ['/healthz'],
  ])('%s: a CSP with no inline script, framing refused, nosniff, no referrer, no X-Powered-By', async (path) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKENS.VIEWER_TOKEN}` } });
    await res.arrayBuffer();
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'connect-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    for (const sources of Object.values(csp)) {
      expect(sources).not.toContain("'unsafe-eval'");
    }
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    // Styles only from the app's own files: no <style> element, no style attribute in markup (security-headers.ts).
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['style-src-attr']).toBeUndefined();
    // Not upgrade-insecure-requests: a floor LAN serves plain http, and upgraded assets would not load.
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
