import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../server/src/http/security-headers.js';

/** The hook a "display link" feature will use: one policy decides, per request, who may frame the answer. */
describe('securityHeaders framing policy', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    const app = express();
    app.use(securityHeaders({ framing: (req) => (req.url?.startsWith('/wall?display=') ? ['https://signage.example.com'] : []) }));
    app.get(['/wall', '/admin'], (_req, res) => void res.send('ok'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const headersOf = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    await res.arrayBuffer();
    return { csp: res.headers.get('content-security-policy') ?? '', xfo: res.headers.get('x-frame-options') };
  };

  it('lets the origin the policy names frame that response only, without X-Frame-Options (it cannot name an origin)', async () => {
    const framed = await headersOf('/wall?display=abc');
    expect(framed.csp).toContain('frame-ancestors https://signage.example.com');
    expect(framed.xfo).toBeNull();
  });

  it("refuses framing everywhere else: frame-ancestors 'none' and X-Frame-Options DENY", async () => {
    for (const path of ['/wall', '/admin']) {
      const h = await headersOf(path);
      expect(h.csp).toContain("frame-ancestors 'none'");
      expect(h.xfo).toBe('DENY');
    }
  });
});
