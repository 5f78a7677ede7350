// @vitest-environment happy-dom

import { alertsAnswerSchema, goalsAnswerSchema } from '@floorpulse/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, api } from '../../web/src/lib/api';
import { displaySecret, refusal, session, token } from '../../web/src/lib/auth';
import { connectVerdict } from '../../web/src/lib/connect-refusal';
import { afterSignIn, homeOf } from '../../web/src/lib/pages';

/** The next fetch answers this status, body and headers; the calls are in vi.mocked(fetch). */
function answer(status: number, body: unknown, headers: Record<string, string> = {}): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () =>
        new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }),
    ),
  );
}
const sent = () => vi.mocked(fetch).mock.calls.map(([, init]) => (init as RequestInit).headers as Record<string, string>);
const user = { login: 'wang.sup', name: '王主管', role: 'supervisor' as const, teams: ['north'], active: true };

beforeEach(() => {
  token.value = null;
  displaySecret.value = null;
  session.value = null;
  refusal.value = null;
});
afterEach(() => vi.unstubAllGlobals());

describe('api(): the credential of the page and the CSRF token of a session', () => {
  it("sends a signed-in person's x-csrf-token with every change, never with a read, and no Authorization", async () => {
    session.value = { user, csrf: 'csrf-of-this-session-000' };
    answer(200, { goals: [] });
    await api('/api/v1/goals', goalsAnswerSchema);
    for (const method of ['POST', 'PUT', 'DELETE']) await api('/api/v1/goals', goalsAnswerSchema, { method, body: { goals: [] } });
    const [read, ...changes] = sent();
    expect(read).not.toHaveProperty('x-csrf-token');
    expect(changes.map((h) => h['x-csrf-token'])).toEqual([
      'csrf-of-this-session-000',
      'csrf-of-this-session-000',
      'csrf-of-this-session-000',
    ]);
    for (const h of sent()) expect(h).not.toHaveProperty('authorization');
  });

  it('sends no CSRF token without a session (a token is not a cookie a browser sends on its own)', async () => {
    token.value = 'tok-1';
    answer(200, { goals: [] });
    await api('/api/v1/goals', goalsAnswerSchema, { method: 'PUT', body: { goals: [] } });
    expect(sent()[0]).toMatchObject({ authorization: 'Bearer tok-1' });
    expect(sent()[0]).not.toHaveProperty('x-csrf-token');
  });

  it("a TV's display secret goes as the bearer credential, before a token kept in the browser", async () => {
    token.value = 'tok-1';
    displaySecret.value = 'disp_abc';
    answer(200, { alerts: [] });
    await api('/api/v1/alerts', alertsAnswerSchema);
    expect(sent()[0]).toMatchObject({ authorization: 'Bearer disp_abc' });
  });
});

describe('api(): a refused credential is reported, not shown as an error and forgotten', () => {
  it.each([
    ['display revoked', 'this display was switched off'],
    ['session ended', 'your session has ended: sign in again'],
    ['invalid', 'missing or invalid token'],
  ] as const)('a 401 with refusal %s reports it for the page to say so', async (kind, error) => {
    answer(401, { error, refusal: kind });
    const err = await api('/api/v1/alerts', alertsAnswerSchema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).refusal).toBe(kind);
    expect(refusal.value).toBe(kind);
  });

  it('a wrong password (401 without a refusal) is an error of that request only', async () => {
    answer(401, { error: 'wrong login or password' });
    const err = (await api('/api/v1/session', z.unknown(), { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.message, err.refusal]).toEqual([401, 'wrong login or password', undefined]);
    expect(refusal.value).toBeNull();
  });

  it('a 429 carries how long to wait, from Retry-After', async () => {
    answer(429, { error: 'too many failed sign-ins from this address: retry later' }, { 'retry-after': '42' });
    const err = (await api('/api/v1/session', z.unknown(), { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.retryAfterSeconds]).toEqual([429, 42]);
    expect(refusal.value).toBeNull();
  });

  it('the first refusal wins: a later one does not replace what the page is saying', async () => {
    answer(401, { error: 'x', refusal: 'display revoked' });
    await api('/api/v1/alerts', alertsAnswerSchema).catch(() => null);
    answer(401, { error: 'x', refusal: 'invalid' });
    await api('/api/v1/alerts', alertsAnswerSchema).catch(() => null);
    expect(refusal.value).toBe('display revoked');
  });
});

describe("the socket's connect errors: said, or retried after the server's wait", () => {
  it('maps each refusal the server sends (server/src/realtime/auth.ts) to what the page says', () => {
    expect(connectVerdict({ message: 'switched off' })).toEqual({ kind: 'refused', refusal: 'display revoked' });
    expect(connectVerdict({ message: 'session ended' })).toEqual({ kind: 'refused', refusal: 'session ended' });
    expect(connectVerdict({ message: 'unauthorized' })).toEqual({ kind: 'refused', refusal: 'invalid' });
    expect(connectVerdict({ message: 'forbidden' })).toEqual({ kind: 'refused', refusal: 'invalid' });
  });

  it('rate limited: tries again after the seconds the server named, not never', () => {
    expect(connectVerdict({ message: 'rate limited', data: { retryAfterSeconds: 17 } })).toEqual({ kind: 'retry', afterMs: 17_000 });
    expect(connectVerdict({ message: 'rate limited' })).toEqual({ kind: 'retry', afterMs: 60_000 });
    expect(connectVerdict({ message: 'unavailable' })).toEqual({ kind: 'retry', afterMs: 5000 });
  });
});

describe('after signing in', () => {
  it('each role lands on its own page', () => {
    expect(['agent', 'supervisor', 'analyst', 'admin'].map((r) => homeOf(r as 'agent'))).toEqual([
      '/me',
      '/supervisor',
      '/history',
      '/admin',
    ]);
  });

  it('goes back to the page it came from when that page is theirs, with its query', () => {
    expect(afterSignIn('/supervisor?scope=floor', 'supervisor')).toBe('/supervisor?scope=floor');
    expect(afterSignIn('/history', 'admin')).toBe('/history');
    // A supervisor's contests are on the admin page's Contests tab.
    expect(afterSignIn('/admin', 'supervisor')).toBe('/admin');
  });

  it("never to another origin, nor to a page that is not the role's", () => {
    expect(afterSignIn('//evil.example.com/wall', 'admin')).toBe('/admin');
    expect(afterSignIn('/\\evil.example.com', 'admin')).toBe('/admin');
    expect(afterSignIn('https://evil.example.com/', 'analyst')).toBe('/history');
    expect(afterSignIn('/admin', 'agent')).toBe('/me');
    expect(afterSignIn(null, 'supervisor')).toBe('/supervisor');
  });
});
