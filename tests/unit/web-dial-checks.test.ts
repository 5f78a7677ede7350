// @vitest-environment happy-dom

import type { DialChecksAnswer } from '@floorpulse/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import SupervisorDialChecks from '../../web/src/components/supervisor/SupervisorDialChecks.vue';
import { setLocale } from '../../web/src/lib/i18n';

setLocale('en');
const tally = (refused: number, checks: number) => ({
  checks,
  allowed: checks - refused,
  refused,
  byReason: { outside_hours: 0, frequency_cap: refused, no_consent: 0 },
});
const answer = (total: DialChecksAnswer['total']): DialChecksAnswer => ({
  tz: 'Asia/Shanghai',
  day: '2026-12-01',
  from: '2026-11-30T16:00:00.000Z',
  to: '2026-12-01T16:00:00.000Z',
  team: '',
  asOf: '2026-12-01T06:00:00.000Z',
  flushSeconds: 5,
  total,
  byTeam: total ? [{ teamId: 'north', name: 'north', ...total }] : [],
  pending: tally(0, 0),
  sql: 'SELECT 1',
  params: {},
});
/** Every fetch from now on answers this (a status other than 200 is a failed read). */
function serve(status: number, body: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
}
const card = () => mount(SupervisorDialChecks, { props: { inView: () => true, teamName: (id: string) => (id === 'north' ? '北区' : id) } });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the supervisor card of dials stopped before dialling', () => {
  test('shows stopped of all checks, by reason, and the team by its roster name', async () => {
    serve(200, answer(tally(1234, 20_000)));
    const w = card();
    await flushPromises();
    expect(w.get('[data-test=dial-checks-total]').text()).toBe('1,234of 20,000 checks');
    expect(w.get('[data-reason=frequency_cap]').text()).toBe('Number called too often 1,234');
    expect(w.get('[data-test=dial-checks-teams]').text()).toBe('北区 1,234');
    expect(w.find('[data-test=dial-checks-stale]').exists()).toBe(false);
  });

  test('no check asked: "—" and the line that says so, no reasons at all', async () => {
    serve(200, answer(null));
    const w = card();
    await flushPromises();
    expect(w.get('[data-test=dial-checks-total]').text()).toBe('—');
    expect(w.get('[data-test=dial-checks-none]').text()).toBe('No pre-dial check was asked today.');
    expect(w.find('.reasons').exists()).toBe(false);
  });

  test('a failed read 30 s later keeps the last numbers and says STALE; the next good read clears it', async () => {
    vi.useFakeTimers();
    serve(200, answer(tally(5, 11)));
    const w = card();
    await flushPromises();
    serve(500, { error: 'clickhouse is down' });
    await vi.advanceTimersByTimeAsync(30_000);
    await flushPromises();
    expect(w.get('[data-test=dial-checks-stale]').text()).toBe('STALE');
    expect(w.get('[data-test=dial-checks-total]').text()).toBe('5of 11 checks');
    serve(200, answer(tally(6, 12)));
    await vi.advanceTimersByTimeAsync(30_000);
    await flushPromises();
    expect(w.find('[data-test=dial-checks-stale]').exists()).toBe(false);
    expect(w.get('[data-test=dial-checks-total]').text()).toBe('6of 12 checks');
  });
});

describe('the card on the "My teams" view', () => {
  test('counts only the teams in view, and says no check was asked when none of them asked one', async () => {
    const both = answer(tally(5, 11));
    both.byTeam = [
      { teamId: 'north', name: 'north', ...tally(3, 7) },
      { teamId: 'south', name: 'south', ...tally(2, 4) },
    ];
    serve(200, both);
    const mine = mount(SupervisorDialChecks, { props: { inView: (id: string) => id === 'south', teamName: (id: string) => id } });
    await flushPromises();
    expect(mine.get('[data-test=dial-checks-total]').text()).toBe('2of 4 checks');
    expect(mine.get('[data-test=dial-checks-teams]').text()).toBe('south 2');
    const elsewhere = mount(SupervisorDialChecks, { props: { inView: (id: string) => id === 'east', teamName: (id: string) => id } });
    await flushPromises();
    expect(elsewhere.get('[data-test=dial-checks-total]').text()).toBe('—');
    expect(elsewhere.find('[data-test=dial-checks-none]').exists()).toBe(true);
  });
});
