// @vitest-environment happy-dom

import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../web/src/lib/i18n';
import { rowError } from '../../web/src/lib/roster-errors';

afterEach(() => setLocale('en'));

describe("an import's refused row in the page's language", () => {
  it('words the reasons the roster import gives in Chinese, keeping the column as the file names it', () => {
    setLocale('zh-CN');
    expect(rowError('channel: must be human or robot')).toBe('channel：应为 human（人工）或 robot（机器人线路）');
    expect(rowError('time_zone: must be an IANA time zone such as Asia/Shanghai')).toBe('time_zone：应为 IANA 时区，例如 Asia/Shanghai');
    expect(rowError('id: agent ZhangMin is on line 3 already')).toBe('id：ZhangMin 已在第 3 行出现');
    expect(rowError('name: must be at most 80 characters')).toBe('name：最多 80 个字符');
  });

  it('says the same as the server in English, and shows a reason it does not know as the server wrote it', () => {
    setLocale('en');
    expect(rowError('status: must be active or left')).toBe('status: must be active or left');
    setLocale('zh-CN');
    expect(rowError('the row has 12 cells, the header 9 columns')).toBe('the row has 12 cells, the header 9 columns');
    expect(rowError('name: is not well-formed Unicode')).toBe('name: is not well-formed Unicode');
  });
});
