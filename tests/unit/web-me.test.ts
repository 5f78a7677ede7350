// @vitest-environment happy-dom

import { emptyCounts, type HelpRequest, type MyGoal, type RatesSnapshot } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, test } from 'vitest';
import MeGoals from '../../web/src/components/me/MeGoals.vue';
import MeHelp from '../../web/src/components/me/MeHelp.vue';
import MeRecognition from '../../web/src/components/me/MeRecognition.vue';
import MeToday from '../../web/src/components/me/MeToday.vue';
import { setLocale } from '../../web/src/lib/i18n';

/** The parts of /me on their own: "—" for no data, goal bars and pace, the help request in the agent's words. */
beforeEach(() => setLocale('en'));

const snap = (scope: RatesSnapshot['scope'], dialed: number, hangupRate: number | null): RatesSnapshot => ({
  scope,
  window: 'today',
  from: '2026-11-20T16:00:00.000Z',
  to: '2026-11-21T06:00:00.000Z',
  counts: { ...emptyCounts(), dialed, answered: Math.floor(dialed / 2), ended: dialed },
  rates: {
    connectRate: 0.5,
    hangupRate,
    effectiveRate: null,
    conversionRate: null,
    complianceRate: null,
    complaintRate: null,
    hotLeadConversion: null,
    machineRate: null,
    abandonRate: null,
  },
});
const cell = (w: ReturnType<typeof mount>, metric: string, which: 'mine' | 'team') =>
  w.get(`[data-metric=${metric}] [data-test=${which}]`).text();

describe('today, mine vs my team', () => {
  test('an unknown team is "—" in every row, never 0; my numbers are shown', () => {
    const w = mount(MeToday, {
      props: {
        today: { from: '2026-11-20T16:00:00.000Z', to: '2026-11-21T06:00:00.000Z', mine: snap('agent:a1', 12, 0.25), team: null },
        stale: false,
      },
    });
    expect(cell(w, 'dialed', 'mine')).toBe('12');
    expect(cell(w, 'hangupRate', 'mine')).toBe('25.0%');
    for (const m of ['dialed', 'answered', 'effective', 'sales', 'hangupRate']) expect(cell(w, m, 'team')).toBe('—');
  });

  test('a rate with nothing under it is "—", and before the first answer every number is "—"', () => {
    const w = mount(MeToday, {
      props: {
        today: {
          from: '2026-11-20T16:00:00.000Z',
          to: '2026-11-21T06:00:00.000Z',
          mine: snap('agent:a1', 0, null),
          team: snap('team:north', 40, 0.1),
        },
        stale: false,
      },
    });
    expect(cell(w, 'hangupRate', 'mine')).toBe('—');
    expect(cell(w, 'hangupRate', 'team')).toBe('10.0%');
    const empty = mount(MeToday, { props: { today: null, stale: false } });
    expect(cell(empty, 'dialed', 'mine')).toBe('—');
  });
});

const goal = (g: Partial<MyGoal>): MyGoal => ({
  goalId: 'agent:a1:effective:day',
  scope: 'agent:a1',
  metric: 'effective',
  period: 'day',
  from: '',
  to: '',
  value: 15,
  target: 20,
  met: false,
  expected: 14,
  onPace: true,
  ...g,
});

