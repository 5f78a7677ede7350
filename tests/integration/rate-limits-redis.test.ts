import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServers, startRedis, stopChild } from '../helpers/processes.js';
import { connectScreen } from '../helpers/realtime-client.js';
import { TOKENS } from '../helpers/server.js';

const WRONG = 'wrong-token-0123456789abcdef';
/** The defaults (server/src/config/config.ts): the child servers run with them. */
const AUTH_FAILURE_LIMIT = 20;
const SQL_STATEMENT_LIMIT = 30;

/**
 * Two FloorPulse processes over one real redis-server (REDIS_URL): a limit counted on one holds on the
 * other, so a client cannot multiply its budget by the number of processes behind the load balancer.
 */
describe('rate limits across processes over Redis', () => {
  let redis: ChildProcess | undefined;
  const procs: { proc: ChildProcess; url: string }[] = [];
  const url = (i: number) => procs[i % procs.length]!.url;
  const rates = (i: number, token: string) =>
    fetch(`${url(i)}/api/v1/rates?scope=floor&window=15m`, { headers: { authorization: `Bearer ${token}` } });
  const sql = (i: number, token: string) =>
    fetch(`${url(i)}/api/v1/sql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT 1 AS one' }),
    });

  beforeAll(async () => {
    const r = await startRedis();
    redis = r.proc;
    procs.push(...(await startChildServers(['a', 'b'], 'limits-redis', { REDIS_URL: r.url })));
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => stopChild(p.proc)));
    await stopChild(redis);
  });

  // First: the next test leaves 127.0.0.1 refused for the rest of its minute.
  it('the SQL box budget of a role is one for the floor, not one per process', async () => {
    for (let i = 0; i < SQL_STATEMENT_LIMIT; i++) expect((await sql(i, TOKENS.ANALYST_TOKEN)).status).toBe(200);
    for (const i of [0, 1]) {
      const refused = await sql(i, TOKENS.ANALYST_TOKEN);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('failed authentications spread over both processes add up: then both refuse the address, a correct token and a socket too', async () => {
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) expect((await rates(i, WRONG)).status).toBe(401);
    for (const i of [0, 1]) {
      const refused = await rates(i, TOKENS.VIEWER_TOKEN);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await expect(connectScreen(url(1), { token: TOKENS.VIEWER_TOKEN })).rejects.toThrow('rate limited');
  });
});
