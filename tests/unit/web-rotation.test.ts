// @vitest-environment happy-dom

import { type AgentsAnswer, computeRates, emptyCounts } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { useRotation } from '../../web/src/composables/useRotation';

/** GET /api/v1/history/agents?range=today as the server answers it (the web parses it with agentsAnswerSchema). */
const agentsToday = (agents: [string, string][]): AgentsAnswer => ({
  tz: 'Asia/Shanghai',
  from: '2026-11-19T16:00:00.000Z',
  to: '2026-11-20T06:00:00.000Z',
  sql: 'SELECT …',
  params: {},
  rows: agents.map(([agentId, teamId]) => ({
    agentId,
    teamId,
    channel: 'human',
    state: '',
    stateReason: '',
    stateSince: null,
    counts: emptyCounts(),
    rates: computeRates(emptyCounts()),
  })),
});

function host(fixed: string | null, seconds: number | null, withHonours = false) {
  let api!: ReturnType<typeof useRotation>;
  const C = defineComponent({
    setup() {
      api = useRotation(fixed as never, seconds, withHonours);
      return () => h('div', api.scope.value);
    },
  });
  const wrapper = mount(C);
  return { wrapper, rotation: () => api };
}
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await nextTick();
};

describe('wall rotation', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify(
              agentsToday([
                ['s1', 'south'],
                ['n1', 'north'],
                ['n2', 'north'],
              ]),
            ),
            { status: 200 },
          ),
      ),
    );
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  test('?rotate=30 shows the floor, then each team with calls today, in turn', async () => {
    const { wrapper, rotation } = host(null, 30);
    await flush();
    const seen = [rotation().scope.value];
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(30_000);
      seen.push(rotation().scope.value);
    }
    expect(seen).toEqual(['floor', 'team:north', 'team:south', 'floor']);
    expect(rotation().label.value).toBe('1 / 3');
    wrapper.unmount();
  });

  test('?honours=on: the honour roll takes a turn after the last team, then the floor again', async () => {
    const { wrapper, rotation } = host(null, 30, true);
    await flush();
    const seen = [[rotation().scope.value, rotation().onHonours.value]];
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(30_000);
      seen.push([rotation().scope.value, rotation().onHonours.value]);
    }
    expect(seen).toEqual([
      ['floor', false],
      ['team:north', false],
      ['team:south', false],
      ['floor', true],
      ['floor', false],
    ]);
    expect(rotation().label.value).toBe('1 / 4');
    wrapper.unmount();
  });

  test('a fixed scope never rotates and asks for no team list', async () => {
    const { wrapper, rotation } = host('team:north', 30);
    await flush();
    vi.advanceTimersByTime(120_000);
    expect(rotation().scope.value).toBe('team:north');
    expect(fetch).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  test('unmounting stops the rotation timers', async () => {
    const { wrapper } = host(null, 10);
    await flush();
    wrapper.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
