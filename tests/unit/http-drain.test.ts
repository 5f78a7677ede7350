import { Agent, createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { drainable } from '../../server/src/http/drain.js';

/** An express server behind the drain middleware; `/slow` answers when the test says so. */
async function serve() {
  const draining = drainable();
  const web = express();
  web.use(draining.middleware);
  let release = () => {};
  let arrived = () => {};
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
  web.get('/slow', (_req, res) => {
    arrived();
    release = () => res.json({ ok: true });
  });
  web.get('/fast', (_req, res) => res.json({ ok: true }));
  const http = createServer(web);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { http, port, draining, slowArrived, release: () => release() };
}

function get(port: number, path: string, agent: Agent): Promise<IncomingMessage & { body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => (body += c))
        .on('end', () => resolve(Object.assign(res, { body })));
    })
      .on('error', reject)
      .end();
  });
}

const agents: Agent[] = [];
afterEach(() => {
  for (const a of agents.splice(0)) a.destroy();
});

describe('draining the HTTP server for shutdown', () => {
  it('answers the request in flight, with Connection: close, before it resolves', async () => {
    const s = await serve();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    expect((await get(s.port, '/fast', agent)).headers.connection).toBe('keep-alive');
    const slow = get(s.port, '/slow', agent);
    await s.slowArrived;
    let drained = false;
    const drain = s.draining.drain(s.http).then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false); // still waiting for /slow
    s.release();
    const res = await slow;
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe('close');
    await drain;
    expect(s.http.listening).toBe(false);
  });

  it('completes while a keep-alive client posts back to back (close() alone would wait for ever)', async () => {
    const s = await serve();
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    agents.push(agent);
    const statuses: number[] = [];
    let firstDone = () => {};
    const warm = new Promise<void>((resolve) => (firstDone = resolve));
    const client = async () => {
      for (;;) {
        try {
          const res = await get(s.port, '/fast', agent);
          statuses.push(res.statusCode ?? 0);
          firstDone();
          if (res.statusCode !== 200) return;
        } catch {
          return; // refused: the listener is closed
        }
      }
    };
    const clients = Promise.all([client(), client()]);
    await warm;
    await s.draining.drain(s.http);
    await clients;
    expect(s.http.listening).toBe(false);
    expect(statuses[0]).toBe(200);
    expect(statuses.every((code) => code === 200 || code === 503)).toBe(true);
  });
});
