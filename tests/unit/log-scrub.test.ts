import { describe, expect, it } from 'vitest';
import { scrubPhones } from '../../server/src/ops/logger.js';

describe('the log scrubber', () => {
  it.each([
    ['008613800001234', '13800001234'],
    ['(138) 0000-1234', '1380000'],
    ['0138-0000-1234', '1380000'],
    ['１３８００００１２３４', '１３８００００'],
    ['+1 (415) 555-0100', '5550100'],
    ['+8613912345678', '13912345678'],
    ['139 1234 5678', '1391234'],
    ['86-13912345678', '13912345678'],
    ['+442079460958', '2079460958'],
  ])('scrubs %s', (phone) => {
    const line = `{"level":"error","time":1795134682478,"msg":"dial to ${phone} failed","n":12}`;
    expect(scrubPhones(line)).toBe('{"level":"error","time":1795134682478,"msg":"dial to [phone] failed","n":12}');
  });

  it('scrubs several numbers in one line, glued to text or not', () => {
    expect(scrubPhones('call +8613912345678 or 139 1234 5678 or +442079460958')).toBe('call [phone] or [phone] or [phone]');
    expect(scrubPhones('{"id":"call13800001234","msg":"请回电13800001234谢谢"}')).toBe('{"id":"call[phone]","msg":"请回电[phone]谢谢"}');
  });

  it.each([
    '{"time":1795134682478,"id":"e139","n":12}',
    '{"time":1790489895921,"pid":48213,"hostname":"fp-1","port":3000}',
    '{"time":1764574200000,"msg":"stored","count":2000,"ms":13.806123456}',
    '{"msg":"live windows rebuilt from ClickHouse","events":1234567,"from":"2026-11-20T07:30:00.000Z"}',
    '{"agent":"8001","ext":"8001","team":"north-2"}',
  ])('leaves epoch milliseconds and ordinary numbers alone: %s', (line) => {
    expect(scrubPhones(line)).toBe(line);
  });
});
