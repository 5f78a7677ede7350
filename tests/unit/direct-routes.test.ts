import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { directRoutes, type Gate } from '../../server/src/http/direct-routes.js';
import { drainable } from '../../server/src/http/drain.js';
import { jsonBody } from '../../server/src/http/json-body.js';
import { sendJson } from '../../server/src/http/send-json.js';

/**
 * Routes served ahead of Express (http/direct-routes.ts): the pre-dial check's door. What matters is that
 * skipping Express skips none of what guards it: the gates first, in order, a refusal ends the chain,
 * errors reach the error answer, and every other request is Express's.
 */
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serve(o: { gates: Gate[]; handlers: Gate[]; errors?: unknown[] }) {
  const fallback = express();
  fallback.use((req, res) => void res.status(404).json({ error: 'express', path: req.url }));
  const http = createServer(
    directRoutes({
      gates: o.gates,
      routes: [{ method: 'POST', path: '/api/v1/compliance/check', handlers: o.handlers }],
      fallback,
      onError: (err, _req, res) => {
        o.errors?.push(err);
        sendJson(res, 500, { error: 'internal error' });
      },
    }),
  );
  servers.push(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return { http, base: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

const postJson = async (
  url: string,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
};

describe('directRoutes', () => {
  it("runs the gates in order, then the route's handlers, and never hands the request to Express", async () => {
    const seen: string[] = [];
    const mark =
      (name: string): Gate =>
      (_req, _res, next) => {
        seen.push(name);
        next();
      };
    const { base } = await serve({
      gates: [mark('headers'), mark('drain'), mark('failures')],
      handlers: [mark('role'), jsonBody(1024), (req, res) => sendJson(res, 200, { got: (req as { body?: unknown }).body })],
    });
    const res = await postJson(`${base}/api/v1/compliance/check?ignored=1`, '{"teamId":"north"}');
    expect([res.status, res.body]).toEqual([200, { got: { teamId: 'north' } }]);
    expect(seen).toEqual(['headers', 'drain', 'failures', 'role']);
  });

  it('gives every other method and path to Express, a trailing slash included (no unguarded look-alike)', async () => {
    const { base } = await serve({ gates: [], handlers: [(_req, res) => sendJson(res, 200, { direct: true })] });
    for (const [method, path] of [
      ['GET', '/api/v1/compliance/check'],
      ['POST', '/api/v1/compliance/check/'],
      ['POST', '/api/v1/compliance/checks'],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method });
      expect([method, path, res.status, ((await res.json()) as { error: string }).error]).toEqual([method, path, 404, 'express']);
    }
  });

  it('a gate that answers ends the chain: the handler never runs', async () => {
    let ran = false;
    const refuse: Gate = (_req, res) => sendJson(res, 401, { error: 'missing or invalid token' });
    const { base } = await serve({ gates: [refuse], handlers: [() => (ran = true)] });
    const res = await postJson(`${base}/api/v1/compliance/check`, '{}');
    expect([res.status, res.body, ran]).toEqual([401, { error: 'missing or invalid token' }, false]);
  });

  it('a thrown error and next(err) both reach the error answer, once', async () => {
    const errors: unknown[] = [];
    const boom = new Error('boom');
    const { base } = await serve({
      gates: [],
      handlers: [
        (req, _res, next) => {
          if (req.url?.includes('throw')) throw boom;
          next(boom);
        },
      ],
      errors,
    });
    for (const path of ['/api/v1/compliance/check?throw', '/api/v1/compliance/check']) {
      const res = await postJson(`${base}${path}`, '{}');
      expect([res.status, res.body]).toEqual([500, { error: 'internal error' }]);
    }
    expect(errors).toEqual([boom, boom]);
  });

  it('a check in flight holds the drain open and is answered, with Connection: close, before the drain ends', async () => {
    const draining = drainable();
    let release = () => {};
    let arrived = () => {};
    const slowArrived = new Promise<void>((r) => (arrived = r));
    const { http, base } = await serve({
      gates: [draining.middleware],
      handlers: [
        (_req, res) => {
          arrived();
          release = () => sendJson(res, 200, { ok: true });
        },
      ],
    });
    const answer = fetch(`${base}/api/v1/compliance/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await slowArrived;
    let drained = false;
    const drain = draining.drain(http).then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    release();
    const res = await answer;
    expect([res.status, res.headers.get('connection'), await res.json()]).toEqual([200, 'close', { ok: true }]);
    await drain;
    expect(http.listening).toBe(false);
  });
});

/** A JSON body sent as a stream of pieces: chunked, with no Content-Length declared. */
const postPieces = (url: string, parts: string[]) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: new ReadableStream<Uint8Array>({
      start(c) {
        for (const part of parts) c.enqueue(new TextEncoder().encode(part));
        c.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);

describe('jsonBody', () => {
  const echo: Gate = (req, res) => sendJson(res, 200, { got: (req as { body?: unknown }).body });

  it('refuses what is not plain JSON with a status and the field that is wrong', async () => {
    const { base } = await serve({ gates: [], handlers: [jsonBody(64), echo] });
    const url = `${base}/api/v1/compliance/check`;
    const cases: [string | Uint8Array<ArrayBuffer>, Record<string, string>, number, string][] = [
      ['{"a":1}', { 'content-type': 'text/plain' }, 415, 'content-type: must be application/json'],
      ['{"a":1}', {}, 415, 'content-type: must be application/json'],
      [
        '{"a":1}',
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        415,
        'content-encoding: is not supported (send the JSON as it is)',
      ],
      ['{"a":', { 'content-type': 'application/json' }, 400, 'body: is not valid JSON'],
      [new Uint8Array([0x22, 0xff, 0xfe, 0x22]), { 'content-type': 'application/json' }, 400, 'body: is not valid JSON'],
      [`{"a":"${'x'.repeat(100)}"}`, { 'content-type': 'application/json' }, 413, 'body: is larger than the limit'],
    ];
    for (const [body, headers, status, error] of cases) {
      const res = await postJson(url, body, headers);
      expect([res.status, res.body.error]).toEqual([status, error]);
    }
  });

  it('reads a body sent in pieces and one with a JSON media type of a vendor (+json, with a charset)', async () => {
    const { base } = await serve({ gates: [], handlers: [jsonBody(1024), echo] });
    const streamed = await postPieces(`${base}/api/v1/compliance/check`, ['{"team', 'Id":"no', 'rth"}']);
    expect(await streamed.json()).toEqual({ got: { teamId: 'north' } });
    const vendor = await postJson(`${base}/api/v1/compliance/check`, '{"a":1}', {
      'content-type': 'application/vnd.dialer+json; charset=utf-8',
    });
    expect(vendor.body).toEqual({ got: { a: 1 } });
  });

  it('stops reading a body past the limit when it was not declared (chunked), and closes the connection', async () => {
    const { base } = await serve({ gates: [], handlers: [jsonBody(64), echo] });
    const res = await postPieces(`${base}/api/v1/compliance/check`, [`{"a":"${'x'.repeat(200)}`, '"}']);
    expect([res.status, ((await res.json()) as { error: string }).error, res.headers.get('connection')]).toEqual([
      413,
      'body: is larger than the limit',
      'close',
    ]);
  });
});
