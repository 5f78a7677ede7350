import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentState, callOutcome, DIAL_RULES } from '../../shared/src/index.js';
import { en } from '../../web/src/lib/messages-en.js';
import { zh } from '../../web/src/lib/messages-zh.js';

/**
 * What the zh-CN walk (web-zh-walk.test.ts) counts as English left on a Chinese page. Three checks on
 * every visible text and every title/placeholder/aria-label:
 * - a value of the English catalogue that zh-CN words differently (a key the page looked up in `en`,
 *   or a string someone copied from it);
 * - a raw code: a rule id (server/src/rules/defaults.json), a compliance rule (frequency_cap), a state
 *   (on_call) or an outcome (not_interested), as a whole word;
 * - any other Latin word that is neither in the zh-CN catalogue itself (SQL, CSV: the translation's own
 *   choice) nor a name the walk's floor gives (LiWei, north): hard-coded English that never reached the
 *   catalogue at all, like a field label typed into a template.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const defaults = JSON.parse(readFileSync(path.join(ROOT, 'server/src/rules/defaults.json'), 'utf8')) as { id: string }[];

export const RAW_CODES: ReadonlySet<string> = new Set([
  ...defaults.map((r) => r.id),
  ...DIAL_RULES,
  ...agentState.shape.state.options,
  ...callOutcome.shape.outcome.options,
  // Compliance rules QA systems send (docs/metrics.md), and the alert's own states and severities.
  'script_missing',
  'complaint',
  'open',
  'acknowledged',
  'snoozed',
  'resolved',
  'info',
  'warning',
  'critical',
]);

const LATIN_WORD = /[A-Za-z][A-Za-z0-9_'’-]*[A-Za-z0-9]|[A-Za-z]/g;
const words = (s: string): string[] => s.match(LATIN_WORD) ?? [];

/** Latin words the Chinese catalogue itself uses: the translator kept them (SQL, CSV, FloorPulse). */
const ZH_WORDS = new Set(Object.values(zh).flatMap((v) => words(v.replace(/\{\w+\}/g, ' '))));

/** The language switch names the other language in that language, as every switch does. */
const OTHER_LANGUAGE = new Set(['English']);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Each English value zh-CN words differently, as a pattern: its placeholders match anything, and it
 * must stand as whole words. Values with less than three letters of their own ("{n} s") are left to
 * the word check: as a pattern they would match every number.
 */
const CATALOGUE = Object.entries(en)
  .filter(([k, v]) => zh[k as keyof typeof zh] !== v)
  .map(([key, v]) => ({ key, literal: v.replace(/\{\w+\}/g, ' '), v }))
  .filter(({ literal }) => (literal.match(/[A-Za-z]/g) ?? []).length >= 3)
  .map(({ key, v }) => ({
    key,
    re: new RegExp(
      `(?<![A-Za-z])${v
        .split(/\{\w+\}/)
        .map((p) => escapeRe(p.trim()))
        .filter(Boolean)
        .join('[\\s\\S]*?')}(?![A-Za-z])`,
    ),
  }));

export interface Seen {
  page: string;
  where: string;
  text: string;
}
export interface Finding extends Seen {
  why: string;
}

/** The findings in what a page showed; `names`: the floor's people, teams and lines, shown as they are. */
export function englishLeft(seen: readonly Seen[], names: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const s of seen) {
    const foreign = (w: string) => !ZH_WORDS.has(w) && !names.has(w) && !OTHER_LANGUAGE.has(w);
    // An English value that is only a name or a word zh-CN keeps ("CSV", "FloorPulse") is no finding.
    const hit = CATALOGUE.find((c) => words(s.text.match(c.re)?.[0] ?? '').some(foreign));
    if (hit) {
      out.push({ ...s, why: `English catalogue: ${hit.key}` });
      continue;
    }
    const raw = words(s.text).find((w) => RAW_CODES.has(w));
    if (raw) {
      out.push({ ...s, why: `raw code: ${raw}` });
      continue;
    }
    const latin = words(s.text).find(foreign);
    if (latin) out.push({ ...s, why: `Latin word: ${latin}` });
  }
  // One line per distinct text and reason: a table of twenty rows with the same word is one finding.
  const key = (f: Finding) => `${f.why}\u0000${f.text}`;
  return [...new Map(out.map((f) => [key(f), f])).values()];
}

/**
 * Runs in the page: every visible text node and every title/placeholder/aria-label of a visible
 * element, with where it is. Code the page shows as code (an SQL box, the rule's JSON) is left out: it
 * is SQL and JSON in every language. A select's options count even while it is closed.
 */
export function collectInPage(page: string): Seen[] {
  const CODE = 'script,style,pre,code,textarea,[data-sql],.sql';
  const shown = (el: Element) => el.checkVisibility({ visibilityProperty: true });
  const where = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 3 && e !== document.body; e = e.parentElement) {
      const test = e.getAttribute('data-test');
      parts.unshift(`${e.tagName.toLowerCase()}${test ? `[data-test=${test}]` : e.classList[0] ? `.${e.classList[0]}` : ''}`);
    }
    return parts.join(' > ');
  };
  const out: Seen[] = [{ page, where: 'document.title', text: document.title }];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = (n.nodeValue ?? '').trim();
    if (!el || !text || el.closest(CODE)) continue;
    if (el.closest('option') ? !shown(el.closest('select') ?? el) : !shown(el)) continue;
    out.push({ page, where: where(el), text });
  }
  for (const el of document.querySelectorAll('[title],[placeholder],[aria-label],input[type=button],input[type=submit]')) {
    if (el.closest(CODE) || !shown(el)) continue;
    for (const a of ['title', 'placeholder', 'aria-label', 'value']) {
      if (a === 'value' && !(el instanceof HTMLInputElement && /^(button|submit)$/.test(el.type))) continue;
      const v = el.getAttribute(a)?.trim();
      if (v) out.push({ page, where: `${where(el)} @${a}`, text: v });
    }
  }
  return out;
}
