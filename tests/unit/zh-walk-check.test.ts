import { describe, expect, it } from 'vitest';
import { englishLeft } from '../e2e/zh-walk-check.js';

/** What the zh-CN walk (tests/e2e/web-zh-walk.test.ts) counts as English on a Chinese page. */
const check = (text: string, names: string[] = []) => englishLeft([{ page: 'p', where: 'w', text }], new Set(names)).map((f) => f.why);

describe('englishLeft', () => {
  it('names the English catalogue key a string came from', () => {
    expect(check('LIVE')).toEqual(['English catalogue: live']);
    expect(check('已确认 · Acknowledge')).toEqual(['English catalogue: sup.ack']);
  });

  it('finds raw rule, compliance, state and outcome ids as whole words', () => {
    expect(check('违规：frequency_cap')).toEqual(['raw code: frequency_cap']);
    expect(check('状态 on_call')).toEqual(['raw code: on_call']);
    expect(check('agent-hangups-3h')).toEqual(['raw code: agent-hangups-3h']);
    expect(check('结果 not_interested')).toEqual(['raw code: not_interested']);
  });

  it('finds English the catalogue never had: a label typed into a template, a unit', () => {
    expect(check('cooldownSeconds')).toEqual(['Latin word: cooldownSeconds']);
    expect(check('回测 (7 d)')).toEqual(['Latin word: d']);
  });

  it('passes Chinese, numbers, the floor’s names, words zh-CN itself keeps, and the other language’s name', () => {
    expect(check('实时 38.7% ¥7,422 12/01 22:38')).toEqual([]);
    expect(check('LiWei（north 组）', ['LiWei', 'north'])).toEqual([]);
    expect(check('FloorPulse 实时看板')).toEqual([]);
    expect(check('导出 CSV')).toEqual([]);
    expect(check('English')).toEqual([]);
  });
});