describe('goal bars', () => {
  test('"15/20" on pace; met turns green; behind says by how much', () => {
    const w = mount(MeGoals, {
      props: {
        goals: [
          goal({}),
          goal({ goalId: 'agent:a1:sales:day', metric: 'sales', value: 3, target: 3, met: true, expected: 2 }),
          goal({
            goalId: 'agent:a1:dialed:week',
            metric: 'dialed',
            period: 'week',
            value: 100,
            target: 400,
            expected: 160.4,
            onPace: false,
          }),
        ],
        stale: false,
      },
    });
    const eff = w.get('[data-goal="effective:day"]');
    expect(eff.get('[data-test=frac]').text()).toBe('15/20');
    expect(eff.get('[data-test=pace]').text()).toBe('On pace');
    expect(eff.attributes('data-met')).toBe('false');
    const sales = w.get('[data-goal="sales:day"]');
    expect(sales.attributes('data-met')).toBe('true');
    expect(sales.classes()).toContain('met');
    expect(sales.get('[data-test=pace]').text()).toBe('Met!');
    expect(w.get('[data-goal="dialed:week"] [data-test=pace]').text()).toBe('60 behind pace');
  });

  test('no goal of mine says so', () => {
    expect(mount(MeGoals, { props: { goals: [], stale: false } }).text()).toContain('No goals set for you yet');
  });
});

describe('recognition', () => {
  test('no daily goal: the streak is "—"; ranks as "2 of 5"; no rank is "—"', () => {
    const w = mount(MeRecognition, {
      props: { recognition: { streakDays: null, celebrations: [], rank: { team: { rank: 2, of: 5 }, floor: null } }, stale: false },
    });
    expect(w.get('[data-test=streak]').text()).toBe('—');
    expect(w.get('[data-test=rank-team]').text()).toBe('2 of 5');
    expect(w.get('[data-test=rank-floor]').text()).toBe('—');
  });
});

const req = (r: Partial<HelpRequest>): HelpRequest => ({ id: 'al-1', status: 'sent', requestedAt: '2026-11-21T02:00:00.000Z', ...r });
const help = (request: HelpRequest | null) =>
  mount(MeHelp, {
    props: { request, open: request?.status === 'sent' || request?.status === 'acknowledged', busy: false, error: null },
  });

describe('the help request in the agent’s words', () => {
  test('acknowledged: the supervisor’s name is coming, with their note, and a cancel button', () => {
    const w = help(req({ status: 'acknowledged', ack: { name: '王主管', at: '2026-11-21T02:01:00.000Z' }, note: 'on my way' }));
    expect(w.get('[data-test=help-status]').text()).toContain('王主管 is coming');
    expect(w.get('[data-test=help-note]').text()).toContain('on my way');
    expect(w.find('[data-test=help-cancel]').exists()).toBe(true);
    expect(w.find('[data-test=help-ask]').exists()).toBe(false);
    setLocale('zh-CN');
    const zh = help(req({ status: 'acknowledged', ack: { name: '王主管', at: '2026-11-21T02:01:00.000Z' } }));
    expect(zh.get('[data-test=help-status]').text()).toContain('王主管 马上过来');
  });

  test('sent, then resolved by name, or cancelled: the ask button is back once it is closed', () => {
    expect(help(req({})).get('[data-test=help-status]').text()).toContain('Sent');
    const done = help(req({ status: 'resolved', closed: { name: '王主管', at: '2026-11-21T02:05:00.000Z' } }));
    expect(done.get('[data-test=help-status]').text()).toContain('Resolved by 王主管');
    expect(done.find('[data-test=help-ask]').exists()).toBe(true);
    expect(
      help(req({ status: 'cancelled' }))
        .get('[data-test=help-status]')
        .text(),
    ).toContain('You cancelled your request');
  });

  test('asking sends the picked reason and the text, and keeps them when the request is refused', async () => {
    const w = help(null);
    await w.get('[data-reason=compliance]').trigger('click');
    await w.get('[data-test=help-text]').setValue('is this script ok?');
    await w.get('[data-test=help-ask]').trigger('click');
    expect(w.emitted('ask')).toEqual([['compliance', 'is this script ok?']]);
    await w.setProps({ error: 'help: storage refused the request' });
    expect((w.get('[data-test=help-text]').element as HTMLInputElement).value).toBe('is this script ok?');
    await w.setProps({ error: null, open: true, request: req({}) });
    await w.setProps({ open: false, request: req({ status: 'cancelled' }) });
    expect((w.get('[data-test=help-text]').element as HTMLInputElement).value).toBe('');
  });
});
