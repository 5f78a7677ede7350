import { t } from './i18n';

/*
 * An import's refused row, in the page's language. The server names the column and says why in English
 * (`channel: must be human or robot`, server/src/agents/roster-csv.ts); the column stays as the file's
 * header has it, the reason is worded here. A reason not listed shows as the server wrote it.
 */
const REASONS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^must be agent or team$/, () => t('roster.err.kind')],
  [/^must be human or robot$/, () => t('roster.err.channel')],
  [/^must be active or left$/, () => t('roster.err.status')],
  [/^must not be empty$/, () => t('roster.err.empty')],
  [/^must be an IANA time zone/, () => t('roster.err.timeZone')],
  [/^must be at most (\d+) characters$/, (m) => t('roster.err.tooLong', { n: m[1]! })],
  [/^letters, digits and \. _ @ - only$/, () => t('roster.err.login')],
  [/^(agent|team) (.+) is on line (\d+) already$/, (m) => t('roster.err.repeated', { id: m[2]!, line: m[3]! })],
];

export function rowError(error: string): string {
  const cut = error.indexOf(': ');
  if (cut < 0) return error;
  const column = error.slice(0, cut);
  const reason = error.slice(cut + 2);
  for (const [re, word] of REASONS) {
    const m = reason.match(re);
    if (m) return `${column}${t('roster.err.colon')}${word(m)}`;
  }
  return error;
}
