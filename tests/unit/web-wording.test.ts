// @vitest-environment happy-dom

import type { Alert } from '@floorpulse/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../server/src/pipeline/rules/rule.js';
import { defaultRules } from '../../server/src/rules/rule-book.js';
import { wordingOf } from '../../server/src/rules/wording.js';
import { setLocale } from '../../web/src/lib/i18n';
import { en } from '../../web/src/lib/messages-en';
import { roster } from '../../web/src/lib/roster-names';
import { alertText, evidenceNote, worded } from '../../web/src/lib/wording';

/** Values of every kind a default rule's message takes, raw as the rules stage sends them. */
const VARS = {
  agent: 'LiWei',
  team: 'north',
  rule: 'calling-hours',
  callId: 'c-42',
  value: '12.5%',
  threshold: '10.0%',
  metric: 'sales',
  days: 5,
  amount: 38880,
  message: 'customer asks for a manager',
  source: 'derived',
};

/**
 * What the server writes in English for these values (signal-sinks: amount and help text decorated);
 * the screen names the metric ("Sales") where the server's text has its key ("sales").
 */
const serverEnglish = (message: string) =>
  renderMessage(message, { ...VARS, metric: en['metric.sales'], amountText: ' (38,880)', message: ': “customer asks for a manager”' });

afterEach(() => setLocale('en'));

describe('default rules worded by the screen', () => {
  it('in English, word for word what the server writes, for each of the ten default rules', () => {
    setLocale('en');
    const rules = defaultRules();
    expect(rules).toHaveLength(10);
    for (const rule of rules) {
      const w = wordingOf(rule, VARS).wording;
      expect(w, rule.id).toBeDefined();
      expect(worded(w), rule.id).toBe(serverEnglish(rule.message));
    }
  });

  it('in Simplified Chinese, every default rule, with nothing left unfilled', () => {
    setLocale('zh-CN');
    for (const rule of defaultRules()) {
      const text = worded(wordingOf(rule, VARS).wording);
      expect(text, rule.id).toMatch(/[\u4e00-\u9fff]/);
      expect(text, rule.id).not.toMatch(/[{}]/);
    }
    expect(worded(wordingOf(defaultRules().find((r) => r.id === 'help')!, VARS).wording)).toBe(
      'LiWei（north）请求协助：“customer asks for a manager”',
    );
  });

  it("gives no wording for a reworded default rule or an admin's own rule: their text stands", () => {
    const hangups = defaultRules().find((r) => r.id === 'agent-hangups-3h')!;
    expect(wordingOf({ ...hangups, message: '{agent}: 挂断太多' }, VARS)).toEqual({});
    expect(wordingOf({ ...hangups, title: 'Early hang-ups' }, VARS)).toEqual({});
    expect(wordingOf({ ...hangups, id: 'my-rule' }, VARS)).toEqual({});
    setLocale('zh-CN');
    const alert = { title: '{agent}: 挂断太多 → LiWei: 挂断太多', evidence: { message: 'reported by QA' } } as Alert;
    expect(alertText(alert)).toBe(alert.title);
    expect(evidenceNote(alert)).toBe('reported by QA');
    expect(evidenceNote({ ...alert, wording: { rule: 'violation', vars: { source: 'qa' } } })).toBe('质检上报');
    // A help request's words are quoted in its text already: not a second time below it.
    const help = {
      ...alert,
      evidence: { message: 'customer asks for a refund' },
      wording: { rule: 'help', vars: { agent: 'SunLi', team: 'south', message: 'customer asks for a refund' } },
    };
    expect(alertText(help)).toBe('SunLi（south）请求协助：“customer asks for a refund”');
    expect(evidenceNote(help)).toBeUndefined();
  });

  it("names the person and team as the page's roster has them now, and keeps the server's values for the unlisted", () => {
    setLocale('zh-CN');
    const help = {
      title: 'SunLi (team south) asks for help',
      agentId: 'SunLi',
      teamId: 'south',
      evidence: {},
      wording: { rule: 'help', vars: { agent: '孙丽', team: '南区', message: 'customer asks for a refund' } },
    } as unknown as Alert;
    expect(alertText(help)).toBe('孙丽（南区）请求协助：“customer asks for a refund”');
    // Renamed since the alert fired: the card says the new name.
    roster.load({
      agents: [{ id: 'SunLi', name: '孙丽丽', teamId: 'south', channel: 'human', active: true }],
      teams: [{ id: 'south', name: '南区二组', timeZone: 'Asia/Shanghai', supervisors: [] }],
      unlisted: [],
      unlistedTotal: 0,
    });
    expect(alertText(help)).toBe('孙丽丽（南区二组）请求协助：“customer asks for a refund”');
    expect(alertText({ ...help, agentId: 'nc-1', wording: { rule: 'help', vars: { agent: 'nc-1', team: '南区', message: 'x' } } })).toBe(
      'nc-1（南区二组）请求协助：“x”',
    );
    roster.load({ agents: [], teams: [], unlisted: [], unlistedTotal: 0 });
  });
});
