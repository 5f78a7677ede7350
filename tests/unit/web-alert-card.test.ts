// @vitest-environment happy-dom

import type { Alert } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, test } from 'vitest';
import SupervisorAlertCard from '../../web/src/components/supervisor/SupervisorAlertCard.vue';
import { setLocale } from '../../web/src/lib/i18n';
import { roster } from '../../web/src/lib/roster-names';

const alert: Alert = {
  id: 'help:h1',
  ruleId: 'help',
  level: 'agent',
  severity: 'critical',
  teamId: 'north',
  agentId: 'WangFang',
  title: 'WangFang (team north) asks for help',
  status: 'acknowledged',
  openedAt: '2026-01-05T02:00:00Z',
  updatedAt: '2026-01-05T02:01:00Z',
  acknowledgedBy: 'zhou.sup',
  acknowledgedByName: '周主管',
  acknowledgedAt: '2026-01-05T02:01:00Z',
  note: '马上过去',
  evidence: { message: 'angry lead' },
};

afterEach(() => roster.load({ agents: [], teams: [], unlisted: [], unlistedTotal: 0 }));

describe('the supervisor alert card', () => {
  test('names the agent and team from the roster and the person who acknowledged it, not their logins', () => {
    setLocale('zh-CN');
    roster.load({
      agents: [{ id: 'WangFang', name: '王芳', teamId: 'north', channel: 'human', active: true }],
      teams: [{ id: 'north', name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: [] }],
      unlisted: [],
      unlistedTotal: 0,
    });
    const w = mount(SupervisorAlertCard, { props: { alert } });
    expect(w.get('[data-test=alert-status]').text()).toBe('已确认 · 周主管');
    const text = w.text();
    expect(text).toContain('王芳');
    expect(text).toContain('北区一组');
    expect(text).toContain('— 周主管');
    expect(text).not.toContain('zhou.sup');
  });

  test('shows an unlisted agent by id, and no name for an acknowledgement by a token', () => {
    setLocale('en');
    const w = mount(SupervisorAlertCard, { props: { alert: { ...alert, acknowledgedBy: 'supervisor', acknowledgedByName: undefined } } });
    expect(w.get('[data-test=alert-status]').text()).toBe('Acknowledged');
    expect(w.text()).toContain('WangFang');
  });
});
