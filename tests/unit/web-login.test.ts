// @vitest-environment happy-dom

import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import LoginPage from '../../web/src/components/login/LoginPage.vue';
import { session, token } from '../../web/src/lib/auth';
import { setLocale } from '../../web/src/lib/i18n';

/** The sign-in form against a stubbed POST /api/v1/session answering `status`, `body` and `headers`. */
async function submit(status: number, body: unknown, headers: Record<string, string> = {}) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })),
  );
  const w = mount(LoginPage);
  await w.get('#login').setValue('li.ana');
  await w.get('#password').setValue('a-password-123');
  await w.get('form').trigger('submit');
  await flushPromises();
  return w;
}
const error = (w: Awaited<ReturnType<typeof submit>>) => w.find('[data-test=sign-in-error]');

let assign: ReturnType<typeof vi.fn<(url: string | URL) => void>>;
beforeEach(() => {
  setLocale('en');
  token.value = null;
  session.value = null;
  assign = vi.fn<(url: string | URL) => void>();
  vi.spyOn(window.location, 'assign').mockImplementation(assign);
  window.history.replaceState(null, '', '/login');
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the sign-in page says why it did not sign in', () => {
  it('a wrong password: says so, clears the password, stays on the page', async () => {
    const w = await submit(401, { error: 'wrong login or password' });
    expect(error(w).text()).toBe('Wrong login or password.');
    expect((w.get('#password').element as HTMLInputElement).value).toBe('');
    expect(assign).not.toHaveBeenCalled();
  });

  it("rate limited: says how long to wait, from the server's Retry-After", async () => {
    const w = await submit(429, { error: 'too many failed sign-ins from this address: retry later' }, { 'retry-after': '42' });
    expect(error(w).text()).toBe('Too many failed sign-ins from here. Try again in 42 s.');
  });

  it('rate limited without a Retry-After: says later, not a made-up number', async () => {
    const w = await submit(429, { error: 'too many failed sign-ins from this address: retry later' });
    expect(error(w).text()).toBe('Too many failed sign-ins from here. Try again later.');
  });

  it('sent here because the session ended: says so before anything is typed', () => {
    window.history.replaceState(null, '', '/login?next=%2Fsupervisor&reason=ended');
    const w = mount(LoginPage);
    expect(w.get('[data-test=sign-in-error]').text()).toBe('Your session has ended. Sign in again.');
  });
});

describe('signing in', () => {
  const answer = {
    user: { login: 'li.ana', name: 'Li Na', role: 'analyst', teams: [], active: true },
    csrf: 'csrf-of-this-session-000',
    expiresAt: '2026-12-01T12:00:00.000Z',
  };

  it("goes to the page it came from, and forgets a kept machine token (it would win over the person's session)", async () => {
    window.history.replaceState(null, '', '/login?next=%2Fhistory%3Frange%3D7d');
    token.value = 'viewer-token-kept-in-this-browser';
    await submit(200, answer);
    expect(assign).toHaveBeenCalledWith('/history?range=7d');
    expect(token.value).toBeNull();
    expect(session.value).toEqual({ user: answer.user, csrf: answer.csrf });
  });

  it("without a page to go back to, the role's own page", async () => {
    await submit(200, answer);
    expect(assign).toHaveBeenCalledWith('/history');
  });
});
